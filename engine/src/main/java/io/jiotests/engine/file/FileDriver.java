package io.jiotests.engine.file;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The "file" protocol: a host file accessed with positional I/O (QEMU's file-posix). */
public final class FileDriver implements BlockDriver {
    /** Open options this protocol understands (the rest are rejected as QEMU does). */
    private static final Set<String> OPEN_OPTIONS = Set.of("filename", "locking", "aio", "aio-max-batch",
            "pr-manager", "x-check-cache-dropped", "discard", "cache.direct", "cache.no-flush",
            "read-only", "auto-read-only", "detect-zeroes", "node-name", "force-share", "drop-cache");

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Kind kind() {
        return Kind.PROTOCOL;
    }

    @Override
    public String protocolPrefix() {
        return "file";
    }

    /**
     * Starts binding the libc calls every image open needs on a daemon thread (process start-up
     * of the command-line tools: the work overlaps with argument parsing and driver loading).
     */
    public static void warmUpInBackground() {
        // an anonymous class, not a method reference: no lambda to spin at start-up
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                PosixLib.warmUp();
            }
        }, "posix-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Whether standard input and standard output are both terminals ({@link java.io.Console#isTerminal},
     * which is isatty on both), or null when the answer would cost more than the Console: the
     * check goes through the JNI shim when the launcher named it (the FFM binding's first call is
     * far dearer). The class initialisation of java.io.Console instantiates every console provider
     * of the boot layer (jdk.internal.le, jdk.jshell): a few ms of a tool's start-up.
     */
    public static Boolean stdinAndStdoutAreTerminals() {
        if (!PosixLib.usesJni()) {
            return null;
        }
        return PosixLib.isTerminal(0) && PosixLib.isTerminal(1);
    }

    /** The host path of a filename, without a "file:" prefix. */
    public static String hostPath(String filename) {
        return filename.startsWith("file:") ? filename.substring(5) : filename;
    }

    @Override
    public OptionSchema createOptions() {
        return OptionSchema.of(
                OptionSpec.size("extent_size_hint", "Extent size hint for the image file, 0 to disable"),
                OptionSpec.flag("nocow", "Turn off copy-on-write (valid only on btrfs)", null),
                OptionSpec.string("preallocation", "Preallocation mode (allowed values: off, falloc, full)"),
                OptionSpec.size("size", "Virtual disk size"));
    }

    @Override
    public boolean supportsCreate() {
        return true;
    }

    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry) throws BlockException {
        // like file-posix: a new file's length is the requested size rounded up to whole 512-byte sectors
        long size = roundUpToSector(opts.getSize("size", 0));
        Preallocation prealloc = parsePrealloc(opts.get("preallocation"));
        boolean unsupported = prealloc == Preallocation.METADATA;
        opts.getFlag("nocow", false);
        opts.getSize("extent_size_hint", 1 << 20);
        String host = hostPath(filename);
        String base = opts.get(io.jiotests.engine.block.BlockOpener.CWD_OPTION);
        String target = base != null ? Path.of(base).resolve(host).toString() : host;
        int fd;
        try {
            fd = PosixLib.open(target, PosixLib.O_RDWR | PosixLib.O_CREAT, 0644);
        } catch (PosixLib.PosixException e) {
            throw BlockException.withErrno(e.asErrno(), "Could not create '" + host + "'");
        }
        try {
            // like file-posix: write and resize the new file, let nobody else resize it, and refuse
            // before truncating when another user forbids writing (e.g. convert onto its source)
            try {
                ImageLock.apply(fd, ImageLock.PERM_WRITE | ImageLock.PERM_RESIZE,
                        ImageLock.PERM_ALL & ~ImageLock.PERM_RESIZE);
            } catch (BlockException e) {
                throw new BlockException(e.errno(), e.getMessage()
                        + "\nIs another process using the image [" + host + "]?");
            }
            PosixLib.ftruncate(fd, 0);
            if (unsupported) {
                // like file-posix: the file is created (empty) before the mode is refused
                throw new BlockException(Errno.ENOTSUP, "Unsupported preallocation mode: " + prealloc.qemuName());
            }
            switch (prealloc) {
                case FALLOC -> {
                    PosixLib.ftruncate(fd, size);
                    if (size > 0) {
                        PosixLib.fallocate(fd, 0, 0, size);
                    }
                }
                case FULL -> writeZeroes(target, size);
                default -> {
                    PosixLib.ftruncate(fd, size);
                    allocateFirstBlock(target, size);
                }
            }
        } catch (PosixLib.PosixException e) {
            throw BlockException.withErrno(e.asErrno(), "Could not resize file");
        } finally {
            PosixLib.close(fd);
        }
    }

    /** How much of a file that grows from empty is written with zeroes (QEMU's alignment probe block). */
    static final int FIRST_BLOCK_BYTES = 4096;

    /**
     * Like file-posix, a file that grows from empty without preallocation gets its first block
     * written with zeroes, so that later alignment probing finds allocated data there; this is why
     * qemu-img map shows the first 4 KiB of a new raw image as data. Failure is harmless.
     */
    static void allocateFirstBlock(String host, long size) {
        int n = (int) Math.min(FIRST_BLOCK_BYTES, size);
        if (n <= 0) {
            return;
        }
        try (var ch = java.nio.channels.FileChannel.open(Path.of(host), java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer zero = ByteBuffer.allocate(n);
            while (zero.hasRemaining()) {
                ch.write(zero, zero.position());
            }
        } catch (java.io.IOException e) {
            // only an optimisation of later alignment probing, as in QEMU: ignore
        }
    }

    static long roundUpToSector(long size) {
        return size > Long.MAX_VALUE - 511 || size < 0 ? size : (size + 511) & ~511L;
    }

    private static void writeZeroes(String host, long size) throws BlockException {
        try (var ch = java.nio.channels.FileChannel.open(Path.of(host),
                java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer zero = ByteBuffer.allocateDirect(1 << 20);
            long pos = 0;
            while (pos < size) {
                zero.clear().limit((int) Math.min(zero.capacity(), size - pos));
                while (zero.hasRemaining()) {
                    pos += ch.write(zero, pos);
                }
            }
            ch.force(false);
        } catch (java.io.IOException e) {
            throw BlockException.withErrno(Errno.EIO, "Could not preallocate data for the new file");
        }
    }

    /** Parses the file protocol's preallocation option ("off" when unset). */
    static Preallocation parsePrealloc(String value) throws BlockException {
        if (value == null) {
            return Preallocation.OFF;
        }
        Preallocation p;
        try {
            p = Preallocation.parse(value);
        } catch (BlockException e) {
            throw new BlockException(Errno.EINVAL, "invalid parameter value: " + value);
        }
        return p;
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        Map<String, String> o = ctx.options();
        for (String key : o.keySet()) {
            if (!OPEN_OPTIONS.contains(key) && !key.startsWith("x-jiotests-")) {
                throw new BlockException(Errno.EINVAL,
                        "Block protocol 'file' doesn't support the option '" + key + "'");
            }
        }
        String filename = o.getOrDefault("filename", ctx.filename());
        if (filename == null || filename.isEmpty()) {
            throw new BlockException(Errno.EINVAL, "The 'file' block driver requires a file name");
        }
        String locking = o.getOrDefault("locking", "auto");
        boolean lock = switch (locking) {
            case "on", "auto" -> true;
            case "off" -> false;
            default -> throw new BlockException(Errno.EINVAL, "invalid parameter value: " + locking);
        };
        String host = hostPath(filename);
        String base = o.get("x-jiotests-cwd");
        Path path = base != null ? Path.of(base).resolve(host) : Path.of(host);
        return new FileNode(this, host, path, ctx.flags(), lock,
                ImageLock.Role.parse(o.get(io.jiotests.engine.block.BlockOpener.CHILD_ROLE_OPTION)));
    }
}
