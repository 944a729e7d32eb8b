package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write-back cache of metadata tables (L2 tables or refcount blocks) of one cluster each, keyed
 * by host offset, least recently used first. A cache may depend on another one: before any of its
 * dirty tables is written, the other cache is flushed (QEMU's ordering: refcount blocks reach the
 * disk before the L2 tables that reference the new clusters, and L2 tables before refcount blocks
 * that free clusters).
 */
final class Qcow2Cache {
    private final BlockNode file;
    private final int tableSize;
    private final int maxEntries;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private Qcow2Cache dependency;
    /** The blkdebug events raised on the file before a table is read / written (or null). */
    private String loadEvent;
    private String updateEvent;

    private static final class Entry {
        final byte[] data;
        boolean dirty;

        Entry(byte[] data) {
            this.data = data;
        }
    }

    Qcow2Cache(BlockNode file, int tableSize, long maxBytes) {
        this.file = file;
        this.tableSize = tableSize;
        this.maxEntries = (int) Math.max(4, Math.min(65536, maxBytes / tableSize));
    }

    /** Names the blkdebug events this cache raises before reading / writing a table. */
    void raiseEvents(String onLoad, String onUpdate) {
        this.loadEvent = onLoad;
        this.updateEvent = onUpdate;
    }

    private void raise(String event) {
        if (event != null) {
            file.debugEvent(event);
        }
    }

    /** The table at {@code offset}, read from the file if not cached. */
    byte[] get(long offset) throws BlockException {
        Entry e = entries.get(offset);
        if (e == null) {
            makeRoom();
            raise(loadEvent);
            e = new Entry(Qcow2Io.read(file, offset, tableSize));
            entries.put(offset, e);
        }
        return e.data;
    }

    /** A zero-filled table for {@code offset}, not read from the file (a new table). */
    byte[] getEmpty(long offset) throws BlockException {
        Entry e = entries.get(offset);
        if (e == null) {
            makeRoom();
            e = new Entry(new byte[tableSize]);
            entries.put(offset, e);
        } else {
            java.util.Arrays.fill(e.data, (byte) 0);
        }
        return e.data;
    }

    boolean contains(long offset) {
        return entries.containsKey(offset);
    }

    /** Marks the table dirty; re-inserts it if it was evicted since {@link #get}. */
    void markDirty(long offset, byte[] data) throws BlockException {
        Entry e = entries.get(offset);
        if (e == null || e.data != data) {
            if (e == null) {
                makeRoom();
            }
            e = new Entry(data);
            entries.put(offset, e);
        }
        e.dirty = true;
    }

    /** Drops a table without writing it (its cluster was freed). */
    void discard(long offset) {
        entries.remove(offset);
    }

    /** Before writing any table of this cache, {@code other} must be flushed. */
    void setDependency(Qcow2Cache other) throws BlockException {
        if (other.dependency == this) {
            // a cycle: resolve it by flushing the other cache now
            other.flush();
        }
        if (dependency != null && dependency != other) {
            dependency.flush();
        }
        dependency = other;
    }

    private void flushDependency() throws BlockException {
        if (dependency != null) {
            Qcow2Cache d = dependency;
            dependency = null;
            d.flush();
        }
    }

    /** Writes every dirty table, in ascending offset order. */
    void flush() throws BlockException {
        List<Map.Entry<Long, Entry>> dirty = new ArrayList<>();
        for (Map.Entry<Long, Entry> me : entries.entrySet()) {
            if (me.getValue().dirty) {
                dirty.add(me);
            }
        }
        if (dirty.isEmpty()) {
            return;
        }
        flushDependency();
        dirty.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Long, Entry> me : dirty) {
            raise(updateEvent);
            Qcow2Io.write(file, me.getKey(), me.getValue().data);
            me.getValue().dirty = false;
        }
    }

    /** Forgets everything (after flush, or to re-read changed metadata). */
    void clear() {
        entries.clear();
        dependency = null;
    }

    private void makeRoom() throws BlockException {
        if (entries.size() < maxEntries) {
            return;
        }
        Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
        Map.Entry<Long, Entry> victim = it.next();
        if (victim.getValue().dirty) {
            flushDependency();
            raise(updateEvent);
            Qcow2Io.write(file, victim.getKey(), victim.getValue().data);
        }
        it.remove();
    }
}
