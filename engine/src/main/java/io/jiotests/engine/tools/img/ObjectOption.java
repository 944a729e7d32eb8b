package io.jiotests.engine.tools.img;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --object TYPE,id=ID,...}: the checks qemu-img makes before it runs a subcommand. The
 * engine creates no objects (it has no encryption or throttling), but a definition qemu-img
 * refuses is refused with its words, and {@code help} / {@code TYPE,help} print qemu-img's lists.
 */
final class ObjectOption {
    /** The object types qemu-img 7.2 can create, in its order. */
    static final List<String> CREATABLE = List.of("authz-list", "authz-list-file", "authz-simple", "main-loop",
            "pr-manager-helper", "secret", "secret_keyring", "thread-context", "throttle-group",
            "tls-cipher-suites", "tls-creds-anon", "tls-creds-psk", "tls-creds-x509");
    /** QOM types that exist but that qemu-img may not create. */
    private static final Set<String> NOT_IN_TOOLS = Set.of("iothread", "memory-backend-ram", "memory-backend-file",
            "memory-backend-memfd", "rng-random", "rng-builtin", "rng-egd", "cryptodev-backend-builtin",
            "input-linux", "colo-compare", "filter-buffer", "filter-dump", "filter-mirror", "filter-redirector",
            "filter-replay", "filter-rewriter", "can-bus", "dbus-vmstate", "x-remote-object", "sev-guest");
    private static final List<String> SECRET_OPTIONS = List.of("data", "file", "format", "iv", "keyid");
    private static final Set<String> SECRET_FORMATS = Set.of("raw", "base64");

    private ObjectOption() {
    }

    /** Printed on stdout, then the tool exits with 0 (qemu-img's --object help). */
    static final class Listing extends ImgError {
        private static final long serialVersionUID = 1L;

        Listing(String text) {
            super(text, 0, false);
        }
    }

    static void validate(String def) throws ImgError {
        if (def.equals("help")) {
            StringBuilder sb = new StringBuilder("List of user creatable objects:\n");
            CREATABLE.forEach(t -> sb.append("  ").append(t).append('\n'));
            throw new Listing(sb.toString());
        }
        Map<String, String> opts = new LinkedHashMap<>();
        boolean help = false;
        String[] parts = def.isEmpty() ? new String[0] : def.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            int eq = p.indexOf('=');
            if (eq < 0) {
                if (i == 0) {
                    opts.put("qom-type", p);
                } else if (p.equals("help") || p.equals("?")) {
                    help = true;
                } else {
                    opts.put(p, "on");
                }
            } else {
                opts.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        String type = opts.get("qom-type");
        if (type == null) {
            throw ImgError.report("Parameter 'qom-type' is missing");
        }
        if (!CREATABLE.contains(type)) {
            if (NOT_IN_TOOLS.contains(type)) {
                throw ImgError.report("invalid object type: " + type);
            }
            throw ImgError.report("Parameter 'qom-type' does not accept value '" + type + "'");
        }
        if (help && type.equals("secret")) {
            StringBuilder sb = new StringBuilder("secret options:\n");
            sb.append("  data=<string>\n  file=<string>\n  format=<QCryptoSecretFormat>\n  iv=<string>\n")
                    .append("  keyid=<string>\n");
            throw new Listing(sb.toString());
        }
        String id = opts.get("id");
        if (id == null) {
            throw ImgError.report("Parameter 'id' is missing");
        }
        if (!isIdentifier(id)) {
            throw ImgError.report("Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, "
                    + "'-', '.', '_', starting with a letter.");
        }
        if (type.equals("secret")) {
            validateSecret(opts);
        }
    }

    private static void validateSecret(Map<String, String> opts) throws ImgError {
        for (String k : opts.keySet()) {
            if (!k.equals("qom-type") && !k.equals("id") && !SECRET_OPTIONS.contains(k) && !k.equals("loaded")) {
                throw ImgError.report("Parameter '" + k + "' is unexpected");
            }
        }
        String format = opts.get("format");
        if (format != null && !SECRET_FORMATS.contains(format)) {
            throw ImgError.report("Parameter 'format' does not accept value '" + format + "'");
        }
        String data = opts.get("data");
        String file = opts.get("file");
        if (data == null && file == null) {
            throw ImgError.report("Either 'file' or 'data' must be provided");
        }
        if (data != null && file != null) {
            throw ImgError.report("'data' and 'file' are mutually exclusive");
        }
        if (file != null) {
            try {
                Files.readAllBytes(Path.of(file));
            } catch (NoSuchFileException e) {
                throw ImgError.report("Unable to read " + file + ": Failed to open file \u201c" + file
                        + "\u201d: No such file or directory");
            } catch (IOException | RuntimeException e) {
                throw ImgError.report("Unable to read " + file + ": Failed to open file \u201c" + file
                        + "\u201d: Permission denied");
            }
        }
    }

    private static boolean isIdentifier(String id) {
        if (id.isEmpty() || !Character.isLetter(id.charAt(0)) || id.charAt(0) > 127) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char ch = id.charAt(i);
            boolean ok = (ch < 128 && Character.isLetterOrDigit(ch)) || ch == '-' || ch == '.' || ch == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
