package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;

/**
 * QEMU's heuristic for "metadata preallocated" images: when more host clusters are in use
 * (refcount above zero) than the image file really has allocated on the host (with a margin of
 * one ninth, at least two clusters), data clusters may be holes in the file. Block status then
 * asks the file layer whether a data cluster reads as zeroes (the RECURSE flag). Small, sparse
 * images (a partly written cluster, an unwritten header tail) usually qualify too.
 */
final class Qcow2MetadataPrealloc {
    private Qcow2MetadataPrealloc() {
    }

    /** True when the image qualifies; false also when the file cannot tell its sizes. */
    static boolean detect(Qcow2State s) {
        try {
            long fileLength = s.file.length();
            long realAllocation = s.file.allocatedFileSize();
            if (fileLength < 0 || realAllocation < 0) {
                return false;
            }
            long realClusters = realAllocation / s.clusterSize;
            long threshold = Math.max(realClusters * 10 / 9, realClusters + 2);
            long endCluster = s.sizeToClusters(fileLength);
            long inUse = 0;
            for (long i = 0; i < endCluster && inUse < threshold; i++) {
                if (s.refcounts.get(i) != 0) {
                    inUse++;
                }
            }
            return inUse >= threshold;
        } catch (BlockException e) {
            return false;
        }
    }
}
