package io.jiotests.harness.run;

import java.util.List;

/**
 * The state of some images at a point of a test ({@code TestContext.checkpoint}), so that the
 * images of different implementations can be compared.
 *
 * @param label  the test's name for the point
 * @param images the images, in the order given
 */
public record Checkpoint(String label, List<Image> images) {

    /**
     * @param name   the path relative to the test directory
     * @param size   its size in bytes, -1 if missing
     * @param sha256 hex digest of its bytes, "" if missing
     * @param copy   a copy of the image saved for comparison with other implementations, or null
     */
    public record Image(String name, long size, String sha256, java.nio.file.Path copy) {
        public Image(String name, long size, String sha256) {
            this(name, size, sha256, null);
        }
    }
}
