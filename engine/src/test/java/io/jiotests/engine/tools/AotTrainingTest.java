package io.jiotests.engine.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT training workloads must still do what they claim: each run meant to succeed exits 0 and
 * each error-path run fails (a run that silently fails trains the cache on an error path only);
 * the start-up cache's runs do so on the images the first training leaves behind.
 */
class AotTrainingTest {

    @Test
    void everyTrainingRunEndsAsIntended(@TempDir Path dir) {
        List<AotTraining.Run> runs = AotTraining.runs(dir);
        assertThat(wronglyEnded(runs, dir)).as("training runs that did not end as intended").isEmpty();
        assertThat(runs).filteredOn(r -> !r.fails()).hasSizeGreaterThan(40);
        assertThat(runs.stream().map(r -> r.argv().size() > 1 ? r.argv().get(1) : "").distinct())
                .contains("create", "info", "map", "check", "convert", "compare", "resize", "rebase", "commit",
                        "snapshot", "amend", "bench", "measure", "dd", "bitmap");

        List<AotTraining.Run> start = AotTraining.startRuns(dir);
        assertThat(wronglyEnded(start, dir)).as("start-up training runs that did not end as intended").isEmpty();
        assertThat(start).filteredOn(r -> !r.fails()).hasSizeGreaterThan(15);
        assertThat(start.stream().map(r -> r.argv().get(1)).distinct())
                .containsExactlyInAnyOrder("info", "map", "check", "--version", "--help");
    }

    /** The daemon warm-up's image really has the many extents its map, check and info are there for. */
    @Test
    void theWarmUpImageOfManyExtentsHasThem(@TempDir Path dir) {
        AotTraining.ExtentWarmUp cmds = AotTraining.extentCommands(dir);
        List<AotTraining.Run> runs = java.util.stream.Stream.concat(cmds.setup().stream(), cmds.repeated().stream())
                .map(a -> new AotTraining.Run(false, a)).toList();
        assertThat(wronglyEnded(runs, dir)).isEmpty();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        List<String> map = cmds.repeated().get(0);
        assertThat(map).contains("map", "--output=json");
        int rc = Main.find("qemu-img").run(new ToolContext(ps, ps, dir, Map.of()),
                map.subList(1, map.size()).toArray(new String[0]));
        assertThat(rc).isZero();
        long data = buf.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"data\": true")).count();
        long holes = buf.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"data\": false")).count();
        assertThat(data).isEqualTo(1024);
        assertThat(holes).isEqualTo(1024);
    }

    @Test
    void theStartUpTrainingNeedsTheImagesOfTheFirst(@TempDir Path dir) {
        assertThat(AotTraining.runStart(dir)).isEqualTo(1);
    }

    private static List<String> wronglyEnded(List<AotTraining.Run> runs, Path dir) {
        List<String> wrong = new ArrayList<>();
        for (AotTraining.Run run : runs) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
            Tool tool = Main.find(run.argv().get(0));
            assertThat(tool).as(run.argv().get(0)).isNotNull();
            String[] args = run.argv().subList(1, run.argv().size()).toArray(new String[0]);
            int rc = tool.run(new ToolContext(ps, ps, dir, Map.of()), args);
            String out = buf.toString(StandardCharsets.UTF_8);
            // qemu-io reports a failed command on its output and still exits 0
            boolean failed = rc != 0 || out.contains("qemu-io: ") || out.contains("failed");
            if (failed != run.fails()) {
                wrong.add(String.join(" ", run.argv()) + " -> rc " + rc + ": " + out);
            }
        }
        return wrong;
    }
}
