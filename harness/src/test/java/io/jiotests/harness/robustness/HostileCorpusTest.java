package io.jiotests.harness.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.backend.QemuBackend;
import io.jiotests.harness.hostile.HostileCorpus;
import io.jiotests.harness.hostile.HostileImage;
import io.jiotests.harness.hostile.HostileOutcome;
import io.jiotests.harness.hostile.HostileReport;
import io.jiotests.harness.hostile.HostileResult;
import io.jiotests.harness.hostile.HostileRun;
import io.jiotests.harness.run.RepoLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The hostile corpus (issue 8): every generated image is opened with info, check, convert and
 * qemu-io reads by the reference and by the engine (child JVM, -Xmx256m, 20 s per operation).
 * Crashes, hangs and OOM fail the test; an outcome that differs from the reference must be listed
 * in images/hostile/known-differences.txt with a reason, and a listed one that now matches fails as
 * an unexpected pass, so the list only shrinks.
 */
class HostileCorpusTest {

    static final String HEAP = "256m";
    static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void engineMatchesReferenceOnHostileImagesWithoutCrashHangOrOom() throws Exception {
        Assumptions.assumeTrue(QemuBackend.hostHasQemuImg(System.getenv()), "not run: reference qemu-img not installed");
        RepoLayout repo = RepoLayout.locate();
        Path work = repo.root().resolve("harness/target/hostile");
        TestDirs.recreate(work);
        HostileCorpus corpus = new HostileCorpus(work, System.getenv());
        List<HostileImage> images = corpus.generate(java.util.Optional.empty());
        String only = System.getProperty("jiotests.hostile.only", "");
        if (!only.isBlank()) {
            images = images.stream().filter(i -> i.name().startsWith(only)).toList();
        }
        runAndJudge(repo, work, images, corpus.notes(), "hostile");
    }

    /** The fuzzer-found images of QEMU's test suite (shared sample folder; "not run" with the reason if missing). */
    @Test
    void fuzzerFoundSampleImages() throws Exception {
        Assumptions.assumeTrue(QemuBackend.hostHasQemuImg(System.getenv()), "not run: reference qemu-img not installed");
        RepoLayout repo = RepoLayout.locate();
        java.util.Optional<Path> samples = HostileCorpus.locateSamples(repo.root());
        Assumptions.assumeTrue(samples.isPresent(), "not run: shared sample-images folder not found"
                + " (../shared/sample-images beside the clone, /work/shared/sample-images or -Djiotests.samples)");
        Path work = repo.root().resolve("harness/target/hostile-samples");
        TestDirs.recreate(work);
        HostileCorpus corpus = new HostileCorpus(work, System.getenv());
        List<HostileImage> images = corpus.samplesOnly(samples.get());
        Assumptions.assumeTrue(!images.isEmpty(), () -> "not run: " + String.join("; ", corpus.notes()));
        runAndJudge(repo, work, images, corpus.notes(), "hostile-samples");
    }

    private static void runAndJudge(RepoLayout repo, Path work, List<HostileImage> images, List<String> corpusNotes,
                                    String reportName) throws Exception {
        Map<String, String> env = System.getenv();
        // the engine under test: this build's class path, or another build's (-Djiotests.hostile.classpath)
        String cp = System.getProperty("jiotests.hostile.classpath", System.getProperty("java.class.path"));
        HostileRun run = new HostileRun(work, env, cp, HEAP, BOUND);
        List<HostileResult> results = run.run(images);
        List<String> notes = new ArrayList<>(corpusNotes);
        notes.add("engine JVMs started: " + run.jvmStarts());
        String bounds = "-Xmx" + HEAP + ", " + BOUND.toSeconds() + " s per operation";
        HostileReport.write(repo.reports().resolve("robustness"), reportName, results, images.size(), notes, bounds);
        System.out.println(HostileReport.table(results, images.size(), notes, bounds));

        List<String> fatal = results.stream().filter(r -> r.outcome().fatal())
                .map(r -> r.op().key() + ": " + r.outcome() + ": " + r.javaText()).toList();
        assertThat(fatal).as("crashes, hangs and OOM on hostile images").isEmpty();

        KnownDifferences known = KnownDifferences.load(repo.root().resolve("images/hostile/known-differences.txt"));
        List<String> unexpected = new ArrayList<>();
        for (HostileResult r : results) {
            boolean listed = known.contains(r.op().key());
            if (r.outcome() == HostileOutcome.DIFFERENT && !listed) {
                unexpected.add("differs from the reference (not in known-differences.txt): " + r.op().key()
                        + "\n  reference rc=" + r.refRc() + ": " + r.refText().strip()
                        + "\n  engine    rc=" + r.javaRc() + ": " + r.javaText().strip());
            } else if (r.outcome() == HostileOutcome.EQUAL && listed) {
                unexpected.add("unexpected pass (remove it from known-differences.txt): " + r.op().key());
            }
        }
        assertThat(unexpected).as("outcomes against images/hostile/known-differences.txt").isEmpty();

        long notAvailable = results.stream().filter(r -> r.outcome() == HostileOutcome.NOT_AVAILABLE).count();
        Assumptions.assumeTrue(notAvailable == 0, () -> "partly not run: " + notAvailable + " of " + results.size()
                + " operations need a tool the engine does not register yet (jqemu-img / jqemu-io)");
    }

    /** Generated images are all distinct from their base, names unique: the generator really mutates. */
    @Test
    void generatorMutatesEveryImage() throws Exception {
        Assumptions.assumeTrue(QemuBackend.hostHasQemuImg(System.getenv()), "not run: reference qemu-img not installed");
        Path work = RepoLayout.locate().root().resolve("harness/target/hostile-gen");
        TestDirs.recreate(work);
        List<HostileImage> images = new HostileCorpus(work, System.getenv()).generate(java.util.Optional.empty());
        assertThat(images).hasSizeGreaterThan(200);
        assertThat(images.stream().map(HostileImage::name).distinct().count()).isEqualTo(images.size());
        for (HostileImage img : images) {
            Path base = work.resolve("base." + img.format());
            if (img.name().startsWith(img.format() + "/") && Files.exists(base) && !img.name().contains("backing") && !img.name().contains("cycle")) {
                assertThat(Files.mismatch(base, img.file())).as(img.name() + " differs from its base").isNotEqualTo(-1L);
            }
        }
    }
}
