package io.jiotests.harness.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.backend.QemuBackend;
import io.jiotests.harness.run.RepoLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * QEMU-compatible image locking across processes (issue 8, "Sharing"). A holder (reference qemu-io
 * or the engine's qemu-io, read-write or -r, kept open on a pipe) holds a qcow2 image; probers
 * (qemu-io write, qemu-io -r read, qemu-io -U -r read, qemu-img info, info -U, check) run against
 * it. For every holder and prober, the engine's prober must give the reference prober's exit code
 * and message, and a holder made by the engine must block exactly as a reference holder does (so
 * the engine takes QEMU's lock bytes and honours them). Figures go to reports/robustness/locking.md.
 */
class LockingTest {

    record Prober(String name, String program, String[] args) {
    }

    @Test
    void engineAndQemuLockEachOtherOutLikeQemu() throws Exception {
        Assumptions.assumeTrue(QemuBackend.hostHasQemuImg(System.getenv()), "not run: reference qemu-img not installed");
        RepoLayout repo = RepoLayout.locate();
        Path dir = repo.root().resolve("harness/target/locking");
        TestDirs.recreate(dir);
        String img = dir.resolve("t.qcow2").toString();
        assertThat(Programs.run(false, dir, "qemu-img", "create", "-q", "-f", "qcow2", img, "1M").rc()).isZero();

        List<Prober> probers = List.of(
                new Prober("io write", "qemu-io", new String[] {"-f", "qcow2", "-c", "write -P 7 0 512", img}),
                new Prober("io -r read", "qemu-io", new String[] {"-r", "-f", "qcow2", "-c", "read 0 512", img}),
                new Prober("io -U -r read", "qemu-io", new String[] {"-U", "-r", "-f", "qcow2", "-c", "read 0 512", img}),
                new Prober("img info", "qemu-img", new String[] {"info", "-f", "qcow2", img}),
                new Prober("img info -U", "qemu-img", new String[] {"info", "-U", "-f", "qcow2", img}),
                new Prober("img check", "qemu-img", new String[] {"check", "-f", "qcow2", img}));
        List<String> table = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        java.util.Set<String> tried = new java.util.HashSet<>();
        java.util.Map<String, String> failed = new java.util.LinkedHashMap<>();
        int cases = 0;
        int equal = 0;
        for (boolean holderRw : new boolean[] {true, false}) {
            for (Prober p : probers) {
                String[] outcome = new String[4];
                int k = 0;
                for (boolean holderEngine : new boolean[] {false, true}) {
                    List<String> hargs = holderRw ? List.of("-f", "qcow2", img) : List.of("-r", "-f", "qcow2", img);
                    try (InteractiveIo holder = new InteractiveIo(holderEngine, dir, hargs)) {
                        assertThat(holder.awaitPrompt()).as("holder started: " + holder.transcript()).isTrue();
                        for (boolean proberEngine : new boolean[] {false, true}) {
                            Programs.Result r = Programs.run(proberEngine, dir, p.program(), p.args());
                            outcome[k++] = "rc=" + r.rc() + " " + Programs.filterNames(r.output())
                                    .replace(dir + "/", "").replaceAll("\\d+(\\.\\d+)? (sec|KiB|MiB|bytes/sec|ops/sec)[^\\n]*", "TIMING").strip();
                        }
                        holder.send("quit");
                    }
                }
                String holderKind = holderRw ? "holder rw" : "holder -r";
                for (int i = 1; i < 4; i++) {
                    cases++;
                    String who = (i >= 2 ? "engine holder" : "qemu holder") + ", " + (i % 2 == 1 ? "engine prober" : "qemu prober");
                    String key = "locking: " + holderKind + " / " + p.name() + " / " + who;
                    tried.add(key);
                    if (outcome[i].equals(outcome[0])) {
                        equal++;
                    } else {
                        String d = "  reference: " + outcome[0] + "\n  got:       " + outcome[i];
                        failed.put(key, d);
                        mismatches.add(key + ":\n" + d);
                    }
                }
                table.add("| " + holderKind + " | " + p.name() + " | " + HostileFirstLine.of(outcome[0]) + " |");
            }
        }
        StringBuilder md = new StringBuilder("# Image locking: engine vs qemu-io / qemu-img\n\n");
        md.append("Cases (holder x prober x {qemu/engine holder, qemu/engine prober} beyond the all-qemu reference): ")
                .append(cases).append("; equal to the reference: ").append(equal).append("\n\n");
        md.append("| holder | prober | reference outcome (qemu holder, qemu prober) |\n|---|---|---|\n");
        table.forEach(l -> md.append(l).append('\n'));
        if (!mismatches.isEmpty()) {
            md.append("\n## Differences (each must be in robustness/known-failures.txt with its reason)\n\n");
            mismatches.forEach(m -> md.append("- ").append(m.replace("\n", "\n  ")).append('\n'));
        }
        Files.createDirectories(repo.reports().resolve("robustness"));
        Files.writeString(repo.reports().resolve("robustness/locking.md"), md);
        System.out.println(md);
        assertThat(KnownFailures.load().judge("locking: ", tried, failed))
                .as("locking outcomes against robustness/known-failures.txt").isEmpty();
    }
}
