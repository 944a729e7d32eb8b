package io.jiotests.harness.compare;

/**
 * How closely an image written by the implementation under test must match the reference's image,
 * strictest first. A test requires one level; the comparison reports every level it could run.
 */
public enum CompareLevel {
    /** Byte for byte, except the format's masked random/time fields. */
    BYTES,
    /** {@code qemu-img info --output=json} and {@code map --output=json} equal (paths and sizes on disk aside). */
    METADATA,
    /** The reference {@code qemu-img compare} says the guest sees identical contents. */
    GUEST_VISIBLE;

    /** The default required level: bytes for raw and qcow2, metadata otherwise. */
    public static CompareLevel defaultFor(String fmt) {
        return fmt.equals("raw") || fmt.equals("qcow2") ? BYTES : METADATA;
    }

    /** The level's name in reports and in {@code @IoTest(imageLevel)}: bytes, metadata, guest-visible. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether passing this level is required when {@code required} is the test's level. */
    public boolean requiredBy(CompareLevel required) {
        return ordinal() >= required.ordinal();
    }
}
