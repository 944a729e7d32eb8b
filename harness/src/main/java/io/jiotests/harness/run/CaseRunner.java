package io.jiotests.harness.run;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.NotRunException;
import io.jiotests.harness.backend.Backend;
import io.jiotests.harness.backend.ProcessRunner;
import io.jiotests.harness.report.UnifiedDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs one test case in a fresh test directory and compares its filtered log with golden. */
public final class CaseRunner {

    private final Golden golden;
    private final Path workRoot;
    private final String imgOpts;
    private final Duration callTimeout;
    private final boolean keepDirs;
    private final Map<String, String> env;

    public CaseRunner(Golden golden, Path workRoot, String imgOpts, Duration callTimeout, boolean keepDirs,
                      Map<String, String> env) {
        this.golden = golden;
        this.workRoot = workRoot;
        this.imgOpts = imgOpts;
        this.callTimeout = callTimeout;
        this.keepDirs = keepDirs;
        this.env = env;
    }

    private boolean compareImages;
    /** TEST_IMG files larger than this (e.g. sparse multi-TB images) are compared by size only at the end. */
    private static final long AUTO_CHECKPOINT_MAX = 256L << 20;

    /**
     * With several implementations in a run: record TEST_IMG as a checkpoint at the end of every
     * test and keep copies of checkpoint images, for the image comparison of the cross-checks.
     */
    public void compareImages(boolean on) {
        this.compareImages = on;
    }

    /** The directory a case runs in: WORK/NNN-FMT-IMPL (unique per case, so -j is safe). */
    public Path testDirFor(TestCase tc) {
        return workRoot.resolve(tc.test().id() + "-" + tc.fmt() + "-" + tc.proto() + "-" + TestCase.safeImpl(tc.impl()));
    }

    public CaseResult run(TestCase tc, Backend backend) {
        long start = System.nanoTime();
        Path dir = testDirFor(tc);
        Path goldenFile = golden.fileFor(tc.test(), tc.fmt(), tc.impl());
        Optional<String> unavailable = backend.unavailableReason();
        if (unavailable.isPresent()) {
            return notRun(tc, unavailablePrefix(tc.impl()) + unavailable.get(), goldenFile, start, dir);
        }
        for (String program : tc.test().requires()) {
            if (ProcessRunner.findExecutable(program, env).isEmpty()) {
                return notRun(tc, "missing program " + program, goldenFile, start, dir);
            }
        }
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare test directory " + dir, e);
        }
        DefaultTestContext ctx = new DefaultTestContext(backend, dir, tc.fmt(), tc.proto(), imgOpts, callTimeout);
        if (compareImages) {
            ctx.saveCheckpointImagesTo(workRoot.resolve(".checkpoints").resolve(dir.getFileName()));
        }
        String crash = null;
        try {
            ConformanceTest test = tc.test().instantiate();
            test.run(ctx);
            Path testImg = Path.of(ctx.testImg());
            if (compareImages && Files.isRegularFile(testImg)) {
                if (Files.size(testImg) <= AUTO_CHECKPOINT_MAX) {
                    ctx.checkpoint("end of test", testImg);
                } else {
                    ctx.checkpointSizeOnly("end of test", testImg);
                }
            }
        } catch (NotRunException e) {
            cleanup(dir);
            return notRun(tc, e.getMessage(), goldenFile, start, dir);
        } catch (Throwable e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            crash = sw.toString();
        }
        String output = ctx.output();
        if (crash != null) {
            output = output + "jiotests: the test itself threw " + crash;
        }
        Optional<String> expected = golden.read(goldenFile);
        String diff = UnifiedDiff.diff(expected.orElse(""), output,
                golden.dir().getParent() == null ? goldenFile.toString() : golden.dir().getParent().relativize(goldenFile).toString(),
                tc.test().id() + ".out.bad", 3);
        Outcome outcome;
        String reason;
        if (expected.isEmpty()) {
            outcome = Outcome.FAIL;
            reason = "missing golden output " + goldenFile.getFileName();
        } else if (crash != null) {
            outcome = Outcome.FAIL;
            reason = "test threw " + crash.lines().findFirst().orElse("");
        } else if (diff.isEmpty()) {
            outcome = Outcome.PASS;
            reason = "";
        } else {
            outcome = Outcome.FAIL;
            reason = harnessNote(output).orElse("output differs: " + firstChange(diff));
        }
        if (outcome == Outcome.PASS && !compareImages) { // compared images may need their backing files
            cleanup(dir);
        }
        return new CaseResult(tc, outcome, reason, output, goldenFile, diff, elapsed(start), ctx.commands(),
                ctx.checkpoints(), dir);
    }

    /** How the reason of a case starts when its implementation cannot run here. */
    static String unavailablePrefix(String impl) {
        return "implementation " + impl + " unavailable: ";
    }

    /** The first removed and the first added line of a diff, for one-line summaries. */
    static String firstChange(String diff) {
        String removed = null;
        String added = null;
        for (String line : diff.lines().toList()) {
            if (line.startsWith("---") || line.startsWith("+++")) {
                continue;
            }
            if (removed == null && line.startsWith("-")) {
                removed = line.substring(1);
            } else if (added == null && line.startsWith("+")) {
                added = line.substring(1);
            }
            if (removed != null && added != null) {
                break;
            }
        }
        return "expected " + (removed == null ? "nothing" : "'" + clip(removed) + "'")
                + ", got " + (added == null ? "nothing" : "'" + clip(added) + "'");
    }

    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    /** The first note the harness itself put into the output ("jiotests: ..."), e.g. a missing tool. */
    static Optional<String> harnessNote(String output) {
        return output.lines().filter(l -> l.startsWith("jiotests: ")).findFirst().map(CaseRunner::clip);
    }

    private CaseResult notRun(TestCase tc, String reason, Path goldenFile, long start, Path dir) {
        return new CaseResult(tc, Outcome.NOT_RUN, reason, "", goldenFile, "", elapsed(start), List.of(), List.of(), dir);
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void cleanup(Path dir) {
        if (!keepDirs) {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                // leftovers in the scratch area are harmless
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
