package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;

/**
 * What QEMU changes in an image when it opens it read-write: unknown autoclear feature bits are
 * cleared (the header is rewritten, keeping unknown extensions).
 */
final class Qcow2OpenFixups {
    private Qcow2OpenFixups() {
    }

    static void afterOpen(Qcow2State s) throws BlockException {
        if (!s.writable || s.qcowVersion < 3) {
            return;
        }
        long unknown = s.header.autoclearFeatures & ~Qcow2Header.AUTOCLEAR_MASK;
        if (unknown != 0) {
            s.header.autoclearFeatures &= Qcow2Header.AUTOCLEAR_MASK;
            Qcow2Io.write(s.file, 0, s.header.serialize());
        }
    }
}
