package io.jiotests.engine.block;

/**
 * One creation option of a driver, as a QemuOptDesc: name, type, help text and the default value
 * that {@code qemu-img create} shows in its "Formatting ..." line (null if none is shown).
 */
public record OptionSpec(String name, OptionType type, String help, String defaultValue) {
    public OptionSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("option name must not be empty");
        }
    }

    public static OptionSpec size(String name, String help) {
        return new OptionSpec(name, OptionType.SIZE, help, null);
    }

    public static OptionSpec string(String name, String help) {
        return new OptionSpec(name, OptionType.STRING, help, null);
    }

    public static OptionSpec flag(String name, String help, String defaultValue) {
        return new OptionSpec(name, OptionType.FLAG, help, defaultValue);
    }

    public static OptionSpec number(String name, String help, String defaultValue) {
        return new OptionSpec(name, OptionType.NUMBER, help, defaultValue);
    }
}
