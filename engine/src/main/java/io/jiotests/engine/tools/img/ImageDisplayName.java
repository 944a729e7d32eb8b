package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.JsonOptions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The name qemu-img prints for an opened image ("image:" in info): QEMU rebuilds it from the
 * node graph. A format node whose only distinguishing option is its file child is named after
 * that file; one with options that change what the guest sees (raw's offset and size) or whose
 * child is not a plain file gets a {@code json:{...}} name listing the driver, those options and
 * the child, in QDict order with ", " and ": " separators. A "file:" prefix is dropped, and a
 * relative name that would then look like a protocol prefix gets "./" in front.
 */
final class ImageDisplayName {
    /**
     * Options of a format driver that change the guest-visible image or are needed to open it again
     * (QEMU's "strong" options): raw's window, and the secret that decrypts a luks or qcow2 image.
     */
    private static final Map<String, List<String>> STRONG_OPTIONS = Map.of(
            "raw", List.of("offset", "size"),
            "luks", List.of("key-secret"),
            "qcow2", List.of("encrypt.key-secret"));

    private ImageDisplayName() {
    }

    /**
     * @param given     the filename (or --image-opts text) from the command line
     * @param imageOpts whether {@code given} is --image-opts text
     * @param format    the format the image was opened with (the driver's name)
     */
    static String of(String given, boolean imageOpts, String format) {
        Map<String, String> opts;
        Set<String> numbers = new HashSet<>();
        try {
            if (imageOpts) {
                opts = BlockOpener.parseImageOpts(given);
            } else if (given.startsWith("json:")) {
                opts = JsonOptions.parse(given.substring(5), numbers);
            } else {
                return plain(given);
            }
        } catch (BlockException e) {
            return given; // it opened, so it parses; keep the text if it somehow does not
        }
        Map<String, String> top = new LinkedHashMap<>(opts);
        top.putIfAbsent("driver", format);
        if (top.containsKey("filename") && !"file".equals(top.get("driver"))) {
            top.putIfAbsent("file.filename", top.remove("filename"));
        }
        Node n = node(top, "", numbers);
        return n == null ? given : n.name();
    }

    /** A plain filename as QEMU prints it back. */
    static String plain(String filename) {
        if (!filename.startsWith("file:")) {
            return filename;
        }
        String path = filename.substring(5);
        int colon = path.indexOf(':');
        int slash = path.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            return "./" + path;
        }
        return path;
    }

    /** One node of the option tree: its JSON members (ordered as QEMU inserts them) and its name. */
    private record Node(Map<String, Object> json, String exactName) {
        String name() {
            return exactName != null ? exactName : "json:" + compact(json);
        }
    }

    private static Node node(Map<String, String> opts, String prefix, Set<String> numbers) {
        String driver = opts.get(prefix + "driver");
        if (driver == null) {
            driver = "file";
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("driver", driver);
        if (driver.equals("file")) {
            String filename = opts.get(prefix + "filename");
            if (filename == null) {
                return null;
            }
            json.put("filename", filename);
            return new Node(json, filename);
        }
        boolean strong = false;
        for (String key : STRONG_OPTIONS.getOrDefault(driver, List.of())) {
            String v = opts.get(prefix + key);
            if (v != null) {
                json.put(key, numbers.contains(prefix + key) ? (Object) new JsonNumber(v) : v);
                strong = true;
            }
        }
        Node file = node(opts, prefix + "file.", numbers);
        if (file == null) {
            return null;
        }
        json.put("file", file.json());
        boolean fileIsProtocol = "file".equals(file.json().get("driver"));
        return new Node(json, !strong && fileIsProtocol ? file.exactName() : null);
    }

    /** A number kept as the JSON text it was given in. */
    private record JsonNumber(String text) {
    }

    /** QEMU's one-line JSON of a QDict: members in QDict order, ", " and ": " separators. */
    static String compact(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (String k : QJson.qdictOrder(m)) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            QJson.string(sb, k);
            sb.append(": ");
            Object v = m.get(k);
            if (v instanceof Map<?, ?> sub) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) sub;
                sb.append(compact(child));
            } else if (v instanceof JsonNumber num) {
                sb.append(num.text());
            } else {
                QJson.string(sb, String.valueOf(v));
            }
        }
        return sb.append('}').toString();
    }
}
