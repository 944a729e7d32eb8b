package io.jiotests.engine.qcow2;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Cluster compression through the system's libz and libzstd (the libraries qemu-img itself uses),
 * called with the Foreign Function API, so that compressed clusters are byte-identical to QEMU's:
 * raw deflate with default level, window bits -12 and memLevel 9; zstd's streaming API at its
 * default level with one ZSTD_e_end call.
 */
public final class Qcow2NativeCompressor {
    /** The output would not fit: store the cluster uncompressed. */
    static final int TOO_BIG = -1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final int Z_STREAM_SIZE = 112;
    private static MethodHandle deflateInit2;
    private static MethodHandle deflate;
    private static MethodHandle deflateEnd;
    private static MethodHandle zstdCreate;
    private static MethodHandle zstdFree;
    private static MethodHandle zstdCompressStream2;
    private static MethodHandle zstdIsError;
    private static String zlibError;
    private static String zstdError;

    static {
        try {
            SymbolLookup z = SymbolLookup.libraryLookup("libz.so.1", Arena.global());
            deflateInit2 = LINKER.downcallHandle(z.find("deflateInit2_").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT));
            deflate = LINKER.downcallHandle(z.find("deflate").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT));
            deflateEnd = LINKER.downcallHandle(z.find("deflateEnd").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        } catch (RuntimeException | LinkageError e) {
            zlibError = String.valueOf(e.getMessage());
        }
        try {
            SymbolLookup zs = SymbolLookup.libraryLookup("libzstd.so.1", Arena.global());
            zstdCreate = LINKER.downcallHandle(zs.find("ZSTD_createCCtx").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            zstdFree = LINKER.downcallHandle(zs.find("ZSTD_freeCCtx").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
            zstdCompressStream2 = LINKER.downcallHandle(
                    zs.find("ZSTD_compressStream2").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            zstdIsError = LINKER.downcallHandle(zs.find("ZSTD_isError").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        } catch (RuntimeException | LinkageError e) {
            zstdError = String.valueOf(e.getMessage());
        }
    }

    private Qcow2NativeCompressor() {
    }

    /**
     * Raw deflate of {@code src} into at most {@code destSize} bytes with QEMU's zlib parameters
     * (also those of the qcow version 1 driver), or null if it does not fit.
     */
    public static byte[] deflateRaw(byte[] src, int destSize) throws java.io.IOException {
        return compress(Qcow2Header.COMPRESSION_ZLIB, src, destSize);
    }

    /** Why compression of this type is unavailable, or null if it is available. */
    static String unavailable(int type) {
        return type == Qcow2Header.COMPRESSION_ZSTD ? zstdError : zlibError;
    }

    /**
     * Compresses {@code src} into at most {@code destSize} bytes; returns the compressed bytes,
     * or null if they would not fit.
     */
    static byte[] compress(int type, byte[] src, int destSize) throws java.io.IOException {
        String err = unavailable(type);
        if (err != null) {
            throw new java.io.IOException("compression library unavailable: " + err);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(Math.max(1, src.length));
            MemorySegment.copy(src, 0, in, ValueLayout.JAVA_BYTE, 0, src.length);
            MemorySegment out = arena.allocate(Math.max(1, destSize));
            long produced = type == Qcow2Header.COMPRESSION_ZSTD
                    ? zstd(arena, in, src.length, out, destSize)
                    : zlib(arena, in, src.length, out, destSize);
            if (produced < 0) {
                return null;
            }
            byte[] r = new byte[(int) produced];
            MemorySegment.copy(out, ValueLayout.JAVA_BYTE, 0, r, 0, r.length);
            return r;
        } catch (java.io.IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new java.io.IOException(t);
        }
    }

    private static long zlib(Arena arena, MemorySegment in, int inLen, MemorySegment out,
                             int outLen) throws Throwable {
        MemorySegment strm = arena.allocate(Z_STREAM_SIZE, 8);
        MemorySegment version = arena.allocateFrom("1.2.13");
        int r = (int) deflateInit2.invokeExact(strm, -1, 8, -12, 9, 0, version, Z_STREAM_SIZE);
        if (r != 0) {
            throw new java.io.IOException("deflateInit2 failed: " + r);
        }
        try {
            strm.set(ValueLayout.ADDRESS, 0, in);
            strm.set(ValueLayout.JAVA_INT, 8, inLen);
            strm.set(ValueLayout.ADDRESS, 24, out);
            strm.set(ValueLayout.JAVA_INT, 32, outLen);
            int ret = (int) deflate.invokeExact(strm, 4);
            if (ret == 1) {
                return outLen - Integer.toUnsignedLong(strm.get(ValueLayout.JAVA_INT, 32));
            }
            if (ret == 0) {
                return TOO_BIG;
            }
            throw new java.io.IOException("deflate failed: " + ret);
        } finally {
            int ignored = (int) deflateEnd.invokeExact(strm);
        }
    }

    private static long zstd(Arena arena, MemorySegment in, int inLen, MemorySegment out,
                             int outLen) throws Throwable {
        MemorySegment cctx = (MemorySegment) zstdCreate.invokeExact();
        if (cctx.address() == 0) {
            throw new java.io.IOException("ZSTD_createCCtx failed");
        }
        try {
            MemorySegment outBuf = arena.allocate(24, 8);
            outBuf.set(ValueLayout.ADDRESS, 0, out);
            outBuf.set(ValueLayout.JAVA_LONG, 8, outLen);
            outBuf.set(ValueLayout.JAVA_LONG, 16, 0);
            MemorySegment inBuf = arena.allocate(24, 8);
            inBuf.set(ValueLayout.ADDRESS, 0, in);
            inBuf.set(ValueLayout.JAVA_LONG, 8, inLen);
            inBuf.set(ValueLayout.JAVA_LONG, 16, 0);
            long r = (long) zstdCompressStream2.invokeExact(cctx, outBuf, inBuf, 2);
            if ((int) zstdIsError.invokeExact(r) != 0) {
                throw new java.io.IOException("ZSTD_compressStream2 failed");
            }
            if (r > 0) {
                return TOO_BIG;
            }
            return outBuf.get(ValueLayout.JAVA_LONG, 16);
        } finally {
            long ignored = (long) zstdFree.invokeExact(cctx);
        }
    }
}
