package io.jiotests.harness.backend;

/** How a backend captures a program's output. */
public enum StreamMode {
    /**
     * One stream, stdout and stderr interleaved exactly as with {@code 2>&1} into a pipe (stdout
     * block-buffered by the program, stderr not). {@code ToolResult.stdout} then holds the merged
     * text too and {@code stderr} is empty.
     */
    MERGED,
    /**
     * Two separate streams; {@code ToolResult.merged} is their concatenation in arrival order,
     * which for a subprocess is only approximately the write order.
     */
    SEPARATE
}
