package io.jiotests.harness.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known differences between two implementations' images (or outputs) in cases where both match
 * golden, from {@code harness/expectations/image-differences.txt}: one line per difference,
 * {@code NNN.fmt LEFT RIGHT reason}. A listed difference is reported but does not fail the run;
 * a listed pair that now agrees is reported with a request to remove the line, but does not fail
 * the run either, because some listed differences are not deterministic (they depend on request
 * timing); an unlisted difference fails as before. A line whose LEFT is {@code qemu} covers every
 * reference QEMU as the left side ({@code qemu}, {@code qemu-container:7.2}, {@code qemu-container:10.0}):
 * the Java engine's differences from QEMU do not depend on where the reference runs.
 */
public final class KnownImageDifferences {
    public static final String FILE_NAME = "image-differences.txt";

    private KnownImageDifferences() {
    }

    /** The listed keys ("NNN.fmt LEFT RIGHT") and their reasons. */
    static Map<String, String> load(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 4);
            if (f.length < 4) {
                throw new IOException(file + ": expected 'NNN.fmt LEFT RIGHT reason', got: " + line);
            }
            out.put(f[0] + " " + f[1] + " " + f[2], f[3]);
        }
        return out;
    }

    static String key(CrossCheck c) {
        return c.test() + "." + c.fmt() + " " + c.left() + " " + c.right();
    }

    /** The cross checks judged against the list in {@code expectationsDir}. */
    public static List<CrossCheck> apply(List<CrossCheck> checks, Path expectationsDir) throws IOException {
        Map<String, String> known = load(expectationsDir.resolve(FILE_NAME));
        List<CrossCheck> out = new ArrayList<>();
        for (CrossCheck c : checks) {
            String listed = key(c);
            if (!known.containsKey(listed) && c.left().startsWith("qemu-container:")) {
                listed = c.test() + "." + c.fmt() + " qemu " + c.right();
            }
            String reason = known.get(listed);
            if (reason == null) {
                out.add(c);
            } else if (c.differs()) {
                List<String> notes = new ArrayList<>(c.imageNotes());
                notes.add("known difference (" + FILE_NAME + "): " + reason);
                out.add(new CrossCheck(c.test(), c.fmt(), c.left(), c.right(), c.diff(), notes, false, c.images()));
            } else {
                out.add(new CrossCheck(c.test(), c.fmt(), c.left(), c.right(), c.diff(),
                        List.of("listed in " + FILE_NAME + " but the implementations now agree: remove the line '"
                                + listed + "'"), false, c.images()));
            }
        }
        return out;
    }
}
