package io.jiotests.engine.block;

/**
 * Creates an image (bdrv_create): finds the format driver, checks the options against the
 * format's and its protocol's creation options, and lets the format create its file through the
 * protocol. Error texts are qemu-img's (without the "filename: " prefix qemu-img adds).
 */
public final class ImageCreator {
    private ImageCreator() {
    }

    /** The creation options of {@code format} followed by those of the protocol of filename. */
    public static OptionSchema schema(DriverRegistry registry, BlockDriver format, String filename)
            throws BlockException {
        OptionSchema s = format.createOptions();
        if (format.kind() == BlockDriver.Kind.FORMAT && filename != null) {
            BlockDriver proto = new BlockOpener(registry, java.nio.file.Path.of(""), null)
                    .protocolForFilename(filename);
            s = s.merge(proto.createOptions());
        }
        return s;
    }

    public static void create(DriverRegistry registry, String format, String filename, OptionValues opts)
            throws BlockException {
        create(registry, format, filename, opts, null);
    }

    /** Creates with relative filenames resolved against {@code cwd} (a tool's working directory). */
    public static void create(DriverRegistry registry, String format, String filename, OptionValues opts,
                              java.nio.file.Path cwd) throws BlockException {
        BlockDriver drv = registry.find(format);
        if (drv == null) {
            throw new BlockException(Errno.EINVAL, "Unknown file format '" + format + "'");
        }
        if (!drv.supportsCreate()) {
            throw new BlockException(Errno.ENOTSUP, "Format driver '" + format + "' does not support image creation");
        }
        OptionSchema schema = schema(registry, drv, filename);
        for (String key : opts.asMap().keySet()) {
            if (!schema.contains(key)) {
                throw new BlockException(Errno.EINVAL, "Invalid parameter '" + key + "'");
            }
        }
        if (cwd != null) {
            opts = new OptionValues(opts.asMap()).set(BlockOpener.CWD_OPTION, cwd.toString());
        }
        drv.create(filename, opts, registry);
    }

    /**
     * The first step of a format's create: the protocol file made empty, with the options that
     * are not the format's own (size 0: the format writes what it needs). Returns its protocol.
     */
    public static BlockDriver createEmptyProtocolFile(DriverRegistry registry, String filename, OptionValues opts,
                                                      OptionSchema formatOptions) throws BlockException {
        BlockDriver proto = registry.protocolFor(filename);
        if (proto == null) {
            throw new BlockException(Errno.ENOTSUP, "Unknown protocol for '" + filename + "'");
        }
        OptionValues protoOpts = new OptionValues();
        for (var e : opts.asMap().entrySet()) {
            if (!formatOptions.contains(e.getKey())) {
                protoOpts.set(e.getKey(), e.getValue());
            }
        }
        protoOpts.set("size", "0");
        proto.create(filename, protoOpts, registry);
        return proto;
    }

    /**
     * Writes {@code length} bytes of {@code value} at {@code offset}, in explicit writes of at most
     * 1 MiB (the tables a create initialises: written, not left as holes).
     */
    public static void fill(BlockNode file, long offset, long length, byte value) throws BlockException {
        byte[] chunk = new byte[(int) Math.min(length, 1 << 20)];
        java.util.Arrays.fill(chunk, value);
        for (long done = 0; done < length; done += chunk.length) {
            file.pwrite(offset + done, java.nio.ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, length - done)), 0);
        }
    }

    /** Opens a file just made by {@link #createEmptyProtocolFile} read-write, in the creating tool's directory. */
    public static BlockNode openCreatedFile(BlockDriver proto, String filename, OptionValues opts,
                                            DriverRegistry registry) throws BlockException {
        return proto.open(new OpenContext(filename, BlockOpener.workingDirectoryOptions(opts.get(BlockOpener.CWD_OPTION)),
                OpenFlags.readWrite(), null, registry));
    }
}
