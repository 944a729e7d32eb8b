package io.jiotests.engine.tools.img;

/**
 * A run of convert's copy as block status gives it: {@code bytes} from the run's offset on that are
 * data to copy, zeroes, or left to the target's backing file (-B).
 */
record ConvertRun(Kind kind, long bytes) {
    enum Kind { DATA, ZERO, BACKING }
}
