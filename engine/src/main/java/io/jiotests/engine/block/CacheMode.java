package io.jiotests.engine.block;

/**
 * qemu-img / qemu-io cache modes ({@code -t} / {@code -T}): whether the host page cache is used
 * (O_DIRECT when not), whether writes are flushed to disk (write-through), and whether flushes are
 * ignored ("unsafe").
 */
public enum CacheMode {
    NONE("none", true, false, false),
    WRITEBACK("writeback", false, false, false),
    WRITETHROUGH("writethrough", false, true, false),
    DIRECTSYNC("directsync", true, true, false),
    UNSAFE("unsafe", false, false, true);

    private final String qemuName;
    private final boolean direct;
    private final boolean writeThrough;
    private final boolean noFlush;

    CacheMode(String qemuName, boolean direct, boolean writeThrough, boolean noFlush) {
        this.qemuName = qemuName;
        this.direct = direct;
        this.writeThrough = writeThrough;
        this.noFlush = noFlush;
    }

    public String qemuName() {
        return qemuName;
    }

    /** O_DIRECT: bypass the host page cache. */
    public boolean direct() {
        return direct;
    }

    /** Every write is followed by a flush (FUA semantics). */
    public boolean writeThrough() {
        return writeThrough;
    }

    /** Flush requests are ignored. */
    public boolean noFlush() {
        return noFlush;
    }

    /** Parses a qemu cache mode name; "off" is accepted for "none" and "on" is not. */
    public static CacheMode parse(String name) throws BlockException {
        for (CacheMode m : values()) {
            if (m.qemuName.equals(name)) {
                return m;
            }
        }
        if ("off".equals(name)) {
            return NONE;
        }
        throw new BlockException(Errno.EINVAL, "Invalid cache option: " + name);
    }
}
