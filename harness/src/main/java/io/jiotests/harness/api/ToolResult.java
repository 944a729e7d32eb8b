package io.jiotests.harness.api;

/**
 * One run of qemu-img / qemu-io (or the Java engine's equivalents), unfiltered.
 *
 * @param exitCode the exit status
 * @param stdout   what went to standard output
 * @param stderr   what went to standard error
 * @param merged   both streams interleaved in the order they were written (as with 2>&1)
 */
public record ToolResult(int exitCode, String stdout, String stderr, String merged) {
}
