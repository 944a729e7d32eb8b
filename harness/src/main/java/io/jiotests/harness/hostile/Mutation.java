package io.jiotests.harness.hostile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A named edit of a copy of a valid base image.
 *
 * @param name  short stable name (used in file names and the expectation file)
 * @param what  description for the report
 * @param edit  the edit, applied to the copy in place
 */
public record Mutation(String name, String what, Edit edit) {

    /** Applies the edit to an image file (the directory is where companion files may go). */
    @FunctionalInterface
    public interface Edit {
        void apply(Path image, Path dir) throws IOException;
    }

    public static Mutation of(String name, String what, Edit edit) {
        return new Mutation(name, what, edit);
    }
}
