package io.jiotests.harness.bench;

import io.jiotests.harness.report.QemuVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a benchmark ran on, as the README's performance section states it.
 *
 * @param cpus        available processors
 * @param cpuModel    /proc/cpuinfo "model name"
 * @param memoryBytes MemTotal
 * @param kernel      kernel release
 * @param java        java.version of the benchmark JVM
 * @param qemu        the reference qemu-img version
 */
public record Machine(int cpus, String cpuModel, long memoryBytes, String kernel, String java, String qemu) {

    public static Machine describe(Path qemuImg) {
        String model = "?";
        long mem = -1;
        String kernel = "?";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(-1L);
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException | NumberFormatException e) {
            // not Linux, or restricted /proc: keep "?"
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), model, mem, kernel,
                System.getProperty("java.version"), QemuVersions.hostVersion(qemuImg.toString()));
    }

    public String summary() {
        return String.format(Locale.ROOT, "%d CPUs (%s), %.1f GiB RAM, Linux %s, Java %s, qemu-img %s", cpus, cpuModel,
                memoryBytes / (double) (1L << 30), kernel, java, qemu);
    }
}
