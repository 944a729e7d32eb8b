package io.jiotests.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.compare.SparseCopy;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataExtentsTest {

    @TempDir
    Path dir;

    @Test
    void holesAndWrittenZeroesHashAlikeAndDataDiffers() throws Exception {
        Path sparse = dir.resolve("sparse");
        Path dense = dir.resolve("dense");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(4 << 20);
            f.seek(1 << 20);
            f.write(new byte[] {1, 2, 3});
        }
        byte[] all = new byte[4 << 20];
        all[1 << 20] = 1;
        all[(1 << 20) + 1] = 2;
        all[(1 << 20) + 2] = 3;
        Files.write(dense, all);
        assertThat(DataExtents.contentDigest(sparse)).isEqualTo(DataExtents.contentDigest(dense));
        all[5] = 9;
        Files.write(dense, all);
        assertThat(DataExtents.contentDigest(sparse)).isNotEqualTo(DataExtents.contentDigest(dense));
        Files.write(dense, new byte[(4 << 20) + 1]);
        Path empty = dir.resolve("empty");
        try (RandomAccessFile f = new RandomAccessFile(empty.toFile(), "rw")) {
            f.setLength(4 << 20);
        }
        assertThat(DataExtents.contentDigest(empty)).as("size is part of the digest").isNotEqualTo(DataExtents.contentDigest(dense));
    }

    @Test
    void aFiveTerabyteSparseFileHashesAndCopiesQuickly() throws Exception {
        Path huge = dir.resolve("huge");
        long size = 5L << 40;
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(size);
            f.seek(size - 4096);
            f.write(7);
        }
        long t0 = System.nanoTime();
        assertThat(DataExtents.of(huge)).hasSizeLessThan(4)
                .allSatisfy(e -> assertThat(e.end() - e.start()).isLessThan(1 << 20));
        String digest = DataExtents.contentDigest(huge);
        Path copy = dir.resolve("copy");
        SparseCopy.copy(huge, copy);
        assertThat(Files.size(copy)).isEqualTo(size);
        assertThat(DataExtents.contentDigest(copy)).isEqualTo(digest);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }
}
