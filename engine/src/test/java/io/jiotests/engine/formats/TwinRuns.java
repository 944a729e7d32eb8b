package io.jiotests.engine.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Assertions of the differential write properties: the same commands run by the reference on one
 * twin image and by the engine on the other must print the same, exit the same and leave the same
 * bytes behind.
 */
public final class TwinRuns {
    private TwinRuns() {
    }

    /**
     * Same stdout, stderr (the engine's image name {@code javaName} read as {@code qemuName}) and
     * exit code.
     */
    public static void assertSameRun(ToolRuns.Result want, ToolRuns.Result got, List<String> commands,
                                     String qemuName, String javaName) {
        assertThat(got.stdout()).as("stdout of %s", commands).isEqualTo(want.stdout());
        assertThat(got.stderr().replace(javaName, qemuName)).as("stderr of %s", commands).isEqualTo(want.stderr());
        assertThat(got.exit()).as("exit of %s", commands).isEqualTo(want.exit());
    }

    /** Same file size and no differing byte. */
    public static void assertSameBytes(Path want, Path got, Object after) throws IOException {
        assertThat(Files.size(got)).as("file size after %s", after).isEqualTo(Files.size(want));
        assertThat(Files.mismatch(got, want)).as("first differing byte after %s", after).isEqualTo(-1L);
    }

    /**
     * qemu-img {@code sub --output=json -f fmt} (map, check, ...) on both twins, by the reference and
     * by the engine: the same JSON and exit code.
     */
    public static void assertSameJson(Path dir, String fmt, String qemuName, String javaName, Object after,
                                      String... subs) throws IOException, InterruptedException {
        for (String sub : subs) {
            ToolRuns.Result wm = ToolRuns.qemu(dir, "qemu-img", List.of(sub, "--output=json", "-f", fmt, qemuName));
            ToolRuns.Result gm = ToolRuns.java(dir, "qemu-img", List.of(sub, "--output=json", "-f", fmt, javaName));
            assertThat(gm.stdout().replace(javaName, qemuName)).as("%s after %s", sub, after).isEqualTo(wm.stdout());
            assertThat(gm.exit()).as("%s exit after %s", sub, after).isEqualTo(wm.exit());
        }
    }

    /** Runs a reference command ({@code qemu-img ...} or {@code qemu-io ...}) in {@code dir} that must succeed. */
    public static void reference(Path dir, List<String> command) throws IOException, InterruptedException {
        ToolRuns.Result r = ToolRuns.qemu(dir, command.get(0), command.subList(1, command.size()));
        assertThat(r.exit()).as(command + ": " + r.stderr()).isZero();
    }

    /**
     * {@code qemu-img create -f fmt} with the options of {@code spec} ("opt|opt|...|size", an empty
     * size for none) by the reference as q.EXT and by the engine as j.EXT: the same messages and exit
     * code, and the same bytes when the reference made a file.
     */
    public static void assertSameCreate(Path dir, String fmt, String ext, String spec)
            throws IOException, InterruptedException {
        List<String> opts = new ArrayList<>(List.of(spec.split("\\|", -1)));
        String size = opts.remove(opts.size() - 1);
        opts.removeIf(String::isEmpty);
        String qName = "q." + ext;
        String jName = "j." + ext;
        List<String> q = new ArrayList<>(List.of("create", "-f", fmt));
        q.addAll(opts);
        q.add(qName);
        List<String> j = new ArrayList<>(q);
        j.set(j.size() - 1, jName);
        if (!size.isEmpty()) {
            q.add(size);
            j.add(size);
        }
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-img", q);
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", j);
        assertThat(got.stderr().replace(jName, qName)).as(spec).isEqualTo(want.stderr());
        assertThat(got.stdout().replace(jName, qName)).as(spec).isEqualTo(want.stdout());
        assertThat(got.exit()).as(spec).isEqualTo(want.exit());
        assertThat(Files.exists(dir.resolve(jName))).as(spec).isEqualTo(Files.exists(dir.resolve(qName)));
        if (Files.exists(dir.resolve(qName))) {
            assertThat(Files.mismatch(dir.resolve(jName), dir.resolve(qName))).as(spec).isEqualTo(-1L);
        }
    }

    /** Removes a test's directory tree. */
    public static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
