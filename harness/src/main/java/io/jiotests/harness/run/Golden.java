package io.jiotests.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The golden outputs: golden/NNN.out, per-format variants golden/NNN.out.FMT, and per-QEMU-version
 * variants for the reference containers ({@code --impl qemu-container:V}): golden/NNN.out.FMT.qemu-V
 * and golden/NNN.out.qemu-V, written by {@code --update-golden --impl qemu-container:V} only where
 * QEMU V's output differs from the version-independent golden.
 */
public final class Golden {

    private final Path dir;

    public Golden(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path base(TestInfo t) {
        return dir.resolve(t.id() + ".out");
    }

    public Path variant(TestInfo t, String fmt) {
        return dir.resolve(t.id() + ".out." + fmt);
    }

    /** The file a run on {@code fmt} is compared with: the variant if present, else the base. */
    public Path fileFor(TestInfo t, String fmt) {
        Path v = variant(t, fmt);
        return Files.exists(v) ? v : base(t);
    }

    /** The version suffix ("qemu-10.0") for a reference container implementation, else null. */
    public static String versionSuffix(String impl) {
        String prefix = "qemu-container:";
        return impl != null && impl.startsWith(prefix) ? "qemu-" + impl.substring(prefix.length()) : null;
    }

    private static boolean isVersionVariant(String fileName) {
        return fileName.contains(".qemu-");
    }

    /**
     * The file a run of {@code impl} on {@code fmt} is compared with: for a reference container of
     * QEMU V the first that exists of NNN.out.FMT.qemu-V and NNN.out.qemu-V, else as {@link #fileFor(TestInfo, String)}.
     */
    public Path fileFor(TestInfo t, String fmt, String impl) {
        String v = versionSuffix(impl);
        if (v != null) {
            for (Path p : List.of(dir.resolve(t.id() + ".out." + fmt + "." + v), dir.resolve(t.id() + ".out." + v))) {
                if (Files.exists(p)) {
                    return p;
                }
            }
        }
        return fileFor(t, fmt);
    }

    /**
     * Writes the per-version variants of one test from a run of the reference container {@code impl}:
     * none where its output equals the version-independent golden, NNN.out.qemu-V when every format
     * differs the same way, else NNN.out.FMT.qemu-V per differing format. Earlier variants of that
     * version for the formats in {@code outputs} are replaced. Formats without a version-independent
     * golden get no variant (that golden must be made first, from the host reference).
     */
    public void updateVersion(TestInfo t, String impl, Map<String, String> outputs, boolean allFormats) {
        String v = versionSuffix(impl);
        if (v == null || outputs.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Map<String, String> differing = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, String> e : outputs.entrySet()) {
                Files.deleteIfExists(dir.resolve(t.id() + ".out." + e.getKey() + "." + v));
                Optional<String> generic = read(fileFor(t, e.getKey()));
                if (generic.isEmpty()) {
                    // no version-independent golden yet: it must come first (from --impl qemu)
                    continue;
                }
                if (!generic.get().equals(e.getValue())) {
                    differing.put(e.getKey(), e.getValue());
                }
            }
            Path common = dir.resolve(t.id() + ".out." + v);
            if (allFormats) {
                Files.deleteIfExists(common);
            }
            boolean oneText = differing.values().stream().distinct().count() == 1;
            if (allFormats && oneText && differing.size() == outputs.size()) {
                write(common, differing.values().iterator().next());
                return;
            }
            String commonText = read(common).orElse(null);
            for (Map.Entry<String, String> e : differing.entrySet()) {
                if (!e.getValue().equals(commonText)) {
                    write(dir.resolve(t.id() + ".out." + e.getKey() + "." + v), e.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<String> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the reference outputs of one test. If every format's output is the same text, that
     * text becomes NNN.out and all variants are removed. Otherwise the base file keeps (or gets)
     * one output, and each format whose output differs from it gets its own variant; a variant
     * equal to the base is removed. Formats not in {@code outputs} keep their files.
     *
     * @param outputs   filtered output per format, from one reference run
     * @param allFormats whether {@code outputs} covers every format the test runs on
     */
    public void update(TestInfo t, Map<String, String> outputs, boolean allFormats) {
        if (outputs.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            boolean allSame = outputs.values().stream().distinct().count() == 1;
            String first = outputs.values().iterator().next();
            if (allSame && allFormats) {
                write(base(t), first);
                for (String fmt : outputs.keySet()) {
                    Files.deleteIfExists(variant(t, fmt));
                }
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        String n = p.getFileName().toString();
                        if (n.startsWith(t.id() + ".out.") && !isVersionVariant(n)) {
                            Files.delete(p);
                        }
                    }
                }
                return;
            }
            Path base = base(t);
            String baseText = read(base).orElse(null);
            if (baseText == null) {
                baseText = first;
                write(base, baseText);
            }
            for (Map.Entry<String, String> e : outputs.entrySet()) {
                Path v = variant(t, e.getKey());
                if (e.getValue().equals(baseText)) {
                    Files.deleteIfExists(v);
                } else {
                    write(v, e.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }
}
