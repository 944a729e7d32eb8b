package io.jiotests.engine.vmdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.formats.ToolRuns;
import io.jiotests.engine.formats.TwinRuns;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VMDK driver's pieces (probe, descriptor parsing, CID rewriting) and its behaviour next to
 * qemu-img / qemu-io 7.2: created images byte for byte (CIDs aside) for every subformat, converts,
 * and the errors for hand-made hostile headers.
 */
class VmdkDriverTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = VmdkImages.twinDirectories("vmdk-driver");
    }

    @AfterEach
    void removeDir() throws IOException {
        TwinRuns.delete(dir);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void probeKnowsMagicAndDescriptorText() {
        VmdkDriver d = new VmdkDriver();
        byte[] kdmv = Arrays.copyOf(bytes("KDMV"), 512);
        assertThat(d.probe(kdmv, 512, "x")).isEqualTo(100);
        byte[] desc = bytes("# Disk DescriptorFile\n\n  \nversion=1\nCID=1\n");
        assertThat(d.probe(desc, desc.length, "x")).isEqualTo(100);
        byte[] v3 = bytes("version=3\r\n");
        assertThat(d.probe(v3, v3.length, "x")).isEqualTo(100);
        byte[] v4 = bytes("version=4\n");
        assertThat(d.probe(v4, v4.length, "x")).isZero();
        assertThat(d.probe(new byte[512], 512, "x")).isZero();
    }

    @Test
    void extentLinesAreScannedAsQemuDoes() throws BlockException {
        String text = "RW 100 FLAT \"a b.img\" 7\nRDONLY 5 FLAT \"x\" 0\nRW 8 SPARSE \"s.vmdk\"\nnoise\nRW 4 VMFS \"v\"\n";
        List<VmdkDescriptor.ExtentLine> lines = VmdkDescriptor.extents(text);
        assertThat(lines).extracting(VmdkDescriptor.ExtentLine::filename).containsExactly("a b.img", "s.vmdk", "v");
        assertThat(lines.get(0).flatOffset()).isEqualTo(7);
        assertThat(lines.get(2).flatOffset()).isZero();
        assertThatThrownBy(() -> VmdkDescriptor.extents("RW 100 ZZZ \"h1\" 0\n"))
                .hasMessage("Invalid extent line: RW 100 ZZZ \"h1\" 0");
        assertThatThrownBy(() -> VmdkDescriptor.extents("RW 100 FLAT \"h1\"\n"))
                .hasMessage("Invalid extent line: RW 100 FLAT \"h1\"");
        assertThatThrownBy(() -> VmdkDescriptor.extents("RW 0 SPARSE \"h1\"\n"))
                .hasMessage("Invalid extent line: RW 0 SPARSE \"h1\"");
    }

    @Test
    void cidsAreTheFirstOccurrencesInHex() throws BlockException {
        assertThat(VmdkDescriptor.cid("CID=fffffffe\nparentCID=12\n", false)).isEqualTo(0xfffffffeL);
        assertThat(VmdkDescriptor.cid("CID=fffffffe\nparentCID=12\n", true)).isEqualTo(0x12L);
        assertThat(VmdkDescriptor.cid("parentCID=2\nCID=1\n", false)).isEqualTo(2L); // "CID" inside "parentCID"
        assertThatThrownBy(() -> VmdkDescriptor.cid("CID=zz\n", false))
                .isInstanceOfSatisfying(BlockException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void cidRewriteKeepsTheRestAndOldBytesPastTheNewEnd() throws BlockException {
        byte[] area = new byte[64];
        byte[] text = bytes("CID=12345678\nparentCID=ffffffff\nx\n");
        System.arraycopy(text, 0, area, 0, text.length);
        byte[] out = VmdkDescriptor.withCid(area, 0xabc);
        String s = VmdkDescriptor.cString(out, out.length);
        assertThat(s).isEqualTo("CID=abc\nparentCID=ffffffff\nx\n");
        // the shorter text leaves the old text's last bytes behind its terminating NUL, as QEMU does
        assertThat(new String(out, s.length() + 1, 4, StandardCharsets.ISO_8859_1)).isEqualTo("f\nx\n");
        assertThatThrownBy(() -> VmdkDescriptor.withCid(new byte[16], 1)).isInstanceOf(BlockException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "subformat=streamOptimized", "subformat=monolithicFlat", "zeroed_grain=on",
            "compat6=on", "subformat=twoGbMaxExtentSparse", "subformat=twoGbMaxExtentFlat",
            "adapter_type=lsilogic,hwversion=7,toolsversion=42"})
    void createAndConvertAreByteIdenticalToQemu(String opts) throws Exception {
        Path raw = dir.resolve("src.raw");
        assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("create", "-q", "-f", "raw", "src.raw", "3M")).exit()).isZero();
        assertThat(ToolRuns.qemu(dir, "qemu-io", List.of("-f", "raw", "-c", "write -P 7 64k 70k",
                "-c", "write -P 9 2M 4k", "src.raw")).exit()).isZero();
        for (String op : List.of("create", "convert")) {
            List<String> args = new java.util.ArrayList<>(List.of(op, "-q"));
            if (op.equals("convert")) {
                args.addAll(List.of("-f", "raw", "-O", "vmdk"));
            } else {
                args.addAll(List.of("-f", "vmdk"));
            }
            if (!opts.isEmpty()) {
                args.addAll(List.of("-o", opts));
            }
            args.addAll(op.equals("convert") ? List.of(raw.toString(), "t.vmdk") : List.of("t.vmdk", "3M"));
            assertThat(ToolRuns.qemu(dir.resolve("q"), "qemu-img", args).exit()).isZero();
            assertThat(ToolRuns.java(dir.resolve("j"), "qemu-img", args).exit()).isZero();
            try (var files = Files.list(dir.resolve("q"))) {
                for (Path f : files.toList()) {
                    Path mine = dir.resolve("j").resolve(f.getFileName());
                    assertThat(mine).as("%s %s: %s", op, opts, f.getFileName()).exists();
                    assertThat(VmdkImages.withoutCids(mine)).as("%s %s: %s", op, opts, f.getFileName())
                            .isEqualTo(VmdkImages.withoutCids(f));
                    Files.delete(f);
                    Files.delete(mine);
                }
            }
        }
    }

    /** A sparse header with an embedded descriptor, then one field changed. */
    private static byte[] hostile(int fieldOffset, int width, long value, String desc) {
        ByteBuffer b = ByteBuffer.allocate(65536).order(ByteOrder.LITTLE_ENDIAN);
        b.put(bytes("KDMV")).putInt(1).putInt(3).putLong(8192).putLong(128).putLong(1).putLong(20)
                .putInt(512).putLong(21).putLong(30).putLong(128).put((byte) 0).put(new byte[] {'\n', ' ', '\r', '\n'});
        b.put(512, bytes(desc));
        if (width == 4) {
            b.putInt(fieldOffset, (int) value);
        } else if (width == 8) {
            b.putLong(fieldOffset, value);
        }
        return b.array();
    }

    @Test
    void hostileHeadersGetQemusErrors() throws Exception {
        String desc = "# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\n"
                + "createType=\"monolithicSparse\"\n\n# Extent description\nRW 8192 SPARSE \"t.vmdk\"\n\n";
        Object[][] cases = {
            {4, 4, 4L}, {20, 8, 0L}, {20, 8, 0x400000L}, {44, 4, 513L}, {44, 4, 0L}, {12, 8, 0L},
            {12, 8, 65536L * ((1L << 25) + 1)}, {12, 8, (1L << 54) - 1}, {56, 8, 1L << 50}, {56, 8, 1L << 54},
            {48, 8, 1L << 54}, {64, 8, 149L}, {64, 8, 1L << 60}, {64, 8, -1L}, {44, 4, 1L}, {0, 0, 0L},
        };
        for (Object[] c : cases) {
            byte[] img = hostile((Integer) c[0], (Integer) c[1], (Long) c[2], desc);
            for (String sub : List.of("q", "j")) {
                Files.write(dir.resolve(sub).resolve("t.vmdk"), img);
            }
            List<String> info = List.of("info", "-f", "vmdk", "t.vmdk");
            List<String> io = ToolRuns.ioArgs("vmdk", "t.vmdk", List.of("read -P 0 0 64k", "write -P 1 0 4k"));
            for (List<String> args : List.of(info, io)) {
                String tool = args == info ? "qemu-img" : "qemu-io";
                ToolRuns.Result want = ToolRuns.qemu(dir.resolve("q"), tool, args);
                ToolRuns.Result got = ToolRuns.java(dir.resolve("j"), tool, args);
                String what = "field " + c[0] + " = " + c[2] + ": " + tool;
                assertThat(got.stderr()).as(what).isEqualTo(want.stderr());
                assertThat(got.stdout().replaceAll("(?m)^disk size: .*\n", ""))
                        .as(what).isEqualTo(want.stdout().replaceAll("(?m)^disk size: .*\n", ""));
                assertThat(got.exit()).as(what).isEqualTo(want.exit());
            }
        }
    }

    @Test
    void descriptorFilesAndTheirErrors() throws Exception {
        String[] descs = {
            "hello\n", "version=1\n", "version=1\ncreateType=\"monolithicFlat\"\n",
            "version=1\ncreateType=\"monolithicFlat\"\nRW 100 FLAT \"nofile\" 0\n",
            "version=1\ncreateType=\"foo\"\nRW 100 FLAT \"d\" 0\n",
            "version=1\ncreateType=\"monolithicFlat\"\nRW 100 ZZZ \"d\" 0\n",
            "version=1\ncreateType=\"monolithicFlat\"\nRW 1 SPARSE \"d\"\n",
            "version=1\nCID=5\nparentCID=ffffffff\ncreateType=\"monolithicFlat\"\nRW 4 FLAT \"data\" 1\n",
        };
        for (String d : descs) {
            for (String sub : List.of("q", "j")) {
                Files.write(dir.resolve(sub).resolve("d"), bytes(d));
                Files.write(dir.resolve(sub).resolve("data"), new byte[4096]);
            }
            List<String> args = List.of("info", "-f", "vmdk", "d");
            ToolRuns.Result want = ToolRuns.qemu(dir.resolve("q"), "qemu-img", args);
            ToolRuns.Result got = ToolRuns.java(dir.resolve("j"), "qemu-img", args);
            assertThat(got.stderr()).as(d).isEqualTo(want.stderr());
            assertThat(got.stdout().replaceAll("(?m)^disk size: .*\n", ""))
                    .as(d).isEqualTo(want.stdout().replaceAll("(?m)^disk size: .*\n", ""));
        }
    }

    @Test
    void backingCidMismatchMakesBackingReadsFail() throws Exception {
        for (String sub : List.of("q", "j")) {
            Path d = dir.resolve(sub);
            boolean ref = sub.equals("q");
            run(ref, d, "qemu-img", List.of("create", "-q", "-f", "vmdk", "b.vmdk", "1M"));
            run(ref, d, "qemu-img", List.of("create", "-q", "-f", "vmdk", "-b", "b.vmdk", "-F", "vmdk", "o.vmdk", "1M"));
            run(ref, d, "qemu-io", ToolRuns.ioArgs("vmdk", "o.vmdk", List.of("write -P 3 0 4k")));
            // a write to the base gives it a new CID: the overlay's parent CID no longer matches
            run(ref, d, "qemu-io", ToolRuns.ioArgs("vmdk", "b.vmdk", List.of("write -P 4 512k 4k")));
        }
        List<String> io = ToolRuns.ioArgs("vmdk", "o.vmdk", List.of("read -P 3 0 4k", "read 512k 4k", "write 600k 4k"));
        ToolRuns.Result want = ToolRuns.qemu(dir.resolve("q"), "qemu-io", io);
        ToolRuns.Result got = ToolRuns.java(dir.resolve("j"), "qemu-io", io);
        assertThat(got.stdout()).isEqualTo(want.stdout()).contains("read failed: Invalid argument");
        assertThat(got.exit()).isEqualTo(want.exit());
    }

    private static void run(boolean reference, Path d, String tool, List<String> args) throws Exception {
        ToolRuns.Result r = reference ? ToolRuns.qemu(d, tool, args) : ToolRuns.java(d, tool, args);
        assertThat(r.exit()).as("%s %s", tool, args).isZero();
    }
}
