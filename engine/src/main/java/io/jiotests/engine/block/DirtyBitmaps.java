package io.jiotests.engine.block;

import java.util.List;

/**
 * The dirty bitmaps of a node that can keep them persistently (qcow2). Operations that only change
 * a bitmap in memory (enable, disable, clear, merge) act on the {@link DirtyBitmap} itself; what
 * touches the image (add with its constraints, remove) goes through here. Persistent bitmaps are
 * written back when the node is closed.
 */
public interface DirtyBitmaps {
    /** The bitmaps, newest first (QEMU's list order). */
    List<DirtyBitmap> list();

    /** The bitmap with this name, or null. */
    default DirtyBitmap find(String name) {
        for (DirtyBitmap b : list()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    /** Whether new persistent bitmaps can be stored at all (qcow2 v3). */
    boolean supportsPersistent();

    /** The default granularity for a new bitmap. */
    long defaultGranularity();

    /**
     * Adds a persistent bitmap; {@code granularity} 0 means the default. Errors carry QEMU's text
     * (without the "Operation add on bitmap ... failed: " prefix).
     */
    DirtyBitmap add(String name, long granularity, boolean disabled) throws BlockException;

    /** Removes a bitmap, from the image too if it is persistent. */
    void remove(String name) throws BlockException;

    /**
     * The process is going away without closing the image cleanly (qemu-io abort, a fatal signal):
     * the bitmaps are not written back, so the ones marked in use stay so on disk.
     */
    void abandon();
}
