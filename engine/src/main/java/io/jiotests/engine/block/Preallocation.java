package io.jiotests.engine.block;

/** QEMU's PreallocMode: how much of a new image (or a grown one) is allocated up front. */
public enum Preallocation {
    OFF("off"),
    METADATA("metadata"),
    FALLOC("falloc"),
    FULL("full");

    private final String qemuName;

    Preallocation(String qemuName) {
        this.qemuName = qemuName;
    }

    public String qemuName() {
        return qemuName;
    }

    /** Parses the option value; the error text is qemu's "Invalid parameter 'x'". */
    public static Preallocation parse(String name) throws BlockException {
        for (Preallocation p : values()) {
            if (p.qemuName.equals(name)) {
                return p;
            }
        }
        throw new BlockException(Errno.EINVAL, "Invalid parameter '" + name + "'");
    }
}
