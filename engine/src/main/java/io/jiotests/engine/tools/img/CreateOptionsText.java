package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionType;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.SizeParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The texts qemu-img prints about creation options: the {@code -o help} listing (sorted by name,
 * "  name=<type>" padded to 22 columns, " - help") and the "Formatting 'f', fmt=... " line, whose
 * option order is that of QEMU's option lists (per driver; format options before protocol ones).
 */
final class CreateOptionsText {
    /** The order in which qemu-img 7.2 prints set options in the "Formatting" line, per driver. */
    private static final Map<String, List<String>> FORMATTING_ORDER = Map.of(
            "qcow2", List.of("encryption", "encrypt.format", "encrypt.key-secret",
                    "encrypt.cipher-alg", "encrypt.cipher-mode", "encrypt.ivgen-alg",
                    "encrypt.ivgen-hash-alg", "encrypt.hash-alg", "encrypt.iter-time",
                    "cluster_size", "extended_l2", "preallocation", "compression_type", "size",
                    "compat", "backing_file", "backing_fmt", "data_file", "data_file_raw",
                    "lazy_refcounts", "refcount_bits"),
            "raw", List.of("size"),
            "luks", List.of("size", "key-secret", "cipher-alg", "cipher-mode", "ivgen-alg", "ivgen-hash-alg",
                    "hash-alg", "iter-time"),
            "file", List.of("size", "nocow", "preallocation", "extent_size_hint"));

    private CreateOptionsText() {
    }

    /** The -o help listing for a format (and, when a filename was given, its protocol). */
    static String help(String caption, OptionSchema schema, boolean protocolNote) {
        StringBuilder sb = new StringBuilder();
        sb.append(caption).append('\n');
        List<OptionSpec> specs = new ArrayList<>(schema.specs());
        specs.sort(Comparator.comparing(OptionSpec::name));
        for (OptionSpec s : specs) {
            String left = s.name() + "=<" + s.type().helpName() + ">";
            sb.append("  ").append(String.format("%-22s", left));
            if (s.help() != null) {
                sb.append(" - ").append(s.help());
            }
            sb.append('\n');
        }
        if (protocolNote) {
            sb.append("\nThe protocol level may support further options.\n");
            sb.append("Specify the target filename to include those options.\n");
        }
        return sb.toString();
    }

    /** The option names of a driver's schema in "Formatting" line order. */
    static List<String> order(String driver, OptionSchema schema) {
        List<String> fixed = FORMATTING_ORDER.get(driver);
        Set<String> r = new LinkedHashSet<>();
        if (fixed != null) {
            for (String n : fixed) {
                if (schema.contains(n)) {
                    r.add(n);
                }
            }
        }
        for (OptionSpec s : schema.specs()) {
            r.add(s.name());
        }
        return new ArrayList<>(r);
    }

    /**
     * The "Formatting" line: every option of the format then of the protocol that is set by the
     * user or has a default, with sizes shown in bytes.
     */
    static String formattingLine(String filename, String fmt, OptionSchema formatSchema,
                                 String protoName, OptionSchema protoSchema, OptionValues values) {
        StringBuilder sb = new StringBuilder();
        sb.append("Formatting '").append(filename).append("', fmt=").append(fmt);
        Set<String> done = new LinkedHashSet<>();
        appendOptions(sb, order(fmt, formatSchema), formatSchema, values, done);
        if (protoSchema != null) {
            appendOptions(sb, order(protoName, protoSchema), protoSchema, values, done);
        }
        return sb.toString();
    }

    private static void appendOptions(StringBuilder sb, List<String> names, OptionSchema schema,
                                      OptionValues values, Set<String> done) {
        for (String n : names) {
            if (!done.add(n)) {
                continue;
            }
            OptionSpec spec = schema.find(n).orElseThrow();
            String v = values.get(n);
            if (v == null) {
                v = spec.defaultValue();
            }
            if (v == null) {
                continue;
            }
            if (spec.type() == OptionType.SIZE) {
                long bytes = SizeParser.parse(v);
                if (bytes >= 0) {
                    v = Long.toString(bytes);
                }
            }
            sb.append(' ').append(n).append('=').append(v);
        }
    }
}
