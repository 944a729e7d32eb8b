package io.jiotests.harness.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wall times of one side on one workload, and why it stopped if it did. */
public final class Stats {

    private final List<Long> nanos = new ArrayList<>();
    private final List<Long> cpuNanos = new ArrayList<>();
    private final List<Long> reportedNanos = new ArrayList<>();
    private String failure = "";

    public void add(long t) {
        add(t, -1);
    }

    /** A run's wall time and CPU time (-1 when unknown). */
    public void add(long t, long cpu) {
        nanos.add(t);
        if (cpu >= 0) {
            cpuNanos.add(cpu);
        }
    }

    /** A run's wall time, CPU time and the run time the tool reported itself (-1 when unknown). */
    public void add(long t, long cpu, long reported) {
        add(t, cpu);
        if (reported >= 0) {
            reportedNanos.add(reported);
        }
    }

    /** Median of the run times the tool reported itself, in seconds; NaN unless every run had one. */
    public double medianReportedSeconds() {
        return !nanos.isEmpty() && reportedNanos.size() == nanos.size() ? median(reportedNanos) / 1e9 : Double.NaN;
    }

    /** Median CPU time (user + system) in seconds; NaN unless every run had one. */
    public double medianCpuSeconds() {
        return cpuNanos.size() == nanos.size() ? median(cpuNanos) / 1e9 : Double.NaN;
    }

    public void fail(String why) {
        failure = why;
    }

    public String failure() {
        return failure;
    }

    public boolean ok() {
        return failure.isEmpty() && !nanos.isEmpty();
    }

    public List<Long> nanos() {
        return List.copyOf(nanos);
    }

    /** The median (mean of the middle two for an even count), in seconds; NaN when empty. */
    public double medianSeconds() {
        return median(nanos) / 1e9;
    }

    public double minSeconds() {
        return nanos.isEmpty() ? Double.NaN : Collections.min(nanos) / 1e9;
    }

    static double median(List<Long> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
    }
}
