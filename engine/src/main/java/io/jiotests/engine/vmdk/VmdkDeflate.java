package io.jiotests.engine.vmdk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.zip.Deflater;

/**
 * Grain compression as QEMU does it for streamOptimized extents: zlib's {@code compress()} (zlib
 * format, default level). The system libz is called through the Foreign Function API so that the
 * stream is byte-identical to qemu-img's; without it java.util.zip's deflater (same format and
 * level) is used.
 */
final class VmdkDeflate {
    private static final MethodHandle COMPRESS;

    static {
        MethodHandle h = null;
        try {
            SymbolLookup z = SymbolLookup.libraryLookup("libz.so.1", Arena.global());
            h = Linker.nativeLinker().downcallHandle(z.find("compress").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        } catch (RuntimeException | LinkageError e) {
            h = null;
        }
        COMPRESS = h;
    }

    private VmdkDeflate() {
    }

    /** The zlib stream of {@code in}, or null when it does not fit in {@code limit} bytes. */
    static byte[] compress(byte[] in, int limit) {
        if (COMPRESS != null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment src = arena.allocate(Math.max(1, in.length));
                MemorySegment.copy(in, 0, src, ValueLayout.JAVA_BYTE, 0, in.length);
                MemorySegment dst = arena.allocate(limit);
                MemorySegment dstLen = arena.allocate(ValueLayout.JAVA_LONG);
                dstLen.set(ValueLayout.JAVA_LONG, 0, limit);
                int rc = (int) COMPRESS.invokeExact(dst, dstLen, src, (long) in.length);
                if (rc != 0) {
                    return null;
                }
                int n = (int) dstLen.get(ValueLayout.JAVA_LONG, 0);
                return dst.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            } catch (Throwable t) {
                if (t instanceof Error e) {
                    throw e;
                }
                // fall through to the Java deflater
            }
        }
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            d.setInput(in);
            d.finish();
            byte[] out = new byte[limit];
            int n = 0;
            while (!d.finished()) {
                if (n == limit) {
                    return null;
                }
                n += d.deflate(out, n, limit - n);
            }
            return java.util.Arrays.copyOf(out, n);
        } finally {
            d.end();
        }
    }
}
