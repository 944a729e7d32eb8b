package io.jiotests.engine.block;

/**
 * QEMU's BdrvCheckResult: what {@code qemu-img check} counts and prints. The per-problem lines
 * ("Leaked cluster 5 refcount=1 reference=0", "ERROR ...") are written by the driver to the report
 * stream it is given while checking.
 */
public record CheckResult(long corruptions, long leaks, long checkErrors, long corruptionsFixed,
                          long leaksFixed, long imageEndOffset, long allocatedClusters,
                          long totalClusters, long fragmentedClusters, long compressedClusters) {
}
