package io.jiotests.engine.block;

import java.util.Arrays;

/**
 * What every format driver shares: its name, the {@link Kind#FORMAT} kind, its creation options
 * (a driver made without them cannot create images, as bochs and cloop), and the protocol child
 * that its open and create start from.
 */
public abstract class FormatDriverBase implements BlockDriver {
    private final String name;
    private final OptionSchema createOptions;

    /** A format that cannot create images. */
    protected FormatDriverBase(String name) {
        this.name = name;
        this.createOptions = null;
    }

    /** A format whose {@code qemu-img create} takes {@code createOptions}. */
    protected FormatDriverBase(String name, OptionSchema createOptions) {
        this.name = name;
        this.createOptions = createOptions;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Kind kind() {
        return Kind.FORMAT;
    }

    @Override
    public final OptionSchema createOptions() {
        return createOptions == null ? OptionSchema.empty() : createOptions;
    }

    @Override
    public final boolean supportsCreate() {
        return createOptions != null;
    }

    /** The protocol node an open reads this format from; EINVAL when the open has none. */
    protected final BlockNode protocolChild(OpenContext ctx) throws BlockException {
        BlockNode file = ctx.file();
        if (file == null) {
            throw new BlockException(Errno.EINVAL, name + " needs a protocol node below it");
        }
        return file;
    }

    /**
     * The first step of a create: the protocol file made empty with the options that are not this
     * format's own (see {@link ImageCreator#createEmptyProtocolFile}). Returns its protocol.
     */
    protected final BlockDriver createEmptyProtocolFile(String filename, OptionValues opts,
                                                        DriverRegistry registry) throws BlockException {
        return ImageCreator.createEmptyProtocolFile(registry, filename, opts, createOptions());
    }

    /** A probe score: 100 when the first {@code magic.length} of {@code length} header bytes are magic. */
    protected static int probeMagic(byte[] header, int length, byte[] magic) {
        if (length < magic.length) {
            return 0;
        }
        return Arrays.equals(header, 0, magic.length, magic, 0, magic.length) ? 100 : 0;
    }
}
