package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.DriverRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --object TYPE,id=ID,...}: the checks qemu-img makes before it runs a subcommand. Secrets
 * ({@code secret,id=ID,data=...|file=...[,format=raw|base64][,keyid=MASTER,iv=IV]}, the last
 * encrypted: {@link SecretDecryption}) are defined in the tool's
 * {@link DriverRegistry} for the drivers that encrypt (key-secret); other object types are only
 * checked. A definition qemu-img refuses is refused with its words, and {@code help} /
 * {@code TYPE,help} print qemu-img's lists.
 */
public final class ObjectOption {
    /** The registry the running qemu-img subcommand defines its secrets in (set by ImgTool). */
    static final ThreadLocal<DriverRegistry> CURRENT_REGISTRY = new ThreadLocal<>();

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

    /**
     * Checks an object definition and, for a secret, defines it in {@code registry}. Returns null,
     * or qemu's error text (without the tool prefix) when the definition is refused; for
     * {@code help} the listing. Used by qemu-io, whose --object takes the same definitions.
     */
    public static String define(String def, DriverRegistry registry) {
        try {
            define(def, registry, true);
            return null;
        } catch (ImgError e) {
            return e.getMessage();
        }
    }

    static void define(String def, DriverRegistry registry, boolean unused) throws ImgError {
        Map<String, String> opts = validate(def);
        if (registry != null && "secret".equals(opts.get("qom-type"))) {
            registry.addSecret(opts.get("id"), secretValue(opts, registry));
        }
    }

    private static byte[] secretValue(Map<String, String> opts, DriverRegistry registry) throws ImgError {
        byte[] raw;
        String file = opts.get("file");
        if (file != null) {
            try {
                raw = Files.readAllBytes(Path.of(file));
            } catch (IOException | RuntimeException e) {
                throw ImgError.report("Unable to read " + file);
            }
        } else {
            raw = opts.get("data").getBytes(StandardCharsets.UTF_8);
        }
        boolean base64 = "base64".equals(opts.get("format"));
        String keyId = opts.get("keyid");
        if (keyId != null) {
            return SecretDecryption.decrypt(opts.get("id"), raw, base64, keyId, opts.get("iv"), registry);
        }
        if (base64) {
            raw = SecretDecryption.strictBase64(new String(raw, StandardCharsets.ISO_8859_1));
        }
        return raw;
    }

    /**
     * Base64 as glib's g_base64_decode reads it (what qemu uses for format=base64): characters
     * outside the alphabet are skipped and a trailing partial group yields what bits it has.
     */
    static byte[] decodeBase64Leniently(String text) {
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                clean.append(c);
            } else if (c == '=') {
                break;
            }
        }
        if (clean.length() % 4 == 1) {
            clean.setLength(clean.length() - 1);
        }
        return Base64.getDecoder().decode(clean.toString());
    }

    static Map<String, String> validate(String def) throws ImgError {
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
        return opts;
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
