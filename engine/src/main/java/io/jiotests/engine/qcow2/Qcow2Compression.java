package io.jiotests.engine.qcow2;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Decompression of compressed clusters: raw deflate (zlib) or zstd, as compression_type says. */
final class Qcow2Compression {
    private Qcow2Compression() {
    }

    /** Fills {@code out} completely from {@code in}; false if the data is not valid. */
    static boolean decompress(int type, byte[] in, byte[] out) {
        return type == Qcow2Header.COMPRESSION_ZSTD ? zstd(in, out) : zlib(in, out);
    }

    private static boolean zlib(byte[] in, byte[] out) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(in);
            int done = 0;
            while (done < out.length) {
                int n = inf.inflate(out, done, out.length - done);
                if (n == 0) {
                    if (inf.finished() || inf.needsInput() || inf.needsDictionary()) {
                        break;
                    }
                }
                done += n;
            }
            return done == out.length;
        } catch (DataFormatException e) {
            return false;
        } finally {
            inf.end();
        }
    }

    private static boolean zstd(byte[] in, byte[] out) {
        try (InputStream z = new com.github.luben.zstd.ZstdInputStream(new ByteArrayInputStream(in))) {
            int done = 0;
            while (done < out.length) {
                int n = z.read(out, done, out.length - done);
                if (n < 0) {
                    return false;
                }
                done += n;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
