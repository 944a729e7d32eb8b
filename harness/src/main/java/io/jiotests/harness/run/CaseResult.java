package io.jiotests.harness.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one test case run produced.
 *
 * @param testCase    the case
 * @param outcome     pass, fail, not run
 * @param reason      why not run, or a one-line summary of the failure; "" on pass
 * @param output      the filtered log
 * @param golden      the golden file compared with (may not exist)
 * @param diff        unified diff golden -> output, "" when equal or not run
 * @param time        how long it took
 * @param commands    the commands run (test directory filtered)
 * @param checkpoints image checkpoints the test recorded
 * @param testDir     the test directory used
 */
public record CaseResult(TestCase testCase, Outcome outcome, String reason, String output, Path golden,
                         String diff, Duration time, List<String> commands, List<Checkpoint> checkpoints,
                         Path testDir) {
}
