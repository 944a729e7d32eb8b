package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionValues;
import java.util.List;

/**
 * QEMU's LUKS amend options (QCryptoBlockAmendOptionsLUKS), each behind a prefix ("encrypt." in
 * qcow2): the new {@code state} of the affected key slots, an explicit {@code keyslot}, the ids
 * of the {@code old-secret} selecting slots to erase and of the {@code new-secret} to store, and
 * the {@code iter-time} of the new slot's PBKDF2. Secrets are ids, looked up when they are used.
 *
 * @param activate   state=active (add a key) or state=inactive (erase keys)
 * @param keyslot    the slot given, as QEMU holds it (a 32-bit int); null when not given
 * @param oldSecret  id of the secret whose slots are erased, or null
 * @param newSecret  id of the secret to store, or null
 * @param iterTimeMs PBKDF time for the new slot, an unsigned 64-bit number
 */
public record LuksAmendOptions(boolean activate, Integer keyslot, String oldSecret, String newSecret,
                               long iterTimeMs) {
    /** The option names without prefix, as qemu-img amend -o help lists them. */
    public static final List<String> NAMES = List.of("iter-time", "keyslot", "new-secret", "old-secret", "state");

    /** The specs of the amend options (with their help texts) behind {@code prefix}. */
    public static List<OptionSpec> specs(String prefix) {
        return List.of(
                OptionSpec.number(prefix + "iter-time", "Time to spend in PBKDF in milliseconds", null),
                OptionSpec.number(prefix + "keyslot", "Select a single keyslot to modify explicitly", null),
                OptionSpec.string(prefix + "new-secret",
                        "New secret to set in the matching keyslots. Empty string to erase"),
                OptionSpec.string(prefix + "old-secret", "Select all keyslots that match this password"),
                OptionSpec.string(prefix + "state", "Select new state of affected keyslots (active/inactive)"));
    }

    /** Whether any of the options behind {@code prefix} is set. */
    public static boolean present(OptionValues o, String prefix) {
        for (String n : NAMES) {
            if (o.has(prefix + n)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the options behind {@code prefix}, with QEMU's errors (the state is named without it). */
    public static LuksAmendOptions parse(OptionValues o, String prefix) throws BlockException {
        String state = o.get(prefix + "state");
        if (state == null) {
            throw new BlockException(Errno.EINVAL, "Parameter 'state' is missing");
        }
        boolean activate = switch (state) {
            case "active" -> true;
            case "inactive" -> false;
            default -> throw new BlockException(Errno.EINVAL,
                    "Parameter 'state' does not accept value '" + state + "'");
        };
        String slot = o.get(prefix + "keyslot");
        Integer keyslot = slot == null ? null : (int) number(prefix + "keyslot", slot);
        String iter = o.get(prefix + "iter-time");
        long iterTime = iter == null ? LuksOptions.DEFAULT_ITER_TIME_MS : number(prefix + "iter-time", iter);
        return new LuksAmendOptions(activate, keyslot, o.get(prefix + "old-secret"), o.get(prefix + "new-secret"),
                iterTime);
    }

    /**
     * A number as QEMU's option parser reads it: unsigned 64-bit, decimal, hex (0x) or octal (0),
     * a leading minus sign negating it modulo 2^64 (so "-1" is 2^64 - 1).
     */
    static long number(String name, String text) throws BlockException {
        String t = text.trim();
        boolean negative = t.startsWith("-");
        if (negative) {
            t = t.substring(1);
        }
        try {
            int radix = 10;
            if (t.length() > 1 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
                radix = 16;
                t = t.substring(2);
            } else if (t.length() > 1 && t.charAt(0) == '0') {
                radix = 8;
                t = t.substring(1);
            }
            if (t.isEmpty() || t.charAt(0) == '+' || t.charAt(0) == '-') {
                throw new NumberFormatException();
            }
            long v = Long.parseUnsignedLong(t, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new BlockException(Errno.EINVAL, "Parameter '" + name + "' expects a number");
        }
    }
}
