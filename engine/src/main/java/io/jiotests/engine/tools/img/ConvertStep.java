package io.jiotests.engine.tools.img;

import java.nio.ByteBuffer;

/**
 * One step of convert's copy, in guest order: a run and, for runs that are copied, its data; with
 * -S, the zero detection's split of the data, made where it was read (in parallel) so that the
 * in-order writes do not wait for it.
 */
final class ConvertStep {
    private final long offset;
    private final ConvertRun run;
    private final ByteBuffer data;
    /** (start, length, 1 for data / 0 for zeroes) triples, or null until planned. */
    int[] segments;

    ConvertStep(long offset, ConvertRun run, ByteBuffer data) {
        this.offset = offset;
        this.run = run;
        this.data = data;
    }

    long offset() {
        return offset;
    }

    ConvertRun run() {
        return run;
    }

    ByteBuffer data() {
        return data;
    }
}
