package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionType;
import io.jiotests.engine.block.OptionValues;

/** The qcow2 format driver: probe, creation options, create and open. */
public final class Qcow2Driver extends FormatDriverBase {
    private static final OptionSchema CREATE_OPTIONS = OptionSchema.of(
            OptionSpec.size("size", "Virtual disk size"),
            OptionSpec.string("compat", "Compatibility level (v2 [0.10] or v3 [1.1])"),
            OptionSpec.string("backing_file", "File name of a base image"),
            OptionSpec.string("backing_fmt", "Image format of the base image"),
            OptionSpec.string("data_file", "File name of an external data file"),
            new OptionSpec("data_file_raw", OptionType.FLAG,
                    "The external data file must stay valid as a raw image", null),
            new OptionSpec("encryption", OptionType.FLAG,
                    "Encrypt the image with format 'aes'. (Deprecated in favor of "
                    + "encrypt.format=aes)", null),
            OptionSpec.string("encrypt.format", "Encrypt the image, format choices: 'aes', 'luks'"),
            OptionSpec.string("encrypt.key-secret",
                    "ID of secret providing qcow AES key or LUKS passphrase"),
            OptionSpec.string("encrypt.cipher-alg", "Name of encryption cipher algorithm"),
            OptionSpec.string("encrypt.cipher-mode", "Name of encryption cipher mode"),
            OptionSpec.string("encrypt.ivgen-alg", "Name of IV generator algorithm"),
            OptionSpec.string("encrypt.ivgen-hash-alg", "Name of IV generator hash algorithm"),
            OptionSpec.string("encrypt.hash-alg", "Name of encryption hash algorithm"),
            new OptionSpec("encrypt.iter-time", OptionType.NUMBER,
                    "Time to spend in PBKDF in milliseconds", null),
            new OptionSpec("cluster_size", OptionType.SIZE, "qcow2 cluster size", "65536"),
            OptionSpec.flag("extended_l2", "Extended L2 tables", "off"),
            OptionSpec.string("preallocation",
                    "Preallocation mode (allowed values: off, metadata, falloc, full)"),
            OptionSpec.flag("lazy_refcounts", "Postpone refcount updates", "off"),
            OptionSpec.number("refcount_bits", "Width of a reference count entry in bits", "16"),
            new OptionSpec("compression_type", OptionType.STRING,
                    "Compression method used for image cluster compression", "zlib"));

    public Qcow2Driver() {
        super("qcow2", CREATE_OPTIONS);
    }

    @Override
    public int probe(byte[] header, int length, String filename) {
        if (length >= 8 && Qcow2Io.be32(header, 0) == Qcow2Header.MAGIC) {
            int v = Qcow2Io.be32(header, 4);
            if (Integer.compareUnsigned(v, 2) >= 0) { // QEMU compares the unsigned field: 0xffffffff is qcow2 too
                return 100;
            }
        }
        return 0;
    }

    @Override
    public boolean supportsBacking() {
        return true;
    }

    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry)
            throws BlockException {
        Qcow2Create.Params p = Qcow2Create.parse(opts);
        Qcow2CryptoCreate.Spec encryption = Qcow2CryptoCreate.parse(opts, registry);
        BlockDriver proto = createEmptyProtocolFile(filename, opts, registry);
        BlockNode dataNode = null;
        try (BlockNode file = ImageCreator.openCreatedFile(proto, filename, opts, registry)) {
            if (p.dataFile() != null) {
                BlockDriver dataProto = createEmptyProtocolFile(p.dataFile(), opts, registry);
                dataNode = ImageCreator.openCreatedFile(dataProto, p.dataFile(), opts, registry);
            }
            Qcow2Create.format(file, dataNode, p);
            if (encryption != null) {
                Qcow2CryptoCreate.setUp(file, encryption);
            }
        } finally {
            if (dataNode != null) {
                dataNode.close();
            }
        }
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        BlockNode file = protocolChild(ctx);
        Qcow2State s = Qcow2Open.open(file, ctx.flags());
        Qcow2OpenOptions.validate(ctx.options(), s.clusterSize, s.header.cryptMethod != 0);
        s.crypto = Qcow2Crypto.open(s, ctx.options(), ctx.flags(), ctx.registry());
        Qcow2Node node = new Qcow2Node(this, ctx.filename(), ctx.flags(), s);
        if (s.header.hasDataFile()) {
            String name = ctx.options() == null ? null : ctx.options().get("data-file");
            if (name == null) {
                name = s.header.dataFile;
            }
            if (name == null) {
                if (!ctx.flags().noIo()) {
                    throw new BlockException(Errno.EINVAL, "'data-file' is required for this image");
                }
            } else if (ctx.registry() != null) {
                String cwd = ctx.options() == null ? null
                        : ctx.options().get(BlockOpener.CWD_OPTION);
                BlockDriver dataProto = ctx.registry().protocolFor(name);
                // qemu reports the data file's own open error without a prefix
                s.dataFile = dataProto.open(new OpenContext(name, BlockOpener.workingDirectoryOptions(cwd),
                        ctx.flags(), null, ctx.registry()));
            }
        }
        java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
        Qcow2OpenFixups.afterOpen(s, ctx.flags().checkOnly(), new java.io.PrintStream(report, true,
                java.nio.charset.StandardCharsets.UTF_8));
        node.addOpenMessages(report.toString(java.nio.charset.StandardCharsets.UTF_8));
        String warning = s.bitmaps.load();
        if (warning != null) {
            node.addOpenWarning(warning);
        }
        return node;
    }
}
