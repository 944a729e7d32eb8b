package io.jiotests.engine.crypto;

/** Block cipher modes by QEMU's names (QCryptoCipherMode). */
public enum CipherMode {
    ECB("ecb"), CBC("cbc"), XTS("xts"), CTR("ctr");

    private final String qemuName;

    CipherMode(String qemuName) {
        this.qemuName = qemuName;
    }

    public String qemuName() {
        return qemuName;
    }

    public static CipherMode byName(String name) {
        for (CipherMode m : values()) {
            if (m.qemuName.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
