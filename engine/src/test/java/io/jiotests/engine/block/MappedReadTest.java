package io.jiotests.engine.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BlockNode.mapRead (zero-copy reads for convert and compare): a mapping holds exactly what a pread
 * of the same range reads, at unaligned offsets, across holes and up to the end of the file; and
 * every range a mapping cannot serve as a pread would (past the end, O_DIRECT, qcow2 ranges that
 * are not one run of plain data clusters, writable nodes) gets null, so callers pread.
 */
class MappedReadTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    /** 3 MiB + 100 bytes: random data, a 1 MiB hole from 1 MiB on, random data again. */
    private Path sparseFile() throws Exception {
        Path p = dir.resolve("f.raw");
        Random r = new Random(9);
        byte[] a = new byte[MIB];
        r.nextBytes(a);
        byte[] b = new byte[MIB + 100];
        r.nextBytes(b);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(a), 0);
            ch.write(ByteBuffer.wrap(b), 2L * MIB);
        }
        return p;
    }

    private BlockNode open(Path p, String format, Map<String, String> options, OpenFlags flags) throws Exception {
        return new BlockOpener(DriverRegistry.loadDefault(), dir, null).open(p.toString(), format, options, flags);
    }

    private static ByteBuffer pread(BlockNode n, long off, int len) throws BlockException {
        ByteBuffer b = ByteBuffer.allocate(len);
        n.pread(off, b);
        return b.flip();
    }

    private static void assertMapsAsRead(BlockNode n, long off, int len) throws BlockException {
        try (MappedRange m = n.mapRead(off, len)) {
            assertThat(m).as("mapping of [%d, +%d)", off, len).isNotNull();
            assertThat(m.length()).isEqualTo(len);
            ByteBuffer data = m.data();
            assertThat(data.position()).isZero();
            assertThat(data.remaining()).isEqualTo(len);
            assertThat(data.isReadOnly()).isTrue();
            assertThat(data.mismatch(pread(n, off, len))).as("first difference").isEqualTo(-1);
        }
    }

    @Test
    void rawFileMappingsHoldWhatPreadReads() throws Exception {
        Path p = sparseFile();
        long size = 3L * MIB + 100;
        try (BlockNode n = open(p, "raw", Map.of(), OpenFlags.readOnly())) {
            assertMapsAsRead(n, 0, MIB);
            assertMapsAsRead(n, 4097, 70_000);              // unaligned start and length
            assertMapsAsRead(n, MIB - 10, MIB + 20);        // data, the whole hole, data
            assertMapsAsRead(n, size - 5000, 5000);         // ends exactly at the end of the file
            assertMapsAsRead(n, size - 1, 1);
            assertThat(n.mapRead(size - 4999, 5000)).as("one byte past the end").isNull();
            assertThat(n.mapRead(size, 1)).isNull();
            assertThat(n.mapRead(0, 0)).isNull();
            assertThat(n.mapRead(-1, 10)).isNull();
        }
    }

    @Test
    void rawOffsetAndSizeOptionsShiftAndBoundTheMapping() throws Exception {
        Path p = sparseFile();
        try (BlockNode n = open(p, "raw", Map.of("offset", "512", "size", "2097152"), OpenFlags.readOnly())) {
            assertMapsAsRead(n, 0, 4096);
            assertMapsAsRead(n, 2 * MIB - 4096, 4096);
            assertThat(n.mapRead(2 * MIB - 4096, 4097)).as("past the fixed size").isNull();
        }
    }

    @Test
    void aClosedMappingCannotBeReadAndODirectIsNotMapped() throws Exception {
        Path p = sparseFile();
        try (BlockNode n = open(p, "raw", Map.of(), OpenFlags.readOnly())) {
            MappedRange m = n.mapRead(0, 4096);
            ByteBuffer data = m.data();
            m.close();
            assertThatThrownBy(() -> data.get(0)).isInstanceOf(IllegalStateException.class);
        }
        try (BlockNode n = open(p, "raw", Map.of(), OpenFlags.readWrite())) {
            assertThat(n.mapRead(0, 4096)).as("writable file: a mapping past its end would grow it").isNull();
            assertThat(n.length()).isEqualTo(3L * MIB + 100);
        }
        try (BlockNode n = open(p, "raw", Map.of(), OpenFlags.readOnly().withCache(CacheMode.NONE))) {
            assertThat(n.mapRead(0, 4096)).isNull();
            assertThat(pread(n, 0, 4096).remaining()).isEqualTo(4096);
        }
    }

    private static void run(Path cwd, String... cmd) throws Exception {
        Process pr = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes());
        assertThat(pr.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    @Test
    void qcow2MapsRunsOfPlainDataClustersOnly() throws Exception {
        Path img = dir.resolve("t.qcow2");
        run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=65536", img.toString(), "8M");
        run(dir, "qemu-io", "-c", "write -P 0x11 0 256k", "-c", "write -z 256k 64k", "-c", "write -P 0x22 320k 64k",
                "-c", "write -c -P 0x33 1M 64k", img.toString());
        try (BlockNode n = open(img, "qcow2", Map.of(), OpenFlags.readOnly())) {
            assertMapsAsRead(n, 0, 256 * 1024);             // four contiguous data clusters
            assertMapsAsRead(n, 1000, 100_000);             // inside them, unaligned
            assertMapsAsRead(n, 320 * 1024, 64 * 1024);
            assertThat(n.mapRead(200 * 1024, 64 * 1024)).as("data then a zero cluster").isNull();
            assertThat(n.mapRead(256 * 1024, 4096)).as("zero cluster").isNull();
            assertThat(n.mapRead(MIB, 4096)).as("compressed cluster").isNull();
            assertThat(n.mapRead(4 * MIB, 4096)).as("unallocated").isNull();
        }
        try (BlockNode n = open(img, "qcow2", Map.of(), OpenFlags.readWrite())) {
            assertThat(n.mapRead(0, 4096)).as("writable image").isNull();
        }
    }
}
