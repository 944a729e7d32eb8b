package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OptionValues;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation of the qcow2 driver's open-time options (cache sizes, overlap checks, discard
 * passing, lazy refcounts, cache cleaning, encryption), with qemu's error texts, in its order:
 * the value types first, then the relations between the options, then any option qcow2 does not
 * know. The engine's metadata cache does not need the sizes; they are checked so that an image
 * opened with options QEMU refuses is refused here too.
 */
final class Qcow2OpenOptions {
    private static final List<String> SIZES = List.of("cache-size", "l2-cache-size", "l2-cache-entry-size",
            "refcount-cache-size");
    private static final List<String> OVERLAP_FLAGS = List.of("main-header", "active-l1", "active-l2",
            "refcount-table", "refcount-block", "snapshot-table", "inactive-l1", "inactive-l2",
            "bitmap-directory");
    private static final List<String> FLAGS = List.of("lazy-refcounts", "pass-discard-request",
            "pass-discard-snapshot", "pass-discard-other");
    private static final Set<String> OVERLAP_MODES = Set.of("none", "constant", "cached", "all");
    private static final Set<String> OTHER_KNOWN = Set.of("overlap-check", "overlap-check.template",
            "cache-clean-interval", "encrypt.format", "encrypt.key-secret", "data-file");
    private static final long MAX_CLEAN_INTERVAL = 0xffffffffL;

    private Qcow2OpenOptions() {
    }

    /**
     * Checks {@code options} (the node's own options, without file/backing children) for an image
     * of {@code clusterSize} bytes per cluster, encrypted or not.
     */
    static void validate(Map<String, String> options, int clusterSize, boolean encrypted) throws BlockException {
        if (options == null || options.isEmpty()) {
            return;
        }
        OptionValues v = new OptionValues(options);
        for (String f : FLAGS) {
            v.getFlag(f, false);
        }
        for (String f : OVERLAP_FLAGS) {
            v.getFlag("overlap-check." + f, false);
        }
        long[] sizes = new long[SIZES.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = v.getSize(SIZES.get(i), -1);
        }
        long interval = cleanInterval(options.get("cache-clean-interval"));
        long cache = sizes[0];
        long l2 = sizes[1];
        long entry = sizes[2];
        long refcount = sizes[3];
        if (cache >= 0) {
            if (l2 >= 0 && refcount >= 0) {
                throw new BlockException(Errno.EINVAL,
                        "cache-size, l2-cache-size and refcount-cache-size may not be set at the same time");
            }
            if (l2 > cache) {
                throw new BlockException(Errno.EINVAL, "l2-cache-size may not exceed cache-size");
            }
            if (refcount > cache) {
                throw new BlockException(Errno.EINVAL, "refcount-cache-size may not exceed cache-size");
            }
        }
        if (entry >= 0 && (entry < 512 || entry > clusterSize || Long.bitCount(entry) != 1)) {
            throw new BlockException(Errno.EINVAL, "L2 cache entry size must be a power of two between 512 "
                    + "and the cluster size (" + clusterSize + ")");
        }
        overlapMode(options);
        if (interval > MAX_CLEAN_INTERVAL) {
            throw new BlockException(Errno.EINVAL, "Cache clean interval too big");
        }
        String encFormat = options.get("encrypt.format");
        if (encFormat != null && !encrypted) {
            throw new BlockException(Errno.EINVAL,
                    "No encryption in image header, but options specified format '" + encFormat + "'");
        }
        for (String key : options.keySet()) {
            if (!known(key)) {
                throw new BlockException(Errno.EINVAL, "Block format 'qcow2' does not support the option '"
                        + key + "'");
            }
        }
    }

    private static boolean known(String key) {
        return key.startsWith("x-jiotests-") || key.startsWith("data-file.") || SIZES.contains(key)
                || FLAGS.contains(key) || OTHER_KNOWN.contains(key)
                || (key.startsWith("overlap-check.") && OVERLAP_FLAGS.contains(key.substring(14)));
    }

    /** cache-clean-interval as qemu reads a number: unsigned, a leading minus wraps around. */
    private static long cleanInterval(String text) throws BlockException {
        if (text == null) {
            return 0;
        }
        String s = text.strip();
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        try {
            long n = s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseUnsignedLong(s);
            return negative && n != 0 ? Long.MAX_VALUE : n;
        } catch (NumberFormatException e) {
            throw new BlockException(Errno.EINVAL, "Parameter 'cache-clean-interval' expects a number");
        }
    }

    private static void overlapMode(Map<String, String> options) throws BlockException {
        String mode = options.get("overlap-check");
        String template = options.get("overlap-check.template");
        if (mode != null && template != null && !mode.equals(template)) {
            throw new BlockException(Errno.EINVAL, "Conflicting values for qcow2 options 'overlap-check' ('"
                    + mode + "') and 'overlap-check.template' ('" + template + "')");
        }
        String chosen = mode != null ? mode : template;
        if (chosen != null && !OVERLAP_MODES.contains(chosen)) {
            throw new BlockException(Errno.EINVAL, "Unsupported value '" + chosen + "' for qcow2 option "
                    + "'overlap-check'. Allowed are any of the following: none, constant, cached, all");
        }
    }
}
