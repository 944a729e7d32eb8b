package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;

/**
 * What QEMU changes in an image when it opens it read-write: a dirty image (lazy refcounts) has
 * its refcounts repaired and the dirty bit cleared; unknown autoclear feature bits are cleared
 * (the header is rewritten, keeping unknown extensions).
 */
final class Qcow2OpenFixups {
    private Qcow2OpenFixups() {
    }

    /** Applies the fixes; what the repair reports (QEMU prints it on stderr) goes to report. */
    static void afterOpen(Qcow2State s, boolean checkOnly, java.io.PrintStream report)
            throws BlockException {
        if (!s.writable || s.qcowVersion < 3) {
            return;
        }
        if (!checkOnly && (s.header.incompatibleFeatures & Qcow2Header.INCOMPAT_DIRTY) != 0) {
            // an image left dirty (lazy refcounts) gets its refcounts repaired before use
            CheckResult r = new Qcow2Check(s, new Qcow2ClusterMap(s), CheckMode.ALL, report).run();
            report.flush();
            if (r.checkErrors() != 0 || r.corruptions() != 0) {
                throw new BlockException(io.jiotests.engine.block.Errno.EIO,
                        "Could not repair dirty image: Input/output error");
            }
            s.header.incompatibleFeatures &= ~Qcow2Header.INCOMPAT_DIRTY;
            byte[] b = new byte[8];
            Qcow2Io.putBe64(b, 0, s.header.incompatibleFeatures);
            Qcow2Io.write(s.file, 72, b);
        }
        long unknown = s.header.autoclearFeatures & ~Qcow2Header.AUTOCLEAR_MASK;
        if (unknown != 0) {
            s.header.autoclearFeatures &= Qcow2Header.AUTOCLEAR_MASK;
            Qcow2Io.write(s.file, 0, s.header.serialize());
        }
    }
}
