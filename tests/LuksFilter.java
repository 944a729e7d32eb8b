package io.jiotests.tests;

/**
 * Filters the values of a LUKS volume that differ between runs from qemu-img info output (human
 * and JSON), as the luks and encrypted-qcow2 cases print it: the random volume UUID, the PBKDF2
 * iteration counts (timed on the machine that made the image) and the disk usage (also the child
 * node's, which QEMU 10 prints).
 */
final class LuksFilter {

    private LuksFilter() {
    }

    static String hide(String s) {
        return s.replaceAll("uuid: [0-9a-f-]{36}", "uuid: UUID")
                .replaceAll("\"uuid\": \"[0-9a-f-]{36}\"", "\"uuid\": \"UUID\"")
                .replaceAll("iters\": [0-9]+", "iters\": ITERS")
                .replaceAll("iters: [0-9]+", "iters: ITERS")
                .replaceAll("(?m)^[ ]*disk size: .*\n", "")
                .replaceAll("(?m)^\\s*\"actual-size\": [0-9]+,\n", "");
    }
}
