package io.jiotests.harness;

import io.jiotests.harness.backend.Backend;
import io.jiotests.harness.backend.BackendRegistry;
import io.jiotests.harness.backend.QemuBackend;
import io.jiotests.harness.backend.RunEnvironment;
import io.jiotests.harness.cli.CheckOptions;
import io.jiotests.harness.report.ConsoleReporter;
import io.jiotests.harness.report.ReportWriter;
import io.jiotests.harness.run.CaseResult;
import io.jiotests.harness.run.CaseRunner;
import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.Expectations;
import io.jiotests.harness.run.Golden;
import io.jiotests.harness.run.GoldenUpdate;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.KnownImageDifferences;
import io.jiotests.harness.run.Plan;
import io.jiotests.harness.run.RepoLayout;
import io.jiotests.harness.run.Selection;
import io.jiotests.harness.run.Suite;
import io.jiotests.harness.run.TestCase;
import io.jiotests.harness.run.TestCatalog;
import io.jiotests.harness.run.TestInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ./check: runs the conformance tests on implementations and compares with golden outputs. */
public final class Check {

    private Check() {
    }

    public static void main(String[] args) {
        int rc = run(args, System.out, System.err, System.getenv(), RepoLayout.locate());
        System.out.flush();
        System.exit(rc);
    }

    /** Runs ./check; returns the exit code (0 all as expected, 1 unexpected outcomes, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, RepoLayout repo) {
        CheckOptions o;
        try {
            o = CheckOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("check: " + e.getMessage());
            err.print(CheckOptions.USAGE);
            return 2;
        }
        if (o.help) {
            out.print(CheckOptions.USAGE);
            return 0;
        }
        List<String> impls = new ArrayList<>(o.impls);
        if (impls.isEmpty()) {
            if (o.updateGolden || QemuBackend.hostHasQemuImg(env)) {
                impls.add("qemu");
            }
            if (!o.updateGolden) {
                impls.add("java");
            }
        }
        Selection selection;
        try {
            selection = Selection.parse(o.selectors);
        } catch (IllegalArgumentException e) {
            err.println("check: " + e.getMessage());
            return 2;
        }
        List<TestInfo> catalog = TestCatalog.discover();
        List<TestCase> cases = Plan.build(catalog, selection, o.groups, o.excludeGroups, o.formats, o.proto, impls);
        ConsoleReporter console = new ConsoleReporter(out, o.showCommands);
        if (o.dryRun) {
            console.dryRun(cases);
            return 0;
        }
        if (cases.isEmpty()) {
            err.println("check: no test matches the selection");
            return 1;
        }
        Path workRoot;
        boolean tempWork = o.workDir == null;
        try {
            workRoot = tempWork ? Files.createTempDirectory("jiotests-") : Files.createDirectories(o.workDir.toAbsolutePath());
        } catch (IOException e) {
            err.println("check: cannot create the work directory: " + e.getMessage());
            return 2;
        }
        RunEnvironment renv = new RunEnvironment(repo.root(), workRoot, env);
        BackendRegistry registry = new BackendRegistry();
        Map<String, Backend> backends = new LinkedHashMap<>();
        try {
            for (String impl : impls) {
                backends.put(impl, registry.create(impl, renv));
            }
            if (o.updateGolden) {
                for (Backend b : backends.values()) {
                    if (!b.isReference()) {
                        err.println("check: refusing --update-golden from '" + b.name()
                                + "': golden outputs come only from a reference implementation (qemu)");
                        return 2;
                    }
                }
                if (backends.size() != 1) {
                    err.println("check: --update-golden takes exactly one reference implementation");
                    return 2;
                }
            }
            Golden golden = new Golden(o.goldenDir != null ? o.goldenDir.toAbsolutePath() : repo.golden());
            Path expDir = o.expectationsDir != null ? o.expectationsDir : repo.expectations();
            Map<String, Expectations> expectations = new LinkedHashMap<>();
            for (String impl : impls) {
                expectations.put(impl, o.updateGolden
                        ? Expectations.none() : Expectations.load(Expectations.fileFor(expDir, impl)));
            }
            CaseRunner runner = new CaseRunner(golden, workRoot, o.imgOpts, o.timeout, o.keep, env);
            runner.compareImages(backends.size() > 1 && !o.updateGolden);
            List<JudgedResult> judged = new ArrayList<>();
            List<CaseResult> results = Suite.run(cases, backends, runner, o.jobs, r -> {
                if (o.updateGolden) {
                    return;
                }
                JudgedResult j = JudgedResult.judge(r, expectations.get(r.testCase().impl()));
                judged.add(j);
                console.result(j);
            });
            if (o.updateGolden) {
                for (CaseResult r : GoldenUpdate.apply(golden, results, o.formats, out)) {
                    JudgedResult j = JudgedResult.judge(r, Expectations.none());
                    judged.add(j);
                    console.result(j);
                }
            }
            List<CrossCheck> cross = CrossCheck.compare(judged, backends.size() > 1
                    ? new io.jiotests.harness.compare.CheckpointComparer(backends, o.timeout) : null);
            cross = KnownImageDifferences.apply(cross, expDir);
            cross.forEach(console::crossCheck);
            if (o.writeExpectations != null) {
                for (String impl : impls) {
                    Path file = Expectations.fileFor(expDir, impl);
                    Files.createDirectories(file.getParent());
                    List<CaseResult> mine = results.stream().filter(r -> r.testCase().impl().equals(impl)).toList();
                    Files.writeString(file, Expectations.render(impl, mine, Expectations.load(file)), StandardCharsets.UTF_8);
                    out.println("Wrote " + file);
                }
            }
            Path reportDir = o.reportDir != null ? o.reportDir.toAbsolutePath() : repo.reports();
            new ReportWriter(reportDir, repo.root()).write(judged, cross);
            boolean ok = console.summary(judged, cross);
            out.println("Reports: " + reportDir);
            if (o.writeExpectations != null) {
                return 0;
            }
            return ok ? 0 : 1;
        } catch (IOException e) {
            err.println("check: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("check: " + e.getMessage());
            return 2;
        } finally {
            backends.values().forEach(Backend::close);
            if (tempWork && !o.keep) {
                deleteQuietly(workRoot);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // scratch leftovers are harmless
        }
    }
}
