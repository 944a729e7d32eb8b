package io.jiotests.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The golden outputs: golden/NNN.out and per-format variants golden/NNN.out.FMT. */
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
                        if (p.getFileName().toString().startsWith(t.id() + ".out.")) {
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
