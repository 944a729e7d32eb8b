package io.jiotests.engine.block;

/** The QemuOpts types of a creation / open option: how its value is parsed and shown in help. */
public enum OptionType {
    /** A byte count with optional k/M/G/T/P/E suffix; help shows {@code <size>}. */
    SIZE("size"),
    /** Free text; help shows {@code <str>}. */
    STRING("str"),
    /** on/off (also true/false in some versions); help shows {@code <bool (on/off)>}. */
    FLAG("bool (on/off)"),
    /** An unsigned integer; help shows {@code <num>}. */
    NUMBER("num");

    private final String helpName;

    OptionType(String helpName) {
        this.helpName = helpName;
    }

    /** The name qemu prints in {@code -o help}, between angle brackets. */
    public String helpName() {
        return helpName;
    }
}
