package io.jiotests.harness.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.backend.QemuBackend;
import io.jiotests.harness.run.RepoLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Crash consistency of qcow2 writes (issue 8). A qemu-io writer (the engine's, and the reference's
 * as a control of the oracle) runs random write / write -z / discard sequences with flushes on an
 * 8 MiB qcow2 image through a pipe; acknowledged commands and flushes are tracked from its prompts
 * ({@link CrashModel}). It is SIGKILLed at a random point (between commands or mid-command), then:
 * reference {@code qemu-img check} must report no corruption (leaks allowed), {@code check -r all}
 * must leave it clean, and every byte written and flushed before the kill, and not touched since,
 * must read back (reference {@code qemu-img convert} to raw). The run continues on the repaired
 * image. A second part kills a writer on a lazy_refcounts=on image: the dirty bit must be set, and
 * the next read-write open must repair and clear it as qemu-io's does.
 */
class CrashConsistencyTest {
    static final int SIZE = 8 << 20;
    static final int CLUSTER = 64 << 10;

    record Figures(String writer, int killPoints, int survived, long bytesLost, int corruptions, int repairFailures) {
    }

    @Test
    void killedWritersLoseNoFlushedByteAndLeaveNoCorruption() throws Exception {
        Assumptions.assumeTrue(QemuBackend.hostHasQemuImg(System.getenv()), "not run: reference qemu-img not installed");
        RepoLayout repo = RepoLayout.locate();
        Path dir = repo.root().resolve("harness/target/crash");
        TestDirs.recreate(dir);
        int enginePoints = Integer.getInteger("jiotests.crash.killpoints", 150);
        // kill-point counts, each part also bounded in time so that a loaded machine stays within ~3 minutes
        Figures reference = run(dir, false, Math.max(20, enginePoints / 3), "", 30);
        Figures engine = run(dir, true, enginePoints, "", 110);
        Figures engineLazy = run(dir, true, Math.max(10, enginePoints / 5), "lazy_refcounts=on", 30);
        String lazy = lazyRefcounts(dir);

        StringBuilder md = new StringBuilder("# Crash consistency (SIGKILL of a qemu-io writer on qcow2)\n\n");
        md.append("| writer | kill points | survived | bytes lost | corruptions | failed repairs |\n|---|---|---|---|---|---|\n");
        for (Figures f : List.of(reference, engine, engineLazy)) {
            md.append("| ").append(f.writer()).append(" | ").append(f.killPoints()).append(" | ").append(f.survived())
                    .append(" | ").append(f.bytesLost()).append(" | ").append(f.corruptions()).append(" | ")
                    .append(f.repairFailures()).append(" |\n");
        }
        md.append("\nKill points per part are bounded by a count (-Djiotests.crash.killpoints, default 150 for the engine)\n")
                .append("and a time budget (30 s / 110 s / 30 s), with at least 10 each.\n");
        md.append("\nsurvived = reference qemu-img check found no corruption (leaks allowed), check -r all left the image clean,\n")
                .append("and no byte that was written and flushed (and not touched since) was lost.\n\n")
                .append("## Lazy refcounts\n\n").append(lazy).append('\n');
        Files.createDirectories(repo.reports().resolve("robustness"));
        Files.writeString(repo.reports().resolve("robustness/crash-consistency.md"), md);
        System.out.println(md);

        assertThat(reference.survived()).as("control: the reference writer survives every kill point").isEqualTo(reference.killPoints());
        for (Figures f : List.of(engine, engineLazy)) {
            assertThat(f.bytesLost()).as(f.writer() + ": bytes lost").isZero();
            assertThat(f.corruptions()).as(f.writer() + ": kill points leaving corruption").isZero();
            assertThat(f.repairFailures()).as(f.writer() + ": failed repairs").isZero();
            assertThat(f.survived()).isEqualTo(f.killPoints());
        }
        assertThat(KnownFailures.load().judge("lazy: ", lazyTried, lazyFailed))
                .as("lazy refcount outcomes against robustness/known-failures.txt").isEmpty();
    }

    private Figures run(Path dir, boolean engine, int maxKillPoints, String opts, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String name = (engine ? "engine" : "reference") + (opts.isEmpty() ? "" : "-" + opts.replace('=', '-'));
        Path img = dir.resolve(name + ".qcow2");
        List<String> create = new ArrayList<>(List.of("create", "-q", "-f", "qcow2"));
        if (!opts.isEmpty()) {
            create.addAll(List.of("-o", opts));
        }
        create.addAll(List.of(img.toString(), Integer.toString(SIZE)));
        assertThat(Programs.run(false, dir, "qemu-img", create.toArray(String[]::new)).rc()).isZero();
        CrashModel model = new CrashModel(SIZE);
        Random rnd = new Random(0xC0FFEEL + name.hashCode());
        int survived = 0;
        int corruptions = 0;
        int repairFailures = 0;
        long lost = 0;
        int killPoints = 0;
        for (int k = 0; k < maxKillPoints && (k < 10 || System.nanoTime() < deadline); k++) {
            killPoints++;
            try (InteractiveIo w = new InteractiveIo(engine, dir, List.of("-f", "qcow2", img.toString()))) {
                assertThat(w.awaitPrompt()).as(name + " writer started: " + w.transcript()).isTrue();
                int commands = 1 + rnd.nextInt(24);
                boolean midCommand = rnd.nextBoolean();
                for (int c = 0; c < commands; c++) {
                    boolean last = c == commands - 1;
                    int op = rnd.nextInt(10);
                    if (op < 2) {
                        w.send("flush");
                        if (last && midCommand) {
                            break;
                        }
                        if (!w.awaitPrompt()) {
                            break;
                        }
                        model.flushed();
                        continue;
                    }
                    long off;
                    long len;
                    String cmd;
                    int pattern;
                    if (op < 7) {
                        off = (long) rnd.nextInt(SIZE / CrashModel.SECTOR) * CrashModel.SECTOR;
                        len = Math.min(SIZE - off, (1 + rnd.nextInt(256)) * (long) CrashModel.SECTOR);
                        pattern = 1 + rnd.nextInt(254);
                        cmd = "write -P " + pattern + " " + off + " " + len;
                    } else if (op < 9) {
                        off = (long) rnd.nextInt(SIZE / CrashModel.SECTOR) * CrashModel.SECTOR;
                        len = Math.min(SIZE - off, (1 + rnd.nextInt(256)) * (long) CrashModel.SECTOR);
                        pattern = 0;
                        cmd = "write -z " + off + " " + len;
                    } else {
                        off = (long) rnd.nextInt(SIZE / CLUSTER) * CLUSTER;
                        len = Math.min(SIZE - off, (1 + rnd.nextInt(4)) * (long) CLUSTER);
                        pattern = 0;
                        cmd = "discard " + off + " " + len;
                    }
                    model.sent(off, len);
                    w.send(cmd);
                    if (last && midCommand) {
                        break;
                    }
                    if (!w.awaitPrompt()) {
                        break;
                    }
                    model.completed(off, len, pattern);
                }
                if (midCommand) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                }
                w.kill();
            }
            Programs.Result check = Programs.run(false, dir, "qemu-img", "check", "-f", "qcow2", img.toString());
            boolean ok = check.rc() == 0 || check.rc() == 3;
            if (!ok) {
                corruptions++;
                System.out.println(name + " kill point " + k + ": qemu-img check rc=" + check.rc() + "\n" + check.output());
            }
            Programs.Result repair = Programs.run(false, dir, "qemu-img", "check", "-r", "all", "-f", "qcow2", img.toString());
            Programs.Result after = Programs.run(false, dir, "qemu-img", "check", "-f", "qcow2", img.toString());
            if (repair.rc() != 0 || after.rc() != 0) {
                repairFailures++;
                ok = false;
                System.out.println(name + " kill point " + k + ": repair rc=" + repair.rc() + " then check rc=" + after.rc() + "\n" + after.output());
            }
            Path raw = dir.resolve(name + ".raw");
            Files.deleteIfExists(raw);
            Programs.Result conv = Programs.run(false, dir, "qemu-img", "convert", "-U", "-f", "qcow2", "-O", "raw", img.toString(), raw.toString());
            assertThat(conv.rc()).as("convert after repair: " + conv.output()).isZero();
            byte[] image = Files.readAllBytes(raw);
            long l = model.bytesLost(image);
            if (l > 0) {
                ok = false;
                lost += l;
                System.out.println(name + " kill point " + k + ": " + l + " flushed bytes lost");
            }
            model.resync(image);
            if (ok) {
                survived++;
            }
        }
        return new Figures(name, killPoints, survived, lost, corruptions, repairFailures);
    }

    /**
     * A writer killed after an allocating write and a flush on a lazy_refcounts=on image leaves the
     * dirty bit; the next read-write open repairs it. The engine's and the reference's writers and
     * reopeners are crossed: dirty bit after the kill, dirty bit after the reopen, and check output.
     */
    private final java.util.Set<String> lazyTried = new java.util.HashSet<>();
    private final java.util.Map<String, String> lazyFailed = new java.util.LinkedHashMap<>();

    private String lazyRefcounts(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("| writer | reopener | dirty after kill | dirty after reopen | check after reopen |\n|---|---|---|---|---|\n");
        String[] expected = null;
        for (boolean writerEngine : new boolean[] {false, true}) {
            for (boolean reopenEngine : new boolean[] {false, true}) {
                Path img = dir.resolve("lazy.qcow2");
                Files.deleteIfExists(img);
                assertThat(Programs.run(false, dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on",
                        img.toString(), "8M").rc()).isZero();
                try (InteractiveIo w = new InteractiveIo(writerEngine, dir, List.of("-f", "qcow2", img.toString()))) {
                    assertThat(w.awaitPrompt()).isTrue();
                    assertThat(w.command("write -P 0x42 0 192k")).isTrue();
                    assertThat(w.command("write -P 0x43 1M 64k")).isTrue();
                    assertThat(w.command("flush")).isTrue();
                    w.kill();
                }
                boolean dirtyAfterKill = dirty(img);
                Programs.Result reopen = Programs.run(reopenEngine, dir, "qemu-io", "-f", "qcow2", "-c", "read -P 0x42 0 192k", img.toString());
                boolean dirtyAfterReopen = dirty(img);
                Programs.Result check = Programs.run(false, dir, "qemu-img", "check", "-f", "qcow2", img.toString());
                String[] row = {Boolean.toString(dirtyAfterKill), Boolean.toString(dirtyAfterReopen),
                        "rc=" + check.rc() + " " + HostileFirstLine.of(check.output().replace(dir + "/", "")),
                        "reopen rc=" + reopen.rc()};
                if (expected == null) {
                    expected = row;
                }
                boolean same = java.util.Arrays.equals(row, expected);
                String key = "lazy: " + (writerEngine ? "engine" : "qemu-io") + " writer / " + (reopenEngine ? "engine" : "qemu-io") + " reopener";
                lazyTried.add(key);
                if (!same) {
                    lazyFailed.put(key, "expected " + String.join(", ", expected) + "\ngot      " + String.join(", ", row));
                }
                sb.append("| ").append(writerEngine ? "engine" : "qemu-io").append(" | ").append(reopenEngine ? "engine" : "qemu-io")
                        .append(" | ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" (").append(row[3]).append(")")
                        .append(same ? "" : " MISMATCH").append(" |\n");
            }
        }
        return sb.toString();
    }

    /** The qcow2 dirty bit: incompatible feature bit 0 (header bytes 72..79, big endian). */
    private static boolean dirty(Path img) throws java.io.IOException {
        byte[] h = new byte[80];
        try (var in = Files.newInputStream(img)) {
            assertThat(in.readNBytes(h, 0, 80)).isEqualTo(80);
        }
        return (h[79] & 1) != 0;
    }
}
