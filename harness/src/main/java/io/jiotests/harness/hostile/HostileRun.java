package io.jiotests.harness.hostile;

import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.ProcessRunner;
import io.jiotests.harness.backend.StreamMode;
import io.jiotests.harness.filter.Filters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Runs every operation of the hostile corpus under the reference qemu-img / qemu-io (at test time,
 * so nothing can drift) and under the engine in child JVMs with a bounded heap and a time bound
 * ({@link HostileToolRunner}), and classifies each engine outcome against the reference's.
 */
public final class HostileRun {

    /** A Java exception that reached a tool's top level (reported instead of a QEMU message). */
    private static final Pattern INTERNAL_ERROR = Pattern.compile("internal error: (java|javax|jdk)\\.[\\w.]+(Exception|Error)");
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(");

    /** qemu-img / qemu-io take milliseconds here; 7.2 loops forever on some backing cycles, so keep this short. */
    static final Duration REFERENCE_BOUND = Duration.ofSeconds(3);

    private final Path workDir;
    private final Map<String, String> env;
    private final String classpath;
    private final String heap;
    private final Duration timeout;
    private final DriverRegistry registry = DriverRegistry.loadDefault();
    private int jvmStarts;

    /**
     * @param workDir   where the images and outputs live
     * @param env       environment (QEMU_IMG_PROG / QEMU_IO_PROG honoured)
     * @param classpath class path of the child JVM (engine + harness)
     * @param heap      the child's -Xmx value, e.g. "256m"
     * @param timeout   time bound of one operation
     */
    public HostileRun(Path workDir, Map<String, String> env, String classpath, String heap, Duration timeout) {
        this.workDir = workDir;
        this.env = env;
        this.classpath = classpath;
        this.heap = heap;
        this.timeout = timeout;
    }

    /** How many child JVMs the last run needed (1 + one per crash, hang or OOM). */
    public int jvmStarts() {
        return jvmStarts;
    }

    public List<HostileResult> run(List<HostileImage> images) throws IOException, InterruptedException {
        List<HostileOp> ops = new ArrayList<>();
        for (HostileImage img : images) {
            ops.addAll(HostileOp.forImage(img, workDir));
        }
        ProcessRunner runner = new ProcessRunner(env);
        List<ToolResult> ref = new ArrayList<>();
        List<Long> refOutputs = new ArrayList<>();
        for (HostileOp op : ops) {
            String prog = op.program().equals("qemu-img") ? env.getOrDefault("QEMU_IMG_PROG", "qemu-img")
                    : env.getOrDefault("QEMU_IO_PROG", "qemu-io");
            ref.add(runner.run(prog, op.args(), workDir, StreamMode.MERGED, REFERENCE_BOUND));
            refOutputs.add(outputDigest(op));
        }
        Map<Integer, ToolResult> engine = runEngine(ops);
        List<HostileResult> results = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            HostileOp op = ops.get(i);
            ToolResult r = ref.get(i);
            ToolResult j = engine.get(i);
            long javaOutput = outputDigest(op);
            String refText = normalize(r.merged(), op);
            String javaText = j == null ? "" : normalize(j.merged(), op);
            HostileOutcome outcome = classify(op, r, refText, j, javaText, refOutputs.get(i), javaOutput);
            results.add(new HostileResult(op, r.exitCode(), refText, j == null ? -1 : j.exitCode(), javaText, outcome));
        }
        return results;
    }

    private HostileOutcome classify(HostileOp op, ToolResult ref, String refText, ToolResult j, String javaText,
                                    long refOut, long javaOut) {
        if (j == null) {
            return HostileOutcome.CRASH;
        }
        String raw = j.merged();
        if (j.exitCode() == HostileToolRunner.HANG_EXIT && raw.startsWith("jiotests-hostile: HANG")) {
            return HostileOutcome.HANG;
        }
        if (raw.contains("java.lang.OutOfMemoryError") || raw.startsWith("jiotests-hostile: OOM")) {
            return HostileOutcome.OOM;
        }
        if (raw.startsWith("jiotests-hostile: CRASH") || raw.contains(" threw ") && STACK_FRAME.matcher(raw).find()
                || raw.contains("Exception in thread") || INTERNAL_ERROR.matcher(raw).find()) {
            return HostileOutcome.CRASH;
        }
        if (j.exitCode() == ProcessRunner.NOT_FOUND_EXIT && raw.contains("engine has no Tool")) {
            return HostileOutcome.NOT_AVAILABLE;
        }
        if (ref.exitCode() == ProcessRunner.TIMEOUT_EXIT) {
            return HostileOutcome.REF_HANG;
        }
        if (ref.exitCode() > 128 && ref.exitCode() < 128 + 65) {
            return HostileOutcome.REF_CRASH;
        }
        // A convert that fails leaves a partial target whose content depends on qemu-img's timing (its
        // parallel requests may or may not have written the runs before the failing one: measured on
        // qcow2/compressed-garbage, 1 run in 3 differs), so the result is compared only on success.
        boolean sameResult = refOut == javaOut || ref.exitCode() != 0;
        if (j.exitCode() == ref.exitCode() && javaText.equals(refText) && sameResult) {
            return HostileOutcome.EQUAL;
        }
        return registry.find(op.image().format()) == null ? HostileOutcome.NO_DRIVER : HostileOutcome.DIFFERENT;
    }

    private String normalize(String text, HostileOp op) {
        String t = text.replace(workDir.toString() + "/", "");
        t = Filters.standard(t, workDir, op.image().format());
        return Filters.diskSize(t);
    }

    /** A CRC-32C of the convert output (and deletes it), or 0 if the operation has none / it does not exist. */
    private static long outputDigest(HostileOp op) throws IOException {
        if (op.output() == null || !Files.exists(op.output())) {
            return 0;
        }
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(op.output())) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(b) > 0) {
                b.flip();
                crc.update(b);
                b.clear();
            }
            crc.update(ByteBuffer.wrap(Long.toString(ch.size()).getBytes(StandardCharsets.US_ASCII)));
        }
        Files.delete(op.output());
        return crc.getValue() | 1L << 40;
    }

    /** Runs the operations in child JVMs, restarting after a crash / hang / OOM; null = never finished. */
    private Map<Integer, ToolResult> runEngine(List<HostileOp> ops) throws IOException, InterruptedException {
        Path opsFile = workDir.resolve("engine-ops.tsv");
        Path resultsFile = workDir.resolve("engine-results.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ops.size(); i++) {
            sb.append(i).append('\t').append(ops.get(i).program()).append('\t').append(workDir);
            for (String a : ops.get(i).args()) {
                sb.append('\t').append(a);
            }
            sb.append('\n');
        }
        Files.writeString(opsFile, sb);
        Files.deleteIfExists(resultsFile);
        Files.createFile(resultsFile);
        Map<Integer, ToolResult> out = new HashMap<>();
        int next = 0;
        jvmStarts = 0;
        while (next < ops.size()) {
            jvmStarts++;
            Path log = workDir.resolve("engine-jvm-" + jvmStarts + ".log");
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(javaBin, "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED", "-cp", classpath, HostileToolRunner.class.getName(),
                    opsFile.toString(), resultsFile.toString(), Integer.toString(next), Long.toString(timeout.toSeconds()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            // the child bounds each operation itself; this outer bound only catches a wedged JVM
            long outer = timeout.toMillis() * (ops.size() - next) + 60_000L;
            boolean done = p.waitFor(outer, TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            int exit = done ? p.exitValue() : -1;
            int lastBegin = -1;
            for (String line : Files.readAllLines(resultsFile, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ", 4);
                int id = Integer.parseInt(f[1]);
                switch (f[0]) {
                    case "BEGIN" -> lastBegin = id;
                    case "END" -> {
                        out.put(id, new ToolResult(Integer.parseInt(f[2]), "", "",
                                new String(Base64.getDecoder().decode(f.length > 3 ? f[3] : ""), StandardCharsets.UTF_8)));
                        lastBegin = -1;
                    }
                    case "HANG" -> {
                        String msg = "jiotests-hostile: HANG: no result within " + timeout.toSeconds() + " s";
                        out.put(id, new ToolResult(HostileToolRunner.HANG_EXIT, "", "", msg));
                        lastBegin = -1;
                        next = id + 1;
                    }
                    default -> throw new IOException("bad results line: " + line);
                }
                if (out.containsKey(id)) {
                    next = Math.max(next, id + 1);
                }
            }
            if (lastBegin >= 0) {
                String tail = tail(log);
                String kind = exit == HostileToolRunner.OOM_EXIT || tail.contains("OutOfMemoryError") ? "OOM" : "CRASH";
                out.put(lastBegin, new ToolResult(exit, "", "", "jiotests-hostile: " + kind + ": child JVM exit " + exit + "\n" + tail));
                next = lastBegin + 1;
            } else if (exit != 0 && next < ops.size()) {
                throw new IOException("engine child JVM failed before any operation (exit " + exit + "): " + tail(log));
            }
            Files.writeString(resultsFile, "");
        }
        return out;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        String s = Files.readString(log, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
