package io.jiotests.harness.compare;

import io.jiotests.harness.api.ToolResult;

import java.util.List;

/**
 * Runs a qemu-img of some implementation (the host's, one in a reference container, the Java
 * engine's) with these arguments, unfiltered.
 */
@FunctionalInterface
public interface ToolRunner {
    ToolResult qemuImg(List<String> args);
}
