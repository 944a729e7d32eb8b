package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.AsyncRequests;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.WriteOrder;
import java.nio.ByteBuffer;

/**
 * A qcow2 node's asynchronous requests: a request inside one run of allocated clusters that it
 * alone owns goes to the data file's queue at its host offset, holding its guest range until it
 * completes (as a synchronous request holds it while it runs); everything else (allocation, copy on
 * write, zero, compressed or backing clusters, encryption) is declined and made synchronously by
 * the caller.
 */
final class Qcow2AsyncRequests implements AsyncRequests {
    private final BlockNode node;
    private final Qcow2State s;
    private final Qcow2DataPath dataPath;
    private final AsyncRequests file;
    /** Per tag: the hold of the request in flight. */
    private final Qcow2DataPath.InPlace[] held;

    Qcow2AsyncRequests(BlockNode node, Qcow2State s, Qcow2DataPath dataPath, AsyncRequests file) {
        this.node = node;
        this.s = s;
        this.dataPath = dataPath;
        this.file = file;
        this.held = new Qcow2DataPath.InPlace[file.capacity()];
    }

    @Override
    public boolean queue(long offset, ByteBuffer buf, boolean write, int tag) throws BlockException {
        if (tag < 0 || tag >= held.length || held[tag] != null || (write && !s.writable)) {
            return false;
        }
        Qcow2DataPath.InPlace p = dataPath.inPlace(offset, buf.remaining(), write);
        if (p == null) {
            return false;
        }
        boolean queued = false;
        try {
            if (write) {
                WriteOrder.reserved(node);
            }
            queued = file.queue(p.hostOffset(), buf, write, tag);
        } finally {
            if (!queued) {
                dataPath.release(p);
            }
        }
        if (queued) {
            held[tag] = p;
        }
        return queued;
    }

    @Override
    public int submitAndWait(int[] tags, int[] results) throws BlockException {
        int n = file.submitAndWait(tags, results);
        for (int i = 0; i < n; i++) {
            Qcow2DataPath.InPlace p = held[tags[i]];
            held[tags[i]] = null;
            if (p != null) {
                dataPath.release(p);
            }
        }
        return n;
    }

    @Override
    public int capacity() {
        return held.length;
    }

    @Override
    public void close() {
        file.close();
        for (int t = 0; t < held.length; t++) {
            if (held[t] != null) {
                dataPath.release(held[t]);
                held[t] = null;
            }
        }
    }
}
