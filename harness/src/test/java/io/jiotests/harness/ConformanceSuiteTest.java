package io.jiotests.harness;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.jiotests.harness.backend.Backend;
import io.jiotests.harness.backend.BackendRegistry;
import io.jiotests.harness.backend.QemuBackend;
import io.jiotests.harness.backend.RunEnvironment;
import io.jiotests.harness.compare.CheckpointComparer;
import io.jiotests.harness.compare.ImageMatch;
import io.jiotests.harness.container.DockerEngine;
import io.jiotests.harness.container.QemuContainerBackend;
import io.jiotests.harness.report.ReportWriter;
import io.jiotests.harness.run.CaseResult;
import io.jiotests.harness.run.CaseRunner;
import io.jiotests.harness.run.Checkpoint;
import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.KnownImageDifferences;
import io.jiotests.harness.run.Expectations;
import io.jiotests.harness.run.Golden;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.Plan;
import io.jiotests.harness.run.RepoLayout;
import io.jiotests.harness.run.Selection;
import io.jiotests.harness.run.TestCase;
import io.jiotests.harness.run.TestCatalog;
import io.jiotests.harness.run.TestInfo;
import io.jiotests.harness.run.Verdict;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * The conformance suite as JUnit Platform tests: one node per implementation x test x format,
 * each asserting that the outcome equals the implementation's expectation (the diff in the failure
 * message). Implementations: qemu (when qemu-img is on PATH; under CI=true its absence fails),
 * java, java-cli, java-daemon (the launchers with JQEMU_DAEMON=on; its client needs cc, and under
 * CI=true its absence fails), and the reference containers qemu-container:V (reference-qemu/releases.tsv) on
 * the quick group when a Docker engine answers (under CI=true a missing engine fails); override
 * with -Djiotests.impls=a,b, select tests with -Djiotests.tests=001-012,020. Runs are executed in parallel up front; the
 * nodes wait for their result. Reports (JUnit XML, TAP, results.json) go to reports/ like ./check,
 * Allure results to target/allure-results.
 */
@org.junit.jupiter.api.DisplayName("conformance")
class ConformanceSuiteTest {

    private static final List<JudgedResult> RESULTS = Collections.synchronizedList(new ArrayList<>());
    private static final List<Backend> BACKENDS = new ArrayList<>();
    private static ExecutorService pool;
    private static ExecutorService javaPool;
    private static Path workRoot;
    private static RepoLayout repo;
    private static CheckpointComparer IMAGES;

    @TestFactory
    Stream<DynamicNode> conformance() throws IOException {
        repo = RepoLayout.locate();
        Map<String, String> env = System.getenv();
        List<String> impls = new ArrayList<>();
        List<DynamicNode> nodes = new ArrayList<>();
        String configured = System.getProperty("jiotests.impls", "");
        if (!configured.isBlank()) {
            impls.addAll(Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        } else {
            if (QemuBackend.hostHasQemuImg(env)) {
                impls.add("qemu");
            } else {
                nodes.add(dynamicTest("qemu reference available", () -> {
                    if ("true".equals(env.get("CI"))) {
                        throw new AssertionFailedError("qemu-img is not on PATH but CI=true: the reference must run in CI "
                                + "(bash .ci/setup installs qemu-utils)");
                    }
                    Assumptions.abort("qemu-img not on PATH: the reference implementation is not run here");
                }));
            }
            impls.add("java");
            impls.add("java-cli");
            Path client = repo.root().resolve("engine/target/native/jqemu-client");
            if (Files.isExecutable(client)) {
                impls.add("java-daemon");
            } else {
                nodes.add(dynamicTest("java-daemon client built", () -> {
                    String why = "no " + client + ": bin/jqemu-aot-train builds it during mvn package when cc is present";
                    if ("true".equals(env.get("CI"))) {
                        throw new AssertionFailedError(why + "; CI=true needs it (bash .ci/setup installs gcc)");
                    }
                    Assumptions.abort("not run: " + why);
                }));
            }
        }
        List<TestInfo> catalog = TestCatalog.discover();
        String only = System.getProperty("jiotests.tests", "");
        Selection selection = only.isBlank() ? Selection.all() : Selection.parse(List.of(only.split(",")));
        List<TestCase> cases = new ArrayList<>();
        // java-cli starts a JVM per qemu-img/qemu-io call (about 1-2 s each on a loaded 2-core machine,
        // 15-25 s per case): in mvn verify it runs the foundation cases 001-012, which reach every
        // subcommand family; -Djiotests.cliTests=all (or a range list) widens it, ./check --impl java-cli
        // runs everything.
        String cliOnly = System.getProperty("jiotests.cliTests", "001-012");
        Selection cliSelection = cliOnly.equals("all") ? selection : Selection.parse(List.of(cliOnly.split(",")));
        for (TestCase tc : Plan.build(catalog, selection, Set.of(), Set.of(), List.of(), "file", impls)) {
            if (!tc.impl().equals("java-cli") || cliSelection.matches(tc.test().number())) {
                cases.add(tc);
            }
        }
        // The reference containers (reference-qemu/) run the quick group, one node per version.
        List<String> containers = configured.isBlank() ? containerImpls(repo.root(), env, nodes) : List.of();
        cases.addAll(Plan.build(catalog, selection, Set.of("quick"), Set.of(), List.of(), "file", containers));
        impls.addAll(containers);
        workRoot = Files.createTempDirectory("jiotests-verify-");
        RunEnvironment renv = new RunEnvironment(repo.root(), workRoot, env);
        BackendRegistry registry = new BackendRegistry();
        Map<String, Backend> backends = new LinkedHashMap<>();
        Map<String, Expectations> expectations = new LinkedHashMap<>();
        for (String impl : impls) {
            Backend b = registry.create(impl, renv);
            BACKENDS.add(b);
            backends.put(impl, b);
            expectations.put(impl, Expectations.load(Expectations.fileFor(repo.expectations(), impl)));
        }
        CaseRunner runner = new CaseRunner(new Golden(repo.golden()), workRoot, "", Duration.ofSeconds(120), false, env);
        runner.compareImages(impls.size() > 1); // end-of-test and checkpoint images compared across implementations
        IMAGES = impls.size() > 1 ? new CheckpointComparer(backends, Duration.ofSeconds(120)) : null;
        pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        // the in-process engine's cases run first, one at a time, before anything else starts: a
        // process this JVM spawns (the other implementations, qemu-img for comparisons) holds a
        // copy of every descriptor open at that instant until it execs, so an image the engine
        // has just closed can stay locked for a moment and the engine's next open of it fails
        // ("Failed to get "write" lock", seen in CI rehearsals; -j 1 runs never show it)
        javaPool = Executors.newSingleThreadExecutor();
        Map<TestCase, CompletableFuture<JudgedResult>> futures = new LinkedHashMap<>();
        java.util.function.Function<TestCase, CompletableFuture<JudgedResult>> submit = tc ->
                CompletableFuture.supplyAsync(() -> {
                    CaseResult r = runner.run(tc, backends.get(tc.impl()));
                    JudgedResult j = JudgedResult.judge(r, expectations.get(tc.impl()));
                    RESULTS.add(j);
                    return j;
                }, tc.impl().equals("java") ? javaPool : pool);
        for (TestCase tc : cases) {
            if (tc.impl().equals("java")) {
                futures.put(tc, submit.apply(tc));
            }
        }
        CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).join();
        for (TestCase tc : cases) {
            if (!tc.impl().equals("java")) {
                futures.put(tc, submit.apply(tc));
            }
        }
        for (String impl : impls) {
            List<DynamicNode> tests = new ArrayList<>();
            for (TestCase tc : cases) {
                if (tc.impl().equals(impl)) {
                    CompletableFuture<JudgedResult> f = futures.get(tc);
                    tests.add(dynamicTest(tc.label() + ": " + tc.test().title(), () -> check(f.join())));
                }
            }
            nodes.addAll(tests);
        }
        if (impls.size() > 1) {
            nodes.add(dynamicTest("implementations agree where both match golden", () -> {
                CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).join();
                List<CrossCheck> all = KnownImageDifferences.apply(CrossCheck.compare(ordered(), IMAGES), repo.expectations());
                Allure.addAttachment("image comparisons", "text/plain", imageComparisons(all), ".txt");
                List<CrossCheck> bad = all.stream().filter(CrossCheck::unexpected).toList();
                if (!bad.isEmpty()) {
                    StringBuilder sb = new StringBuilder();
                    for (CrossCheck c : bad) {
                        sb.append(c.test()).append(' ').append(c.fmt()).append(' ').append(c.left()).append(" vs ")
                                .append(c.right()).append('\n').append(String.join("\n", c.imageNotes())).append(c.diff());
                    }
                    throw new AssertionFailedError(sb.toString());
                }
            }));
        }
        return nodes.stream();
    }

    /**
     * qemu-container:V for every version in reference-qemu/releases.tsv when a Docker engine answers;
     * otherwise one node saying why, which fails under CI=true (.ci/setup starts the engine and
     * builds the images there) and is aborted (reported as not run) elsewhere.
     */
    private static List<String> containerImpls(Path root, Map<String, String> env, List<DynamicNode> nodes)
            throws IOException {
        List<String> out = new ArrayList<>();
        Path releases = root.resolve("reference-qemu/releases.tsv");
        if (Files.exists(releases)) {
            for (String line : Files.readAllLines(releases)) {
                String[] f = line.split("\t");
                if (!line.isBlank() && !line.startsWith("#") && f.length >= 2) {
                    out.add(QemuContainerBackend.PREFIX + f[1].strip());
                }
            }
        }
        var why = DockerEngine.unavailableReason();
        if (why.isEmpty() || out.isEmpty()) {
            return out;
        }
        nodes.add(dynamicTest("reference QEMU containers " + out + " available", () -> {
            if ("true".equals(env.get("CI"))) {
                throw new AssertionFailedError("CI=true but the reference containers cannot run: " + why.get()
                        + " (bash .ci/setup starts dockerd and builds them with reference-qemu/build.sh)");
            }
            Assumptions.abort("not run: " + why.get());
        }));
        return List.of();
    }

    /** Per pair of implementations and checkpoint image: required level, level reached, first differing byte. */
    private static String imageComparisons(List<CrossCheck> checks) {
        StringBuilder sb = new StringBuilder();
        for (CrossCheck c : checks) {
            for (ImageMatch m : c.images()) {
                sb.append(c.test()).append(' ').append(c.fmt()).append(' ').append(c.left()).append(" vs ").append(c.right())
                        .append(", checkpoint '").append(m.checkpoint()).append("' ").append(m.image()).append(": required ")
                        .append(m.required()).append(", reached ").append(m.reached());
                if (m.firstDiff() >= 0) {
                    sb.append(", first differing byte ").append(m.firstDiff()).append(" (").append(m.field()).append(')');
                }
                sb.append('\n');
                if (!m.holds() || !m.reached().equals("bytes")) {
                    m.levels().forEach(l -> sb.append("    ").append(l).append('\n'));
                }
            }
            c.imageNotes().stream().filter(n -> !n.startsWith("checkpoint '"))
                    .forEach(n -> sb.append(c.test()).append(' ').append(c.fmt()).append(": ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static void check(JudgedResult j) {
        CaseResult r = j.result();
        Allure.addAttachment("output (filtered)", "text/plain", r.output(), ".txt");
        Allure.addAttachment("commands", "text/plain", String.join("\n", r.commands()), ".txt");
        if (!r.diff().isEmpty()) {
            Allure.addAttachment("diff against " + r.golden().getFileName(), "text/plain", r.diff(), ".diff");
        }
        if (!r.checkpoints().isEmpty()) {
            StringBuilder images = new StringBuilder();
            for (Checkpoint cp : r.checkpoints()) {
                for (Checkpoint.Image im : cp.images()) {
                    images.append("checkpoint '").append(cp.label()).append("': ").append(im.name()).append(", ")
                            .append(im.size() < 0 ? "missing" : im.size() + " bytes, sha256 " + im.sha256()).append('\n');
                }
            }
            Allure.addAttachment("images (checkpoints)", "text/plain", images.toString(), ".txt");
        }
        switch (j.verdict()) {
            case PASS -> { }
            case EXPECTED_FAIL -> Allure.description("expected fail: " + j.expectation());
            case NOT_RUN -> Assumptions.abort("not run: " + r.reason());
            case FAIL, UNEXPECTED_PASS, UNEXPECTED_NOT_RUN -> {
                String msg = j.verdict().label() + ": " + (r.reason().isEmpty() ? "" : r.reason())
                        + (j.verdict() == Verdict.UNEXPECTED_PASS
                        ? "listed in harness/expectations as '" + j.expectation() + "' - remove the line" : "")
                        + (r.diff().isEmpty() ? "" : "\n" + r.diff());
                throw new AssertionFailedError(msg);
            }
        }
    }

    private static List<JudgedResult> ordered() {
        List<JudgedResult> list;
        synchronized (RESULTS) {
            list = new ArrayList<>(RESULTS);
        }
        list.sort(Comparator.comparing((JudgedResult j) -> j.testCase().test().number())
                .thenComparing(j -> j.testCase().fmt()).thenComparing(j -> j.testCase().impl()));
        return list;
    }

    @AfterAll
    static void writeReports() throws IOException {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (javaPool != null) {
            javaPool.shutdownNow();
        }
        if (repo != null && !RESULTS.isEmpty()) {
            List<JudgedResult> all = ordered();
            new ReportWriter(repo.reports(), repo.root()).write(all, CrossCheck.compare(all, IMAGES));
        }
        BACKENDS.forEach(Backend::close); // after the report: its image comparisons still use them
        if (workRoot != null && Files.exists(workRoot)) {
            try (var s = Files.walk(workRoot)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
