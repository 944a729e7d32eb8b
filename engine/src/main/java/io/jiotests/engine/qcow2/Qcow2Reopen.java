package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.ReopenTransaction;
import java.util.concurrent.locks.Lock;

/**
 * Reopening an open qcow2 image with new flags (qemu-io {@code reopen}, qemu-img commit making the
 * base writable). Prepare reopens the protocol child (and the external data file) with the new
 * flags; nothing of this node changes until commit. Going read-only, prepare first writes out the
 * metadata caches and clears the dirty bit that lazy refcounts set, as QEMU does, so the image on
 * disk is consistent before the node stops writing. Going read-write needs nothing from the image:
 * QEMU keeps its in-memory header (it does not refuse an image flagged corrupt at this point) and
 * later writes work from it. The backing node is not reopened: it stays read-only, as the backing
 * role always opens it.
 */
final class Qcow2Reopen implements ReopenTransaction {
    private final Qcow2Node node;
    private final Qcow2State s;
    private final OpenFlags newFlags;
    private final ReopenTransaction fileTx;
    private final ReopenTransaction dataTx;
    private final Lock lock;
    private boolean done;

    private Qcow2Reopen(Qcow2Node node, Qcow2State s, OpenFlags newFlags,
                        ReopenTransaction fileTx, ReopenTransaction dataTx, Lock lock) {
        this.node = node;
        this.lock = lock;
        this.s = s;
        this.newFlags = newFlags;
        this.fileTx = fileTx;
        this.dataTx = dataTx;
    }

    /** Prepares under the node's request lock (commit and abort take it too). */
    static Qcow2Reopen prepare(Qcow2Node node, Qcow2State s, OpenFlags newFlags, Lock lock)
            throws BlockException {
        lock.lock();
        try {
            return prepareLocked(node, s, newFlags, lock);
        } finally {
            lock.unlock();
        }
    }

    private static Qcow2Reopen prepareLocked(Qcow2Node node, Qcow2State s, OpenFlags newFlags,
                                             Lock lock) throws BlockException {
        if (s.dead) {
            throw new BlockException(io.jiotests.engine.block.Errno.ENOMEDIUM);
        }
        if (s.writable && !newFlags.writable()) {
            makeConsistentOnDisk(s);
        }
        ReopenTransaction fileTx = s.file.reopenPrepare(newFlags);
        ReopenTransaction dataTx = null;
        if (s.hasDataFile()) {
            try {
                dataTx = s.dataFile.reopenPrepare(newFlags);
            } catch (BlockException e) {
                fileTx.abort();
                throw e;
            }
        }
        return new Qcow2Reopen(node, s, newFlags, fileTx, dataTx, lock);
    }

    /**
     * Writes the cached L2 and refcount blocks and, if this node set the dirty bit (lazy
     * refcounts), clears it once the refcounts are on disk. Harmless if the reopen is then aborted:
     * the next write sets the bit again.
     */
    private static void makeConsistentOnDisk(Qcow2State s) throws BlockException {
        s.l2Cache.flush();
        s.refblockCache.flush();
        if (s.hasDataFile()) {
            s.dataFile.flush();
        }
        s.file.flush();
        if ((s.header.incompatibleFeatures & Qcow2Header.INCOMPAT_DIRTY) != 0) {
            s.header.incompatibleFeatures &= ~Qcow2Header.INCOMPAT_DIRTY;
            byte[] b = new byte[8];
            Qcow2Io.putBe64(b, 0, s.header.incompatibleFeatures);
            Qcow2Io.write(s.file, 72, b);
            s.file.flush();
            s.dirtyMarked = false;
        }
    }

    @Override
    public void commit() {
        lock.lock();
        try {
            commitLocked();
        } finally {
            lock.unlock();
        }
    }

    private void commitLocked() {
        if (done) {
            return;
        }
        done = true;
        fileTx.commit();
        if (dataTx != null) {
            dataTx.commit();
        }
        s.writable = newFlags.writable();
        s.unmap = newFlags.unmap();
        // an image that is dirty on disk stays so until this node cleans it at close or reopen,
        // as QEMU (which repairs dirty images only when it opens them) leaves it
        s.dirtyMarked = s.writable
                && (s.header.incompatibleFeatures & Qcow2Header.INCOMPAT_DIRTY) != 0;
        node.switchFlags(newFlags);
    }

    @Override
    public void abort() {
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            if (dataTx != null) {
                dataTx.abort();
            }
            fileTx.abort();
        } finally {
            lock.unlock();
        }
    }
}
