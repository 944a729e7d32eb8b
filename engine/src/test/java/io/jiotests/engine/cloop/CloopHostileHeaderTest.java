package io.jiotests.engine.cloop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.HeaderPokes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A cloop image built here (three 64 KiB zlib blocks with patterns, a truncated stream in none),
 * then header, offset table and data poked to hostile values (big endian): probing, qemu-img info
 * / map / convert and read-only qemu-io reads give the same output, exit code and converted bytes
 * through jqemu as through QEMU.
 */
class CloopHostileHeaderTest {
    private static final int BLOCK = 65536;
    private static final int BLOCKS = 3;
    private static final String PREAMBLE = "#!/bin/sh\n#V2.0 Format\n"
            + "modprobe cloop file=$0 && mount -r -t iso9660 /dev/cloop $1\n";

    @TempDir
    Path dir;

    static byte[] build() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long[] offsets = new long[BLOCKS + 1];
        long start = 136 + 8L * (BLOCKS + 1);
        for (int i = 0; i < BLOCKS; i++) {
            byte[] plain = new byte[BLOCK];
            for (int k = 0; k < BLOCK; k++) {
                plain[k] = (byte) (i == 1 ? (k / 512) : 0x20 + i);
            }
            Deflater d = new Deflater(9);
            d.setInput(plain);
            d.finish();
            byte[] out = new byte[BLOCK * 2];
            int n = d.deflate(out);
            d.end();
            offsets[i] = start + data.size();
            data.write(out, 0, n);
        }
        offsets[BLOCKS] = start + data.size();
        ByteBuffer b = ByteBuffer.allocate((int) offsets[BLOCKS]).order(ByteOrder.BIG_ENDIAN);
        b.put(0, PREAMBLE.getBytes(StandardCharsets.US_ASCII));
        b.putInt(128, BLOCK);
        b.putInt(132, BLOCKS);
        for (int i = 0; i <= BLOCKS; i++) {
            b.putLong(136 + 8 * i, offsets[i]);
        }
        b.put((int) start, data.toByteArray());
        return b.array();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "''",                             // the image as built
        "0x00:1:0x41",                    // preamble (the probe fails; -f cloop still opens)
        "128:4:1000",                     // block size not a multiple of 512
        "128:4:0",                        // zero
        "128:4:0x4000200",                // above 64 MiB
        "128:4:0x4000000",                // exactly 64 MiB: the streams are too short
        "128:4:32768",                    // smaller than the streams' output
        "132:4:0x20000000",               // n_blocks past the overflow guard
        "132:4:0x4000000",                // an offset table above 512 MiB
        "132:4:0x3ffffff",                // the largest table, nearly all past the end of the file
        "132:4:2",                        // fewer blocks than the file has
        "132:4:0",                        // no blocks
        "144:8:8",                        // offsets decreasing
        "144:8:0x9000000",                // a block bigger than 128 MiB compressed
        "144:8:0xffffffffffffff00",       // offsets far past the end of the file
        "160:8:0x8000000000000000",       // a negative last offset
        "200:4:0x12345678",               // a corrupt stream in block 0
        "160:8:0",                        // the table ends early
    })
    void sameOutcomeAsQemu(String pokes) throws Exception {
        byte[] img = build();
        for (String name : List.of("q.cloop", "j.cloop")) {
            Files.write(dir.resolve(name), img);
            HeaderPokes.poke(dir.resolve(name), pokes, ByteOrder.BIG_ENDIAN);
        }
        for (List<String> args : List.of(List.of("info"), List.of("info", "--output=json", "-f", "cloop"),
                List.of("map", "--output=json", "-f", "cloop"))) {
            String[] r = HeaderPokes.both(dir, "qemu-img", args, "q.cloop", "j.cloop");
            assertThat(r[1]).as("%s with %s", args, pokes).isEqualTo(r[0]);
        }
        String[] io = HeaderPokes.both(dir, "qemu-io", List.of("-r", "-f", "cloop", "-c", "length",
                "-c", "read -v 0 32", "-c", "read -P 0x20 0 64k", "-c", "read -v 65536 16", "-c", "read -v 70000 16",
                "-c", "read -P 0x22 128k 64k", "-c", "read -v 65520 32", "-c", "map", "-c", "info"), "q.cloop", "j.cloop");
        assertThat(io[1]).as("qemu-io with %s", pokes).isEqualTo(io[0]);
        HeaderPokes.convertBoth(dir, "cloop", "q.cloop", "j.cloop", pokes);
    }
}
