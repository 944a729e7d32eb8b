package io.jiotests.engine.block;

/**
 * How a node is opened (QEMU's BDRV_O_* flags that the tools use).
 *
 * @param writable    BDRV_O_RDWR; false opens read-only
 * @param cache       cache mode (O_DIRECT, write-through, no-flush)
 * @param noBacking   BDRV_O_NO_BACKING: do not open the backing chain
 * @param forceShare  -U: take no locks that would conflict with another user
 * @param unmap       BDRV_O_UNMAP: discard requests may deallocate (discard=unmap)
 * @param noIo        BDRV_O_NO_IO: opened only to look at metadata (info, create -b checks)
 * @param checkOnly   opened for qemu-img check: do not refuse images flagged corrupt
 * @param noShare     BDRV_O_NO_SHARE: forbid other writers (qemu-img's opens); qemu-io shares all
 */
public record OpenFlags(boolean writable, CacheMode cache, boolean noBacking, boolean forceShare,
                        boolean unmap, boolean noIo, boolean checkOnly, boolean noShare) {

    /** The flags without noShare (others may write the image meanwhile, as under qemu-io). */
    public OpenFlags(boolean writable, CacheMode cache, boolean noBacking, boolean forceShare,
                     boolean unmap, boolean noIo, boolean checkOnly) {
        this(writable, cache, noBacking, forceShare, unmap, noIo, checkOnly, false);
    }

    public static OpenFlags readOnly() {
        return new OpenFlags(false, CacheMode.WRITEBACK, false, false, false, false, false);
    }

    public static OpenFlags readWrite() {
        return new OpenFlags(true, CacheMode.WRITEBACK, false, false, false, false, false);
    }

    public OpenFlags withWritable(boolean w) {
        return new OpenFlags(w, cache, noBacking, forceShare, unmap, noIo, checkOnly, noShare);
    }

    public OpenFlags withCache(CacheMode c) {
        return new OpenFlags(writable, c, noBacking, forceShare, unmap, noIo, checkOnly, noShare);
    }

    public OpenFlags withNoBacking(boolean nb) {
        return new OpenFlags(writable, cache, nb, forceShare, unmap, noIo, checkOnly, noShare);
    }

    public OpenFlags withForceShare(boolean fs) {
        return new OpenFlags(writable, cache, noBacking, fs, unmap, noIo, checkOnly, noShare);
    }

    public OpenFlags withUnmap(boolean u) {
        return new OpenFlags(writable, cache, noBacking, forceShare, u, noIo, checkOnly, noShare);
    }

    public OpenFlags withNoIo(boolean n) {
        return new OpenFlags(writable, cache, noBacking, forceShare, unmap, n, checkOnly, noShare);
    }

    public OpenFlags withCheckOnly(boolean c) {
        return new OpenFlags(writable, cache, noBacking, forceShare, unmap, noIo, c, noShare);
    }

    public OpenFlags withNoShare(boolean ns) {
        return new OpenFlags(writable, cache, noBacking, forceShare, unmap, noIo, checkOnly, ns);
    }
}
