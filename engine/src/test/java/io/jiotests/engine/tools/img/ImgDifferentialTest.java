package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiotests.engine.block.DriverRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * jqemu-img against the reference qemu-img on the same inputs: fixed invocations (valid and
 * invalid) and seeded random ones. stdout, stderr and exit code must be identical, and after a
 * modifying command so must every file in the working directory.
 */
class ImgDifferentialTest {
    private static final Set<String> READ_ONLY = Set.of("info", "map", "compare", "measure");

    @TempDir
    static Path base;
    static Path fixture;
    static Path refRo;
    static Path javaRo;
    static boolean qcow2;
    static int counter;

    @BeforeAll
    static void setUp() throws Exception {
        assertTrue(ReferenceRun.referenceAvailable(), "qemu-img (the reference) must be installed");
        qcow2 = DriverRegistry.loadDefault().find("qcow2") != null;
        fixture = Files.createDirectories(base.resolve("fixture"));
        sh(fixture, "qemu-img", "create", "-q", "-f", "raw", "r.img", "3M");
        sh(fixture, "qemu-io", "-f", "raw", "-c", "write -P 1 64k 64k", "-c", "write -P 2 2M 4k", "r.img");
        sh(fixture, "qemu-img", "create", "-q", "-f", "raw", "e.img", "1M");
        sh(fixture, "qemu-img", "create", "-q", "-f", "qcow2", "q.img", "2M");
        sh(fixture, "qemu-io", "-f", "qcow2", "-c", "write -P 3 0 64k", "-c", "write -P 4 1M 4k", "q.img");
        sh(fixture, "qemu-img", "create", "-q", "-f", "qcow2", "-b", "r.img", "-F", "raw", "o.img");
        sh(fixture, "qemu-io", "-f", "qcow2", "-c", "write -P 5 128k 64k", "o.img");
        sh(fixture, "qemu-img", "create", "-q", "-f", "qcow2", "s.img", "4M");
        sh(fixture, "qemu-img", "create", "-q", "-f", "qcow2", "q2.img", "2M");
        sh(fixture, "qemu-io", "-f", "qcow2", "-c", "write -P 3 0 64k", "-c", "write -P 7 1M 4k", "q2.img");
        Files.writeString(fixture.resolve("t.img"), "hello\n");
        // m.img: a fragmented 8 MiB qcow2 (4 KiB clusters) that convert cuts into many requests
        List<String> io = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        for (int i = 0; i < 24; i++) {
            long off = (i * 7919L % 1900) * 4096;
            io.addAll(List.of("-c", "write -P " + (i + 1) + " " + off + " " + ((i % 5 + 1) * 4096)));
        }
        io.addAll(List.of("-c", "write -P 99 4M 2M", "-c", "write -z 6M 1M", "m.img"));
        sh(fixture, "qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=4k", "m.img", "8M");
        sh(fixture, io.toArray(String[]::new));
        refRo = base.resolve("ref-ro");
        javaRo = base.resolve("java-ro");
        ReferenceRun.copyTree(fixture, refRo);
        ReferenceRun.copyTree(fixture, javaRo);
    }

    private static void sh(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private static boolean usesQcow2(List<String> args) {
        return args.stream().anyMatch(a -> a.contains("q.img") || a.contains("o.img") || a.contains("s.img")
                || a.contains("m.img") || a.contains("q2.img") || a.equals("qcow2") || a.contains("qcow2"));
    }

    static void check(List<String> args) throws Exception {
        if (usesQcow2(args)) {
            Assumptions.assumeTrue(qcow2, "the qcow2 driver is not registered in this build");
        }
        boolean readOnly = !args.isEmpty() && READ_ONLY.contains(args.get(0));
        Path refDir = refRo;
        Path javaDir = javaRo;
        if (!readOnly) {
            int n = ++counter;
            refDir = base.resolve("ref-" + n);
            javaDir = base.resolve("java-" + n);
            ReferenceRun.copyTree(fixture, refDir);
            ReferenceRun.copyTree(fixture, javaDir);
        }
        ReferenceRun.Outcome ref = ReferenceRun.normalise(ReferenceRun.qemu(refDir, args));
        ReferenceRun.Outcome got = ReferenceRun.normalise(ReferenceRun.java(javaDir, args));
        String line = String.join(" ", args);
        String divergence = KNOWN_DIVERGENCES.get(line);
        if (divergence != null) {
            String difference = firstDifference(args, readOnly, ref, got, refDir, javaDir);
            assertThat(difference).as("unexpected match: qemu-img " + line + " now behaves like qemu-img; remove it"
                    + " from KNOWN_DIVERGENCES (was: " + divergence + ")").isNotNull();
            return;
        }
        assertThat(got.toString()).as("qemu-img " + line).isEqualTo(ref.toString());
        if (!readOnly) {
            Map<String, byte[]> refFiles = ReferenceRun.files(refDir);
            Map<String, byte[]> javaFiles = ReferenceRun.files(javaDir);
            assertThat(javaFiles.keySet()).as("files after " + args).isEqualTo(refFiles.keySet());
            for (String f : refFiles.keySet()) {
                if (skipBytes(f, refFiles.get(f), args)) {
                    continue;
                }
                String diff = bytesDifference(refFiles.get(f), javaFiles.get(f));
                assertThat(diff).as("bytes of " + f + " after " + args).isNull();
            }
        }
    }

    private static boolean skipBytes(String f, byte[] ref, List<String> args) {
        return f.endsWith(".img") && isQcow2(ref) && !args.isEmpty() && args.get(0).equals("check");
    }

    /** Where jqemu-img's result first differs from qemu-img's, or null when they are identical. */
    private static String firstDifference(List<String> args, boolean readOnly, ReferenceRun.Outcome ref,
                                          ReferenceRun.Outcome got, Path refDir, Path javaDir) throws IOException {
        if (!got.toString().equals(ref.toString())) {
            return "output: expected <" + ref + "> but was <" + got + ">";
        }
        if (readOnly) {
            return null;
        }
        Map<String, byte[]> refFiles = ReferenceRun.files(refDir);
        Map<String, byte[]> javaFiles = ReferenceRun.files(javaDir);
        if (!javaFiles.keySet().equals(refFiles.keySet())) {
            return "files: expected " + refFiles.keySet() + " but were " + javaFiles.keySet();
        }
        for (String f : refFiles.keySet()) {
            String diff = skipBytes(f, refFiles.get(f), args) ? null : bytesDifference(refFiles.get(f), javaFiles.get(f));
            if (diff != null) {
                return f + ": " + diff;
            }
        }
        return null;
    }

    /** Null when equal, else the length or the first differing offset with both bytes (cheap on MiB files). */
    static String bytesDifference(byte[] expected, byte[] actual) {
        long at = Arrays.mismatch(expected, actual);
        if (at < 0) {
            return null;
        }
        if (expected.length != actual.length && at == Math.min(expected.length, actual.length)) {
            return "length " + actual.length + ", expected " + expected.length;
        }
        return String.format("first difference at offset %d (0x%x): 0x%02x, expected 0x%02x (lengths %d, %d)",
                at, at, actual[(int) at] & 0xff, expected[(int) at] & 0xff, actual.length, expected.length);
    }

    private static boolean isQcow2(byte[] b) {
        return b.length >= 4 && b[0] == 'Q' && b[1] == 'F' && b[2] == 'I' && b[3] == (byte) 0xfb;
    }


    /**
     * Invocations where jqemu-img is known to still differ from qemu-img, each with the reason. The test
     * asserts that they still differ, so a fix shows up as an "unexpected match" failure and the entry
     * must then be removed. Every other invocation must match exactly.
     */
    static final Map<String, String> KNOWN_DIVERGENCES = Map.of();

    /** r.img read through blkdebug: every read of the raw driver fails with EIO. */
    private static final String BLKDEBUG_RAW =
            "driver=raw,file.driver=blkdebug,file.inject-error.0.event=read_aio,file.image.filename=r.img";

    static final List<String> FIXED = List.of(
            "", "foo", "-x", "--help", "-V", "info", "info a b", "info nope.img", "info r.img",
            "info --output=json r.img", "info -f raw r.img", "info --output=xml r.img", "info t.img",
            "info -f qcow2 r.img", "info q.img", "info --output=json q.img", "info o.img",
            "info --backing-chain o.img", "info --backing-chain --output=json o.img", "info -U r.img",
            "map r.img", "map --output=json r.img", "map --start-offset=1M --max-length=1100k r.img",
            "map --start-offset=-1 r.img", "map --max-length=1x r.img", "map e.img", "map q.img",
            "map --output=json q.img", "map --output=json o.img", "map o.img", "map --output=json s.img",
            "check r.img", "check --output=json r.img", "check q.img", "check --output=json q.img",
            "check -r bad q.img", "check -q q.img", "check o.img",
            "compare r.img r.img", "compare r.img e.img", "compare -s r.img e.img", "compare r.img",
            "compare r.img nope.img", "compare -f qcow2 r.img r.img", "compare q.img r.img",
            "compare -s o.img r.img", "compare o.img r.img", "compare -p r.img r.img", "compare -q r.img e.img",
            "create -f raw n.img 1M", "create n.img 1.5k", "create -f raw n.img", "create -f raw n.img 1Z",
            "create -f raw n.img 17E", "create -f raw n.img 8E", "create -f foo n.img 1M", "create -f raw -o help",
            "create -f raw -o help n.img", "create -f qcow2 -o help", "create -f qcow2 -o help n.img",
            "create -f raw -o size=1M n.img", "create -f raw -o size=1M n.img 1M", "create -f raw -o foo=bar n.img",
            "create -f raw -o , n.img 1M", "create -f raw -o nocow=x n.img 1M", "create -f raw n.img 0x1k",
            "create -f qcow2 n.img 1M", "create -f qcow2 -o cluster_size=4k,lazy_refcounts=on n.img 1M",
            "create -f qcow2 -b r.img -F raw n.img", "create -f qcow2 -b r.img n.img",
            "create -f qcow2 -b nope.img -F raw n.img", "create -f raw -b r.img n.img 1M",
            "create -f qcow2 -u -b nope.img -F qcow2 n.img 1M", "create -q -f raw n.img 1M",
            "create -f raw n.img 1M extra", "create -qx n.img 1M", "create --he",
            "convert r.img n.img", "convert -O qcow2 r.img n.img", "convert -O qcow2 q.img n.img",
            "convert -O raw q.img n.img", "convert -O qcow2 o.img n.img", "convert -O raw o.img n.img",
            "convert r.img", "convert -O foo r.img n.img", "convert -n r.img nope.img", "convert -c r.img n.img",
            "convert -S 1x r.img n.img", "convert -S 100 r.img n.img", "convert -S 0 r.img n.img",
            "convert -m 0 r.img n.img", "convert -t foo r.img n.img", "convert -T foo r.img n.img",
            "convert --target-is-zero r.img n.img", "convert -n r.img e.img", "convert r.img e.img n.img",
            "convert -O qcow2 -B r.img -F raw o.img n.img", "convert -B r.img r.img n.img",
            // the source has no backing file: its holes read as zeroes, which the target must write
            // over its backing file's data (zero clusters), not leave to it
            "convert -O qcow2 -B r.img -F raw q.img n.img", "convert -O qcow2 -B r.img -F raw -m 4 m.img n.img",
            "convert -O qcow2 -c q.img n.img", "convert -p r.img n.img", "convert -O raw -o help",
            "convert -O qcow2 m.img n.img", "convert -m 1 -O qcow2 m.img n.img", "convert -m 16 -O qcow2 m.img n.img",
            "convert -m 3 -S 0 -O qcow2 m.img n.img", "convert -m 5 -O raw m.img n.img", "convert -W -O raw m.img n.img",
            "convert -W -m 16 r.img n.img", "convert -m 17 r.img n.img", "convert -m x r.img n.img",
            "convert -m 4 -c -O qcow2 m.img n.img", "convert -r 100M -O qcow2 m.img n.img", "convert -r 1x r.img n.img",
            "convert -r -1 r.img n.img", "convert -r 0 r.img n.img", "convert -p -m 2 -O qcow2 m.img n.img",
            "convert -O qcow2 -o cluster_size=512 -m 16 m.img n.img",
            "convert --image-opts " + BLKDEBUG_RAW + " n.img", "convert -m 1 --image-opts " + BLKDEBUG_RAW + " n.img",
            "convert -m 3 --image-opts " + BLKDEBUG_RAW + " n.img", "convert -W -m 2 --image-opts " + BLKDEBUG_RAW + " n.img",
            "compare --image-opts " + BLKDEBUG_RAW + " driver=file,filename=r.img",
            "compare --image-opts driver=qcow2,file.driver=blkdebug,file.inject-error.0.event=read_aio,"
                    + "file.image.filename=q.img driver=qcow2,file.filename=q2.img",
            "resize -f raw r.img 4M", "resize -f raw r.img +1M", "resize -f raw r.img -1M",
            "resize -f raw --shrink r.img -- -1M", "resize -f raw r.img 1x", "resize -f raw r.img",
            "resize q.img 4M", "resize q.img 0", "resize -f qcow2 --shrink q.img 1M",
            "resize --preallocation=bad -f raw r.img 9M", "resize -q -f raw e.img 2M",
            "dd if=r.img of=n.img", "dd -O qcow2 if=r.img of=n.img bs=64k count=3", "dd if=r.img of=n.img bs=1M skip=5",
            "dd if=r.img", "dd if=r.img of=n.img bs=0", "dd if=r.img of=n.img foo=1", "dd if=q.img of=n.img bs=1.5k",
            "dd if=o.img of=n.img bs=64k", "dd -O foo if=r.img of=n.img", "dd if=r.img of=n.img bs=1M count=2 skip=1",
            "snapshot -l q.img", "snapshot -l r.img", "snapshot -c x r.img", "snapshot -d x r.img",
            "snapshot -l -c x q.img", "snapshot -l", "snapshot q.img",
            "rebase top.img", "rebase -b r.img o.img", "rebase -b nope.img -F raw o.img",
            "rebase -f raw -b e.img -F raw r.img", "rebase -t foo -b r.img -F raw o.img",
            "rebase -p -b r.img -F raw o.img", "rebase -p -b nope.img -F raw o.img",
            "amend -o data_file_raw=on q.img", "amend -o data_file=x.raw q.img", "amend -o data_file_raw=off q.img",
            "rebase -u -b r.img o.img", "rebase -u -b r.img -F raw q.img", "rebase -u -b e.img -F qcow2 o.img",
            "commit -d o.img", "commit -b r.img o.img", "commit -q -d o.img", "commit r.img",
            "commit -r 1x o.img", "commit -r 100M -d o.img", "commit -r -5 o.img", "commit -b nope.img o.img", "commit -f raw o.img", "commit",
            "amend q.img", "amend -o foo=1 q.img", "amend -o help -f qcow2", "amend -o help q.img",
            "amend -f raw -o size=1M r.img", "amend -o cluster_size=4k q.img", "amend -o help",
            "amend -o size=x q.img", "amend -o help -f foo",
            "bench -c 10 -w -f raw r.img", "bench -c 10 -d 4 -s 64k -S 128k -o 1M r.img",
            "bench -c 10 -w --flush-interval=3 -f raw r.img", "bench -c x r.img", "bench -c 10 -s 2M r.img",
            "bench -c 3 -o 3M r.img", "bench -c 10 -i io_uring -f raw r.img", "bench -c 10 -n -i threads -f raw r.img",
            "bench -c 10 -i native -i threads -f raw r.img",
            "info --object help q.img", "info --object secret,help q.img", "check --object foo,id=x q.img",
            "info --object secret,id=s0 q.img", "info --object secret q.img", "info --object id=s0 q.img",
            "info --object iothread,id=t q.img", "info --object secret,id=s0,data=x,foo=1 q.img",
            "info --object secret,id=0bad,data=x q.img", "info --object secret,id=s0,data=x,format=foo q.img",
            "info --object secret,id=s0,file=nope.img q.img", "info --object throttle-group,id=t q.img",
            "compare -p q.img q2.img", "compare -p -s q.img q2.img", "convert -p -O qcow2 q2.img n.img", "bench -c 10 -w -d 2 --flush-interval=4 -f raw r.img", "bench -c 3 -w q.img",
            "measure --size 1G", "measure --size 1G -O qcow2", "measure --size 1G -O qcow2 --output=json",
            "measure r.img", "measure -O qcow2 r.img", "measure -O qcow2 q.img", "measure -O raw q.img",
            "measure -O qcow2 -o cluster_size=4k r.img", "measure", "measure --size 1G r.img", "measure --size x",
            "measure -O qcow2 o.img", "measure --size 0 -O qcow2", "measure -O qcow2 --size 1G -o extended_l2=on",
            "measure -O qcow2 --size 1T -o cluster_size=512");

    /**
     * convert -W to qcow2: qemu-img's cluster layout then depends on which read finishes first, so
     * only what the guest sees and the image's consistency are compared with qemu-img's result.
     */
    @Test
    void outOfOrderConvertToQcow2HasTheSourceContent() throws Exception {
        Assumptions.assumeTrue(qcow2, "the qcow2 driver is not registered in this build");
        Path dir = base.resolve("out-of-order");
        ReferenceRun.copyTree(fixture, dir);
        List<String> args = List.of("convert", "-W", "-m", "16", "-O", "qcow2", "-o", "cluster_size=4k", "m.img", "w.img");
        ReferenceRun.Outcome got = ReferenceRun.normalise(ReferenceRun.java(dir, args));
        assertThat(got.toString()).isEqualTo(ReferenceRun.normalise(ReferenceRun.qemu(dir,
                List.of("convert", "-W", "-m", "16", "-O", "qcow2", "-o", "cluster_size=4k", "m.img", "ref.img")))
                .toString().replace("ref.img", "w.img"));
        sh(dir, "qemu-img", "compare", "-s", "-f", "qcow2", "-F", "qcow2", "ref.img", "w.img");
        sh(dir, "qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", "m.img", "w.img");
        sh(dir, "qemu-img", "check", "-f", "qcow2", "w.img");
        assertThat(Files.size(dir.resolve("w.img"))).isEqualTo(Files.size(dir.resolve("ref.img")));
    }

    @TestFactory
    Stream<DynamicTest> fixedInvocations() {
        return FIXED.stream().map(line -> DynamicTest.dynamicTest("qemu-img " + line,
                () -> check(line.isEmpty() ? List.of() : Arrays.asList(line.split(" ")))));
    }

    private static final String[] IMAGES = {"r.img", "e.img", "q.img", "o.img", "t.img", "s.img", "nope.img", "n.img"};
    private static final String[] SIZES = {"1M", "0", "+1M", "-1M", "1x", "64k", "1.5k", "17E", "3M"};
    private static final String[] JUNK = {"-x", "--bogus", "--output=xml", "-f", "--", "-q"};

    static List<String> randomInvocation(Random rnd) {
        List<String> a = new ArrayList<>();
        String[] cmds = {"info", "map", "check", "compare", "create", "convert", "resize", "dd", "measure",
            "commit", "rebase"};
        String cmd = cmds[rnd.nextInt(cmds.length)];
        a.add(cmd);
        String[] fmts = {"raw", "qcow2", "foo"};
        switch (cmd) {
            case "info", "map", "check" -> {
                if (rnd.nextInt(3) == 0) {
                    a.add("--output=" + (rnd.nextInt(5) == 0 ? "xml" : "json"));
                }
                if (rnd.nextInt(4) == 0) {
                    a.addAll(List.of("-f", fmts[rnd.nextInt(fmts.length)]));
                }
                if (cmd.equals("info") && rnd.nextBoolean()) {
                    a.add("--backing-chain");
                }
                if (cmd.equals("map") && rnd.nextInt(3) == 0) {
                    a.add("--start-offset=" + SIZES[rnd.nextInt(SIZES.length)].replace("+", ""));
                }
                if (cmd.equals("map") && rnd.nextInt(3) == 0) {
                    a.add("--max-length=" + SIZES[rnd.nextInt(SIZES.length)].replace("+", ""));
                }
                a.add(IMAGES[rnd.nextInt(IMAGES.length - 1)]);
            }
            case "compare" -> {
                if (rnd.nextInt(3) == 0) {
                    a.add("-s");
                }
                a.add(IMAGES[rnd.nextInt(IMAGES.length - 1)]);
                a.add(IMAGES[rnd.nextInt(IMAGES.length - 1)]);
            }
            case "create" -> {
                a.addAll(List.of("-f", fmts[rnd.nextInt(fmts.length)]));
                if (rnd.nextInt(4) == 0) {
                    a.addAll(List.of("-o", rnd.nextBoolean() ? "cluster_size=4k" : "size=1M"));
                }
                a.add("n.img");
                if (rnd.nextInt(5) != 0) {
                    a.add(SIZES[rnd.nextInt(SIZES.length)].replace("+", "").replace("-", ""));
                }
            }
            case "convert" -> {
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("-O", fmts[rnd.nextInt(2)]));
                }
                if (rnd.nextInt(4) == 0) {
                    a.addAll(List.of("-S", rnd.nextBoolean() ? "0" : "64k"));
                }
                a.add(IMAGES[rnd.nextInt(6)]);
                a.add("n.img");
            }
            case "resize" -> {
                if (rnd.nextBoolean()) {
                    a.add("--shrink");
                }
                a.addAll(List.of("-f", rnd.nextInt(4) == 0 ? "qcow2" : "raw"));
                a.add(rnd.nextBoolean() ? "r.img" : "e.img");
                a.add(SIZES[rnd.nextInt(SIZES.length)]);
            }
            case "dd" -> {
                String[] bss = {"bs=512", "bs=64k", "bs=1M", "bs=3", "bs=0"};
                a.add("if=" + IMAGES[rnd.nextInt(6)]);
                a.add("of=n.img");
                a.add(bss[rnd.nextInt(bss.length)]);
                if (rnd.nextBoolean()) {
                    a.add("count=" + rnd.nextInt(5));
                }
                if (rnd.nextBoolean()) {
                    a.add("skip=" + rnd.nextInt(5));
                }
                if (rnd.nextInt(3) == 0) {
                    a.addAll(1, List.of("-O", fmts[rnd.nextInt(2)]));
                }
            }
            case "measure" -> {
                a.addAll(List.of("-O", fmts[rnd.nextInt(2)]));
                if (rnd.nextInt(3) == 0) {
                    a.addAll(List.of("-o", "cluster_size=" + (rnd.nextBoolean() ? "4k" : "2M")));
                }
                if (rnd.nextBoolean()) {
                    a.add("--size=" + SIZES[rnd.nextInt(SIZES.length)].replace("+", "").replace("-", ""));
                } else {
                    a.add(IMAGES[rnd.nextInt(6)]);
                }
            }
            case "commit" -> {
                if (rnd.nextBoolean()) {
                    a.add("-d");
                }
                a.add(rnd.nextBoolean() ? "o.img" : IMAGES[rnd.nextInt(IMAGES.length - 1)]);
            }
            case "rebase" -> {
                a.add("-u");
                a.addAll(List.of("-b", rnd.nextBoolean() ? "e.img" : "nope.img"));
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("-F", "raw"));
                }
                a.add(rnd.nextBoolean() ? "o.img" : "r.img");
            }
            default -> throw new IllegalStateException(cmd);
        }
        if (rnd.nextInt(10) == 0) {
            a.add(1 + rnd.nextInt(a.size()), JUNK[rnd.nextInt(JUNK.length)]);
        }
        if (cmd.equals("resize") && a.get(a.size() - 1).startsWith("-")) {
            a.add(a.size() - 1, "--");
        }
        return a;
    }

    @TestFactory
    Stream<DynamicTest> randomInvocations() throws IOException {
        Random rnd = new Random(20261126L);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            List<String> args = randomInvocation(rnd);
            tests.add(DynamicTest.dynamicTest("#" + i + " qemu-img " + String.join(" ", args), () -> check(args)));
        }
        return tests.stream();
    }
}
