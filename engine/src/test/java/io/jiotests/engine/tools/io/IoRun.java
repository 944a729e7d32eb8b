package io.jiotests.engine.tools.io;

import io.jiotests.engine.formats.ToolRuns;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Runs the reference qemu-io as a process and jqemu-io in-process on the same arguments (test helper). */
final class IoRun {
    /** The statistics line; its numbers depend on timing. */
    private static final Pattern STATS = Pattern.compile(
            "(?m)^(\\S+ (?:bytes|KiB|MiB|GiB|TiB|PiB|EiB), \\d+ ops; )(?:\\d\\d\\.\\d\\d sec|\\d+:\\d\\d:\\d\\d\\.\\d\\d) "
                    + "\\([0-9.]+ (?:bytes|KiB|MiB|GiB|TiB|PiB|EiB)/sec and [0-9.]+ ops/sec\\)$");
    private static final Pattern TERSE = Pattern.compile("(?m)^(\\d+,\\d+,)\\d+:\\d\\d:\\d\\d\\.\\d\\d,[0-9.]+,[0-9.]+$");

    record Result(int exit, String stdout, String stderr) {
        /** The output with the timing numbers masked, as iotests' filters do. */
        Result filtered() {
            return new Result(exit, filter(stdout), filter(stderr));
        }
    }

    private IoRun() {
    }

    static String filter(String s) {
        s = STATS.matcher(s).replaceAll("$1TIME (RATE/sec and RATE ops/sec)");
        return TERSE.matcher(s).replaceAll("$1TIME,RATE,RATE");
    }

    static Result qemu(Path dir, List<String> args) throws IOException, InterruptedException {
        return of(ToolRuns.unmaskedQemu(dir, "qemu-io", args));
    }

    static Result java(Path dir, List<String> args) {
        return of(ToolRuns.unmaskedJava(dir, "qemu-io", args));
    }

    private static Result of(ToolRuns.Result r) {
        return new Result(r.exit(), r.stdout(), r.stderr());
    }
}
