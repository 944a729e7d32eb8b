package io.jiotests.engine.luks;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.crypto.LuksHeader;
import io.jiotests.engine.crypto.LuksKeySlot;
import io.jiotests.engine.formats.ToolRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key-slot amend between jqemu-img and the reference, for luks and qcow2 (encrypt.*) images: each
 * side adds a key to an image the other created, the other erases the original key, and both
 * open with the secrets that remain (and fail with the erased one). The two images that went
 * through the same steps, one each way, have the same file size and the same LUKS header but for
 * the random fields (master key digest, salts, iteration counts, uuid), and each slot's key
 * material is zero or not alike. While qemu-io holds a luks image, amend fails as qemu-img does.
 */
class LuksAmendInteropTest {
    private static final List<String> SECRETS = List.of("--object", "secret,id=s,data=abc",
            "--object", "secret,id=n,data=xyz");

    @TempDir
    Path dir;

    private String prefix(String fmt) {
        return fmt.equals("luks") ? "" : "encrypt.";
    }

    private String imageOpts(String fmt, String image, String secret) {
        return "driver=" + fmt + "," + prefix(fmt) + "key-secret=" + secret + ",file.filename=" + image;
    }

    /** Runs qemu's or our tool; qemu's PBKDF2 benchmark fails now and then on a loaded machine: retried. */
    private ToolRuns.Result run(boolean qemu, String tool, List<String> args) throws Exception {
        if (!qemu) {
            return ToolRuns.java(dir, tool, args);
        }
        ToolRuns.Result r = ToolRuns.qemu(dir, tool, args);
        for (int i = 0; i < 5 && r.stderr().contains("Unable to get accurate CPU usage"); i++) {
            r = ToolRuns.qemu(dir, tool, args);
        }
        return r;
    }

    private void create(boolean qemu, String fmt, String image) throws Exception {
        String p = prefix(fmt);
        List<String> a = new ArrayList<>(List.of("create", "-q", "-f", fmt));
        a.addAll(SECRETS);
        a.addAll(List.of("-o", (p.isEmpty() ? "" : "encrypt.format=luks,") + p + "key-secret=s," + p
                + "iter-time=10", image, "1M"));
        assertThat(errors(run(qemu, "qemu-img", a))).isEqualTo("0");
        List<String> w = new ArrayList<>(SECRETS);
        w.addAll(List.of("--image-opts", "-c", "write -P 0x5a 0 64k", imageOpts(fmt, image, "s")));
        assertThat(errors(run(qemu, "qemu-io", w))).isEqualTo("0");
    }

    private ToolRuns.Result amend(boolean qemu, String fmt, String image, String open, String options)
            throws Exception {
        List<String> a = new ArrayList<>(List.of("amend"));
        a.addAll(SECRETS);
        String p = prefix(fmt);
        a.addAll(List.of("--image-opts", "-o", p + options.replace(",", "," + p), imageOpts(fmt, image, open)));
        return run(qemu, "qemu-img", a);
    }

    private String reads(boolean qemu, String fmt, String image, String secret) throws Exception {
        List<String> a = new ArrayList<>(SECRETS);
        a.addAll(List.of("--image-opts", "-c", "read -P 0x5a 0 64k", imageOpts(fmt, image, secret)));
        ToolRuns.Result r = run(qemu, "qemu-io", a);
        assertThat(r.stdout()).doesNotContain("Pattern verification failed");
        return errors(r);
    }

    private static String errors(ToolRuns.Result r) {
        return r.stderr() + r.exit();
    }

    /** Where the LUKS header starts: 0 in a luks image, the first 512-aligned magic in a qcow2 one. */
    private static int headerOffset(byte[] file) {
        for (int off = 0; off + 6 <= file.length; off += 512) {
            if (Arrays.equals(file, off, off + 6, LuksHeader.MAGIC, 0, 6)) {
                return off;
            }
        }
        throw new AssertionError("no LUKS header");
    }

    /** The header and slot material with the random parts made equal. */
    private static List<String> shape(Path image) throws Exception {
        byte[] file = Files.readAllBytes(image);
        int base = headerOffset(file);
        LuksHeader h = LuksHeader.parse(Arrays.copyOfRange(file, base, base + LuksHeader.SIZE));
        List<String> out = new ArrayList<>();
        out.add(base + " " + h.version() + " " + h.cipherName() + " " + h.cipherMode() + " " + h.hashSpec() + " "
                + h.payloadOffsetSectors() + " " + h.keyBytes() + " " + file.length);
        for (LuksKeySlot s : h.slots()) {
            long start = base + s.keyOffsetBytes();
            int len = h.keyBytes() * s.stripes();
            byte[] material = Arrays.copyOfRange(file, (int) start, (int) start + len);
            out.add(Integer.toHexString(s.active()) + " iters=" + (s.iterations() != 0) + " salt="
                    + !Arrays.equals(s.salt(), new byte[32]) + " " + s.keyOffsetSectors() + " " + s.stripes()
                    + " material=" + (Arrays.equals(material, new byte[len]) ? "zero" : "data"));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"luks", "qcow2"})
    void eachAmendsWhatTheOtherMadeAndBothOpenWithEachSecret(String fmt) throws Exception {
        String q = "q." + fmt;
        String j = "j." + fmt;
        create(true, fmt, q);
        create(false, fmt, j);
        // ours adds n to qemu's image, qemu erases s; and the other way round
        assertThat(errors(amend(false, fmt, q, "s", "state=active,new-secret=n,iter-time=10"))).isEqualTo("0");
        assertThat(errors(amend(true, fmt, j, "s", "state=active,new-secret=n,iter-time=10"))).isEqualTo("0");
        for (boolean qemu : new boolean[] {true, false}) {
            assertThat(reads(qemu, fmt, q, "n")).as("qemu=%s", qemu).isEqualTo("0");
            assertThat(reads(qemu, fmt, q, "s")).as("qemu=%s", qemu).isEqualTo("0");
            assertThat(reads(qemu, fmt, j, "n")).as("qemu=%s", qemu).isEqualTo("0");
        }
        assertThat(errors(amend(true, fmt, q, "n", "state=inactive,old-secret=s"))).isEqualTo("0");
        assertThat(errors(amend(false, fmt, j, "n", "state=inactive,old-secret=s"))).isEqualTo("0");
        for (boolean qemu : new boolean[] {true, false}) {
            for (String image : List.of(q, j)) {
                assertThat(reads(qemu, fmt, image, "n")).as("%s qemu=%s", image, qemu).isEqualTo("0");
                assertThat(reads(qemu, fmt, image, "s")).as("%s qemu=%s", image, qemu)
                        .endsWith("Invalid password, cannot unlock any keyslot\n1");
            }
        }
        assertThat(shape(dir.resolve(j))).isEqualTo(shape(dir.resolve(q)));
        assertThat(shape(dir.resolve(q)).get(1)).startsWith("dead iters=false salt=false 8 4000 material=data");
        assertThat(shape(dir.resolve(q)).get(2)).startsWith("ac71f3 iters=true salt=true");
        if (fmt.equals("qcow2")) {
            for (boolean qemu : new boolean[] {true, false}) {
                List<String> check = new ArrayList<>(SECRETS);
                check.addAll(0, List.of("check"));
                check.addAll(List.of("--image-opts", imageOpts(fmt, qemu ? j : q, "n")));
                assertThat(errors(run(qemu, "qemu-img", check))).isEqualTo("0");
            }
        }
    }

    private static boolean holdsByte100(long inode) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[5].endsWith(":" + inode) && f[6].equals("100")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void amendRefusesALuksImageQemuIoHoldsAsQemuImgDoes() throws Exception {
        create(true, "luks", "c.luks");
        List<String> hold = new ArrayList<>(List.of("qemu-io"));
        hold.addAll(SECRETS);
        hold.addAll(List.of("--image-opts", "-c", "sleep 300000", imageOpts("luks", "c.luks", "s")));
        Process holder = new ProcessBuilder(hold).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long inode = (Long) Files.getAttribute(dir.resolve("c.luks"), "unix:ino");
            // until qemu-io holds its consistent-read byte (it has unlocked the volume by then),
            // watched in /proc/locks so that no lock of ours can race with it
            while (!holdsByte100(inode)) {
                assertThat(holder.isAlive()).as("qemu-io holder still running").isTrue();
                assertThat(System.nanoTime()).as("qemu-io took its lock in time").isLessThan(deadline);
                Thread.sleep(20);
            }
            for (String options : List.of("state=active,new-secret=n,iter-time=10", "state=bogus",
                    "state=inactive,keyslot=0")) {
                ToolRuns.Result want = amend(true, "luks", "c.luks", "s", options);
                ToolRuns.Result got = amend(false, "luks", "c.luks", "s", options);
                assertThat(got).as(options).isEqualTo(want);
            }
            assertThat(amend(false, "luks", "c.luks", "s", "state=active,new-secret=n").stderr())
                    .isEqualTo("qemu-img: Failed to get shared \"consistent read\" lock\n"
                            + "Is another process using the image [c.luks]?\n");
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        byte[] file = Files.readAllBytes(dir.resolve("c.luks"));
        LuksHeader h = LuksHeader.parse(file);
        assertThat(h.slots()).extracting(LuksKeySlot::isActive)
                .containsExactly(true, false, false, false, false, false, false, false);
    }
}
