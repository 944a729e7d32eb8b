package io.jiotests.harness.run;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The data extents of a (possibly sparse) file via lseek(SEEK_DATA / SEEK_HOLE), so that a 5 TB
 * sparse image is hashed or copied in time proportional to its data. Where the file system cannot
 * tell, the whole file is one data extent.
 */
public final class DataExtents {

    /** A range [start, end) of the file that may hold data. */
    public record Extent(long start, long end) {
    }

    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENXIO = 6;
    private static final int BLOCK = 1 << 16;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN;
    private static final MethodHandle LSEEK;
    private static final MethodHandle CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        OPEN = linker.downcallHandle(libc.find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        LSEEK = linker.downcallHandle(libc.find("lseek").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
                Linker.Option.captureCallState("errno"));
        CLOSE = linker.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private DataExtents() {
    }

    /** The data extents of a file, in order; the whole file if holes cannot be found. */
    public static List<Extent> of(Path file) throws IOException {
        long size = Files.size(file);
        List<Extent> whole = size == 0 ? List.of() : List.of(new Extent(0, size));
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), 0);
            if (fd < 0) {
                return whole;
            }
            try {
                MemorySegment state = arena.allocate(CALL_STATE);
                List<Extent> out = new ArrayList<>();
                long pos = 0;
                while (pos < size) {
                    long data = (long) LSEEK.invokeExact(state, fd, pos, SEEK_DATA);
                    if (data < 0) {
                        int errno = (int) ERRNO.get(state, 0L);
                        if (errno == ENXIO) {
                            break;
                        }
                        return whole;
                    }
                    long hole = (long) LSEEK.invokeExact(state, fd, data, SEEK_HOLE);
                    if (hole < 0) {
                        hole = size;
                    }
                    out.add(new Extent(data, Math.min(hole, size)));
                    pos = hole;
                }
                return out;
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            return whole;
        }
    }

    /**
     * A SHA-256 digest of the file's contents that is independent of how they are stored: the
     * file size and every 64 KiB block (at its absolute index) that is not all zeroes. Holes and
     * written zeroes hash alike; only data extents are read.
     */
    public static String contentDigest(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = Files.size(file);
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        ByteBuffer index = ByteBuffer.allocate(8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long next = 0;
            for (Extent e : of(file)) {
                for (long b = Math.max(next, e.start() / BLOCK); b * BLOCK < e.end(); b++) {
                    long off = b * BLOCK;
                    block.clear().limit((int) Math.min(BLOCK, size - off));
                    long p = off;
                    while (block.hasRemaining()) {
                        int n = ch.read(block, p);
                        if (n < 0) {
                            break;
                        }
                        p += n;
                    }
                    block.flip();
                    if (!allZero(block)) {
                        md.update(index.clear().putLong(b).flip());
                        md.update(block);
                    }
                    next = b + 1;
                }
            }
        }
        md.update(ByteBuffer.allocate(8).putLong(size).flip());
        return HexFormat.of().formatHex(md.digest());
    }

    static boolean allZero(ByteBuffer b) {
        int i = b.position();
        for (; i + 8 <= b.limit(); i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
