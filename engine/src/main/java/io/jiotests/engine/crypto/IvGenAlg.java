package io.jiotests.engine.crypto;

/** Sector IV generators by QEMU's names (QCryptoIVGenAlgorithm). */
public enum IvGenAlg {
    /** The sector number truncated to 32 bits, little endian, zero padded. */
    PLAIN("plain"),
    /** The 64-bit sector number, little endian, zero padded. */
    PLAIN64("plain64"),
    /** The plain64 block encrypted with a key that is the hash of the master key. */
    ESSIV("essiv");

    private final String qemuName;

    IvGenAlg(String qemuName) {
        this.qemuName = qemuName;
    }

    public String qemuName() {
        return qemuName;
    }

    public static IvGenAlg byName(String name) {
        for (IvGenAlg a : values()) {
            if (a.qemuName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
