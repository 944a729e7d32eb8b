package io.jiotests.engine.block;

import java.util.Map;
import java.util.Set;

/** Open-option checks shared by format drivers. */
public final class FormatOptions {
    /** The generic block-layer options every format node takes. */
    private static final Set<String> GENERIC = Set.of("node-name", "read-only", "auto-read-only",
            "detect-zeroes", "discard", "force-share", "cache.direct", "cache.no-flush");

    private FormatOptions() {
    }

    /**
     * What qemu does once a driver has opened: an option that neither the driver ({@code own})
     * nor the block layer took is an error.
     */
    public static void rejectUnknown(String format, Map<String, String> options, Set<String> own)
            throws BlockException {
        if (options == null) {
            return;
        }
        for (String key : options.keySet()) {
            if (!key.startsWith("x-jiotests-") && !GENERIC.contains(key) && !own.contains(key)) {
                throw new BlockException(Errno.EINVAL,
                        "Block format '" + format + "' does not support the option '" + key + "'");
            }
        }
    }
}
