package io.jiotests.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPartsTest {

    @TempDir
    Path dir;

    private static String sha(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @Test
    void sparseRandomIsDeterministicWithDataOnlyInItsRuns() throws Exception {
        Path a = dir.resolve("a.raw");
        Path b = dir.resolve("b.raw");
        long written = ImageGenerator.sparseRandom(a, 10 * 4096 + 100, 4096, 4096, 7);
        ImageGenerator.sparseRandom(b, 10 * 4096 + 100, 4096, 4096, 7);
        assertThat(written).isEqualTo(5 * 4096 + 100);
        assertThat(Files.size(a)).isEqualTo(10 * 4096 + 100);
        assertThat(sha(a)).isEqualTo(sha(b));
        byte[] bytes = Files.readAllBytes(a);
        for (int i = 4096; i < 8192; i++) {
            assertThat(bytes[i]).as("hole byte %d", i).isZero();
        }
        int nonZero = 0;
        for (int i = 0; i < 4096; i++) {
            nonZero += bytes[i] != 0 ? 1 : 0;
        }
        assertThat(nonZero).isGreaterThan(4000);
        ImageGenerator.sparseRandom(b, 10 * 4096 + 100, 4096, 4096, 8);
        assertThat(sha(a)).isNotEqualTo(sha(b));
    }

    @Test
    void compressibleDataCompressesButIsNotTrivial() throws Exception {
        Path c = dir.resolve("c.raw");
        ImageGenerator.compressible(c, 3 << 20, 1);
        byte[] data = Files.readAllBytes(c);
        assertThat(data).hasSize(3 << 20);
        var deflater = new java.util.zip.Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length];
        int n = 0;
        while (!deflater.finished()) {
            n += deflater.deflate(out, 0, out.length);
        }
        double ratio = (double) data.length / n;
        assertThat(ratio).as("zlib ratio").isBetween(2.0, 50.0);
    }

    @Test
    void cpuTimesAreReadOnLinux() throws Exception {
        long before = Side.childrenCpuNanos();
        long self = Side.processCpuNanos();
        assertThat(before).isGreaterThanOrEqualTo(0);
        assertThat(self).isPositive();
        Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done").start();
        p.waitFor();
        assertThat(Side.childrenCpuNanos()).as("a busy child's CPU time is counted once reaped").isGreaterThan(before);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Stats.median(List.of(5L, 1L, 3L))).isEqualTo(3.0);
        assertThat(Stats.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2.5);
        assertThat(Stats.median(List.of())).isNaN();
        Stats s = new Stats();
        assertThat(s.ok()).isFalse();
        s.add(2_000_000_000L, 500_000_000L);
        assertThat(s.ok()).isTrue();
        assertThat(s.medianSeconds()).isEqualTo(2.0);
        assertThat(s.medianCpuSeconds()).isEqualTo(0.5);
        s.add(1_000_000_000L);
        assertThat(s.medianCpuSeconds()).as("unknown once a run lacks CPU time").isNaN();
        s.fail("exit 1");
        assertThat(s.ok()).isFalse();
    }

    @Test
    void theToolsOwnRunTimeIsReadFromBenchOutput() {
        String out = "Sending 1000 read requests, 4096 bytes each, 32 in parallel (starting at offset 0, step size 4096)\n"
                + "Run completed in 2.058 seconds.\n";
        assertThat(Side.reportedRunNanos(out)).isEqualTo(2_058_000_000L);
        assertThat(Side.reportedRunNanos("Run completed in 0.000 seconds.\n")).isZero();
        assertThat(Side.reportedRunNanos("Sending 1 read requests...\n")).isEqualTo(-1);
        assertThat(Side.reportedRunNanos("xRun completed in 1.5 seconds.\n")).as("only a whole line counts").isEqualTo(-1);
        Stats s = new Stats();
        s.add(3_000_000_000L, -1, 2_000_000_000L);
        s.add(5_000_000_000L, -1, 4_000_000_000L);
        assertThat(s.medianSeconds()).isEqualTo(4.0);
        assertThat(s.medianReportedSeconds()).isEqualTo(3.0);
        s.add(1_000_000_000L, -1, -1);
        assertThat(s.medianReportedSeconds()).as("unknown once a run reported none").isNaN();
    }

    @Test
    void workloadsCoverTheIssueAndFilter() {
        var all = Workloads.all(Inputs.Sizes.FULL);
        assertThat(all.stream().filter(w -> w.category().equals("bench"))).hasSize(32);
        assertThat(all.stream().map(Workloads.Workload::name)).contains("convert raw->qcow2", "convert qcow2->raw",
                "convert qcow2->qcow2 -B", "convert raw->raw", "convert -c zlib", "convert -c zstd", "compare raw qcow2",
                "check (2048 extents)", "map --output=json (2048 extents)", "info (2048 extents)", "./check -g quick",
                "process start: info");
        assertThat(Workloads.select(all, List.of("CONVERT -c"))).hasSize(2);
        assertThat(Inputs.Sizes.FULL.image()).isEqualTo(2L << 30);
        assertThat(Inputs.Sizes.FULL.compressible()).isEqualTo(512L << 20);
    }
}
