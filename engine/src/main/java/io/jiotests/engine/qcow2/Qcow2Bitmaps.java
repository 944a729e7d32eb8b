package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.DirtyBitmap;
import io.jiotests.engine.block.DirtyBitmaps;
import io.jiotests.engine.block.Errno;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Persistent dirty bitmaps of an open qcow2 image, handled the way QEMU does: on open every bitmap
 * of the directory is loaded (one marked in use on disk is inconsistent: its data is not read); an
 * image opened read-write gets the loaded bitmaps marked in use in place, so a crash leaves them
 * inconsistent; writes set bits of the enabled bitmaps in memory; on close all of them are written
 * again: new data clusters and tables for each in directory order, then a new directory and the
 * header extension, then the old directory and tables are freed. Removing a bitmap rewrites the
 * directory at once. An extension whose autoclear bit is clear was left by a program that does not
 * know bitmaps: it is ignored and dropped when the image is opened read-write.
 */
final class Qcow2Bitmaps implements DirtyBitmaps {
    /**
     * The image's format node as qemu-img's bitmap errors name it: QEMU's automatic name "#block",
     * a counter (1: the format node is the second node opened) and two random digits, which are
     * fixed at 00 here so that the output is deterministic (tests filter the two digits).
     */
    private static final String NODE_NAME = "#block100";

    private final Qcow2State s;
    /** In memory, newest first. */
    private final List<DirtyBitmap> bitmaps = new ArrayList<>();
    /** The directory as it is on disk (empty if none or the extension is not valid). */
    private List<Qcow2BitmapDirectory.Entry> directory = new ArrayList<>();
    private Qcow2BitmapDirectory.Extension extension;
    private boolean abandoned;

    Qcow2Bitmaps(Qcow2State s) {
        this.s = s;
    }

    /** Reads the extension and the directory and loads the bitmaps; returns a warning text or null. */
    String load() throws BlockException {
        Qcow2Header h = s.header;
        if (h.bitmapsExtension == null) {
            return null;
        }
        if ((h.autoclearFeatures & Qcow2Header.AUTOCLEAR_BITMAPS) == 0) {
            h.bitmapsExtension = null;
            if (s.writable) {
                Qcow2Io.write(s.file, 0, h.serialize());
            }
            return "a program lacking bitmap support modified this file, so all bitmaps are now considered "
                    + "inconsistent\nSome clusters may be leaked, run 'qemu-img check -r' on the image file to fix.";
        }
        extension = Qcow2BitmapDirectory.Extension.parse(h.bitmapsExtension, s.clusterSize);
        long size = extension.directorySize();
        if (extension.directoryOffset() > s.file.length() - size) {
            throw new BlockException(Errno.EINVAL, "Failed to read bitmap directory: Input/output error");
        }
        byte[] raw = Qcow2Io.read(s.file, extension.directoryOffset(), (int) size);
        directory = new ArrayList<>(Qcow2BitmapDirectory.parse(raw, extension.nbBitmaps(), s.clusterSize));
        boolean changed = false;
        for (int i = 0; i < directory.size(); i++) {
            Qcow2BitmapDirectory.Entry e = directory.get(i);
            DirtyBitmap bm = new DirtyBitmap(e.name(), e.granularity(), s.size, e.auto(), true);
            if (e.inUse()) {
                bm.setInconsistent(true);
            } else {
                if (e.tableSize() != Qcow2BitmapDirectory.expectedTableSize(s.size, e.granularityBits(), s.clusterSize)) {
                    throw new BlockException(Errno.EINVAL, "Could not read bitmap '" + e.name()
                            + "' from image: Invalid argument");
                }
                long[] table = Qcow2BitmapTable.read(s, e.tableOffset(), e.tableSize());
                Qcow2BitmapTable.loadData(s, table, bm);
                if (s.writable) {
                    directory.set(i, e.withFlags(e.flags() | Qcow2BitmapDirectory.FLAG_IN_USE));
                    changed = true;
                }
            }
            bm.setReadonly(!s.writable);
            bitmaps.add(0, bm);
        }
        if (changed) {
            Qcow2Io.write(s.file, extension.directoryOffset(), Qcow2BitmapDirectory.serialize(directory));
        }
        return null;
    }

    /** A guest range was written (or zeroed, or discarded). */
    void markDirty(long offset, long bytes) {
        for (DirtyBitmap bm : bitmaps) {
            if (bm.enabled() && !bm.inconsistent() && !bm.readonly()) {
                bm.setDirty(offset, bytes);
            }
        }
    }

    @Override
    public void abandon() {
        abandoned = true;
    }

    @Override
    public List<DirtyBitmap> list() {
        return List.copyOf(bitmaps);
    }

    @Override
    public boolean supportsPersistent() {
        return s.qcowVersion >= 3;
    }

    @Override
    public long defaultGranularity() {
        return Math.min(65536, Math.max(4096, s.clusterSize));
    }

    @Override
    public DirtyBitmap add(String name, long granularity, boolean disabled) throws BlockException {
        if (name.isEmpty()) {
            throw new BlockException(Errno.EINVAL, "Bitmap name cannot be empty");
        }
        long g = granularity & 0xffffffffL; // QEMU takes it as a 32-bit value
        if (granularity != 0 && (g < 512 || Long.bitCount(g) != 1)) {
            throw new BlockException(Errno.EINVAL, "Granularity must be power of 2 and at least 512");
        }
        if (granularity == 0) {
            g = defaultGranularity();
        }
        String why = canStore(name, g);
        if (why != null) {
            throw new BlockException(Errno.EINVAL, "Can't make bitmap '" + name + "' persistent in '"
                    + NODE_NAME + "': " + why);
        }
        if (find(name) != null) {
            throw new BlockException(Errno.EINVAL, "Bitmap already exists: " + name);
        }
        DirtyBitmap bm = new DirtyBitmap(name, g, s.size, !disabled, true);
        bitmaps.add(0, bm);
        return bm;
    }

    /** qcow2_co_can_store_new_dirty_bitmap: the reason a new bitmap cannot be stored, or null. */
    private String canStore(String name, long granularity) {
        if (s.qcowVersion < 3) {
            return "Cannot store dirty bitmaps in qcow2 v2 files";
        }
        String bad = constraints(name, granularity);
        if (bad != null) {
            return bad;
        }
        int count = directory.size();
        long dirSize = 0;
        for (Qcow2BitmapDirectory.Entry e : directory) {
            dirSize += e.encodedSize();
        }
        for (DirtyBitmap bm : bitmaps) {
            if (bm.persistent() && onDisk(bm.name()) < 0) {
                count++;
                dirSize += Qcow2BitmapDirectory.entrySize(utf8Length(bm.name()), 0);
            }
        }
        if (count >= Qcow2BitmapDirectory.MAX_BITMAPS) {
            return "Maximum number of persistent bitmaps is already reached";
        }
        if (dirSize + Qcow2BitmapDirectory.entrySize(utf8Length(name), 0) > Qcow2BitmapDirectory.MAX_DIRECTORY_SIZE) {
            return "Not enough space in the bitmap directory";
        }
        return null;
    }

    /** check_constraints_on_bitmap. */
    private String constraints(String name, long granularity) {
        int bits = Long.numberOfTrailingZeros(granularity);
        if (utf8Length(name) > Qcow2BitmapDirectory.MAX_NAME_SIZE) {
            return "Name length exceeds maximum (" + Qcow2BitmapDirectory.MAX_NAME_SIZE + " characters)";
        }
        if (bits > Qcow2BitmapDirectory.MAX_GRANULARITY_BITS) {
            return "Granularity exceeds maximum (" + (1L << Qcow2BitmapDirectory.MAX_GRANULARITY_BITS) + " bytes)";
        }
        if (bits < Qcow2BitmapDirectory.MIN_GRANULARITY_BITS) {
            return "Granularity is under minimum (" + (1L << Qcow2BitmapDirectory.MIN_GRANULARITY_BITS) + " bytes)";
        }
        long physBits = Qcow2BitmapDirectory.MAX_PHYS_SIZE * 8;
        long maxByPhys = bits + Long.numberOfTrailingZeros(physBits) >= 63 ? Long.MAX_VALUE : physBits << bits;
        long tableBits = (long) Qcow2BitmapDirectory.MAX_TABLE_SIZE * s.clusterSize * 8;
        long maxByTable = bits + 63 - Long.numberOfLeadingZeros(tableBits) >= 63 ? Long.MAX_VALUE : tableBits << bits;
        if (s.size > maxByPhys || s.size > maxByTable) {
            return "Too much space will be occupied by the bitmap. Use larger granularity";
        }
        return null;
    }

    private static int utf8Length(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    private int onDisk(String name) {
        for (int i = 0; i < directory.size(); i++) {
            if (directory.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void remove(String name) throws BlockException {
        DirtyBitmap bm = find(name);
        if (bm == null) {
            throw new BlockException(Errno.ENOENT, "Dirty bitmap '" + name + "' not found");
        }
        if (bm.readonly()) {
            throw new BlockException(Errno.EPERM, "Bitmap '" + name + "' is readonly and cannot be modified");
        }
        int i = onDisk(name);
        if (bm.persistent() && i >= 0) {
            List<Qcow2BitmapDirectory.Entry> next = new ArrayList<>(directory);
            Qcow2BitmapDirectory.Entry gone = next.remove(i);
            writeDirectory(next);
            Qcow2BitmapTable.free(s, gone.tableOffset(), gone.tableSize());
        }
        bitmaps.remove(bm);
    }

    /**
     * update_ext_header_and_dir: writes {@code entries} as a new directory (none if empty), points
     * the header at it, then frees the old one.
     */
    private void writeDirectory(List<Qcow2BitmapDirectory.Entry> entries) throws BlockException {
        long oldOffset = extension == null ? 0 : extension.directoryOffset();
        long oldSize = extension == null ? 0 : extension.directorySize();
        Qcow2Header h = s.header;
        if (entries.isEmpty()) {
            extension = null;
            h.bitmapsExtension = null;
            h.autoclearFeatures &= ~Qcow2Header.AUTOCLEAR_BITMAPS;
        } else {
            byte[] dir = Qcow2BitmapDirectory.serialize(entries);
            long off = s.refcounts.allocClusters(dir.length);
            Qcow2Io.write(s.file, off, dir);
            extension = new Qcow2BitmapDirectory.Extension(entries.size(), dir.length, off);
            h.bitmapsExtension = extension.toBytes();
            h.autoclearFeatures |= Qcow2Header.AUTOCLEAR_BITMAPS;
        }
        s.l2Cache.flush();
        s.refblockCache.flush();
        Qcow2Io.write(s.file, 0, h.serialize());
        directory = new ArrayList<>(entries);
        if (oldSize > 0) {
            s.refcounts.free(oldOffset, oldSize, Qcow2Refcounts.DiscardType.OTHER);
        }
    }

    /** qcow2_store_persistent_dirty_bitmaps, on close of an image open read-write. */
    void store() throws BlockException {
        if (abandoned) {
            return;
        }
        boolean changed = false;
        for (DirtyBitmap bm : bitmaps) {
            changed |= bm.persistent() && !bm.readonly() && !bm.inconsistent();
        }
        if (!changed) {
            return;
        }
        List<Qcow2BitmapDirectory.Entry> entries = new ArrayList<>(directory);
        List<Qcow2BitmapDirectory.Entry> dropTables = new ArrayList<>();
        Map<String, DirtyBitmap> stored = new LinkedHashMap<>();
        for (DirtyBitmap bm : bitmaps) {
            if (!bm.persistent() || bm.inconsistent()) {
                continue;
            }
            int i = -1;
            for (int k = 0; k < entries.size(); k++) {
                if (entries.get(k).name().equals(bm.name())) {
                    i = k;
                }
            }
            Qcow2BitmapDirectory.Entry e;
            if (i < 0) {
                e = new Qcow2BitmapDirectory.Entry(0, 0, 0, Qcow2BitmapDirectory.TYPE_DIRTY_TRACKING, 0,
                        bm.name(), new byte[0]);
                entries.add(e);
                i = entries.size() - 1;
            } else {
                e = entries.get(i);
                dropTables.add(e);
            }
            int gbits = Long.numberOfTrailingZeros(bm.granularity());
            entries.set(i, new Qcow2BitmapDirectory.Entry(0, 0, bm.enabled() ? Qcow2BitmapDirectory.FLAG_AUTO : 0,
                    Qcow2BitmapDirectory.TYPE_DIRTY_TRACKING, gbits, bm.name(), e.extraData()));
            stored.put(bm.name(), bm);
        }
        for (int i = 0; i < entries.size(); i++) {
            Qcow2BitmapDirectory.Entry e = entries.get(i);
            DirtyBitmap bm = stored.get(e.name());
            if (bm == null) {
                continue;
            }
            String bad = constraints(bm.name(), bm.granularity());
            if (bad != null) {
                throw new BlockException(Errno.EINVAL, "Bitmap '" + bm.name() + "' doesn't satisfy the constraints");
            }
            long tb = Qcow2BitmapDirectory.expectedTableSize(s.size, e.granularityBits(), s.clusterSize);
            long[] table = Qcow2BitmapTable.storeData(s, bm, (int) tb);
            long off = table.length == 0 ? 0 : Qcow2BitmapTable.write(s, table);
            entries.set(i, e.withTable(off, table.length));
        }
        writeDirectory(entries);
        for (Qcow2BitmapDirectory.Entry old : dropTables) {
            Qcow2BitmapTable.free(s, old.tableOffset(), old.tableSize());
        }
    }

    /** The format-specific "bitmaps" list of qemu-img info (from the directory on disk), or null. */
    List<Map<String, Object>> info() {
        if (directory.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Qcow2BitmapDirectory.Entry e : directory) {
            Map<String, Object> m = new LinkedHashMap<>();
            List<String> flags = new ArrayList<>();
            if (e.inUse()) {
                flags.add("in-use");
            }
            if (e.auto()) {
                flags.add("auto");
            }
            m.put("flags", flags);
            m.put("name", e.name());
            m.put("granularity", e.granularity());
            out.add(m);
        }
        return out;
    }

    /** Every host range the bitmaps use (directory, tables, data clusters), for check. */
    void forEachReference(BiConsumer<Long, Long> inc) throws BlockException {
        if (directory.isEmpty()) {
            return;
        }
        inc.accept(extension.directoryOffset(), extension.directorySize());
        for (Qcow2BitmapDirectory.Entry e : directory) {
            if (e.tableOffset() == 0) {
                continue;
            }
            inc.accept(e.tableOffset(), 8L * e.tableSize());
            for (long t : Qcow2BitmapTable.read(s, e.tableOffset(), e.tableSize())) {
                long off = t & Qcow2BitmapTable.ENTRY_OFFSET_MASK;
                if (off != 0) {
                    inc.accept(off, (long) s.clusterSize);
                }
            }
        }
    }
}
