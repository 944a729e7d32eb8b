package io.jiotests.engine.block;

import java.util.Map;

/**
 * What a driver's open gets: the filename as the user gave it (after json:/prefix resolution), the
 * driver-specific options (flattened dotted keys from json: or --image-opts, e.g. "offset",
 * "file.locking"), the open flags, the protocol child for a format driver (else null) and the
 * registry, for drivers that open further nodes (vmdk extents, external data files).
 */
public record OpenContext(String filename, Map<String, String> options, OpenFlags flags,
                          BlockNode file, DriverRegistry registry) {
}
