package io.jiotests.harness.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FiltersTest {

    private final Path dir = Path.of("/tmp/jiotests-123/001-qcow2-file-java");

    @Test
    void testDirAndImageName() {
        String in = "image: /tmp/jiotests-123/001-qcow2-file-java/t.qcow2\n"
                + "backing file: /tmp/jiotests-123/001-qcow2-file-java/t.qcow2.base\n"
                + "other: /tmp/jiotests-123/001-qcow2-file-java/t.qcow2x\n";
        String out = Filters.imageName(Filters.testDir(in, dir), "qcow2");
        assertThat(out).isEqualTo("image: TEST_DIR/t.IMGFMT\n"
                + "backing file: TEST_DIR/t.IMGFMT.base\n"
                + "other: TEST_DIR/t.qcow2x\n");
    }

    @Test
    void qemuIoTimingsAndPrompt() {
        String in = "wrote 4096/4096 bytes at offset 0\n"
                + "4 KiB, 1 ops; 00.01 sec (587.470 KiB/sec and 146.8674 ops/sec)\n"
                + "16 bytes, 12 ops; 0:00:01.25 sec (1.271 GiB/sec and 333333.3333 ops/sec)\n"
                + "qemu-io> read 0 1\n";
        assertThat(Filters.qemuIoTimings(in)).isEqualTo("wrote 4096/4096 bytes at offset 0\n"
                + "4 KiB, X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)\n"
                + "16 bytes, X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)\n"
                + "read 0 1\n");
    }

    @Test
    void programNamesWithAndWithoutPath() {
        String in = "qemu-img: Could not open 'x'\n/usr/bin/qemu-io: can't open\njqemu-img: oops\n"
                + "Try 'qemu-img --help' for more information\nmy-qemu-img-file stays\n";
        assertThat(Filters.programNames(in)).isEqualTo("QEMU_IMG: Could not open 'x'\nQEMU_IO: can't open\nQEMU_IMG: oops\n"
                + "Try 'QEMU_IMG --help' for more information\nmy-qemu-img-file stays\n");
    }

    @Test
    void versions() {
        assertThat(Filters.versions("QEMU_IMG version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n"))
                .isEqualTo("QEMU_IMG version X.Y.Z\n");
    }

    @Test
    void diskSizeLinesAndJsonActualSize() {
        String human = "virtual size: 1 MiB (1048576 bytes)\ndisk size: 196 KiB\ncluster_size: 65536\n";
        assertThat(Filters.diskSize(human)).isEqualTo("virtual size: 1 MiB (1048576 bytes)\ncluster_size: 65536\n");
        String json = "{\n    \"virtual-size\": 1048576,\n    \"actual-size\": 200704,\n    \"format\": \"raw\"\n}\n";
        assertThat(Filters.diskSize(json)).isEqualTo("{\n    \"virtual-size\": 1048576,\n    \"format\": \"raw\"\n}\n");
        // qemu 10.0 prints the file child's section too, indented: host dependent as well
        String child = "Child node '/file':\n    file length: 1 MiB (1049600 bytes)\n    disk size: 1 MiB\nx\n";
        assertThat(Filters.diskSize(child)).isEqualTo("Child node '/file':\n    file length: 1 MiB (1049600 bytes)\nx\n");
    }

    @Test
    void formattingLineKeepsOnlyIotestsOptionsInOrder() {
        String in = "Formatting 'TEST_DIR/t.qcow2', fmt=qcow2 cluster_size=65536 extended_l2=off "
                + "compression_type=zlib size=1048576 backing_file=TEST_DIR/t.qcow2.base backing_fmt=qcow2 "
                + "lazy_refcounts=off refcount_bits=16\n";
        assertThat(ImgCreateFilter.filterText(in, "qcow2")).isEqualTo("Formatting 'TEST_DIR/t.IMGFMT', fmt=IMGFMT "
                + "size=1048576 backing_file=TEST_DIR/t.IMGFMT.base backing_fmt=IMGFMT\n");
        assertThat(ImgCreateFilter.filterText("Formatting 'TEST_DIR/t.raw', fmt=raw size=512 preallocation=off\n", "raw"))
                .isEqualTo("Formatting 'TEST_DIR/t.IMGFMT', fmt=IMGFMT size=512 preallocation=off\n");
    }

    @Test
    void standardChainIsIdempotent() {
        String in = "Formatting '/tmp/jiotests-123/001-qcow2-file-java/t.qcow2', fmt=qcow2 cluster_size=65536 size=1024\n"
                + "qemu-img: error\n";
        String once = Filters.standard(in, dir, "qcow2");
        assertThat(once).isEqualTo("Formatting 'TEST_DIR/t.IMGFMT', fmt=IMGFMT size=1024\nQEMU_IMG: error\n");
        assertThat(Filters.standard(once, dir, "qcow2")).isEqualTo(once);
    }
}
