package io.jiotests.engine.vpc;

/**
 * A CHS geometry as stored in the VHD footer, and the calculation from a sector count given in
 * the VHD specification (appendix "CHS calculation"), as qemu applies it: above 65535 x 16 x 63
 * sectors it uses 255 sectors per track and 16 heads; above 65535 x 16 x 255 there is no geometry.
 */
record VhdGeometry(int cylinders, int heads, int sectorsPerTrack) {
    /** 65535 x 16 x 255 sectors: the largest geometry. */
    static final long MAX_GEOMETRY_SECTORS = 65535L * 16 * 255;
    /** The largest disk qemu supports: 2040 GiB in sectors. */
    static final long MAX_SECTORS = 0xff000000L;
    static final VhdGeometry MAX = new VhdGeometry(65535, 16, 255);
    static final VhdGeometry NONE = new VhdGeometry(0, 0, 0);

    long sectors() {
        return (long) cylinders * heads * sectorsPerTrack;
    }

    /** The geometry for {@code totalSectors}, or null when no geometry can hold that many. */
    static VhdGeometry calculate(long totalSectors) {
        if (totalSectors > MAX_GEOMETRY_SECTORS) {
            return null;
        }
        int secs;
        int heads;
        long cylTimesHeads;
        if (totalSectors >= 65535L * 16 * 63) {
            secs = 255;
            heads = 16;
            cylTimesHeads = totalSectors / secs;
        } else {
            secs = 17;
            cylTimesHeads = totalSectors / secs;
            heads = (int) ((cylTimesHeads + 1023) / 1024);
            if (heads < 4) {
                heads = 4;
            }
            if (cylTimesHeads >= heads * 1024L || heads > 16) {
                secs = 31;
                heads = 16;
                cylTimesHeads = totalSectors / secs;
            }
            if (cylTimesHeads >= heads * 1024L) {
                secs = 63;
                heads = 16;
                cylTimesHeads = totalSectors / secs;
            }
        }
        return new VhdGeometry((int) (cylTimesHeads / heads), heads, secs);
    }

    /**
     * The smallest geometry holding at least {@code totalSectors} (qemu-img create rounds the size
     * up to it so that convert never truncates), or null if there is none.
     */
    static VhdGeometry roundUp(long totalSectors) {
        VhdGeometry g = NONE;
        for (long i = 0; totalSectors > g.sectors(); i++) {
            g = calculate(totalSectors + i);
            if (g == null) {
                return null;
            }
        }
        return g;
    }
}
