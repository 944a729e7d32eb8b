package io.jiotests.harness.hostile;

import java.nio.file.Path;

/**
 * One image of the hostile corpus.
 *
 * @param name     unique, stable name (format/mutation), also the file name stem
 * @param format   the format to open it with ({@code -f}); what the base image was made as
 * @param file     the image
 * @param mutation what was done to the valid base image, in words
 */
public record HostileImage(String name, String format, Path file, String mutation) {
}
