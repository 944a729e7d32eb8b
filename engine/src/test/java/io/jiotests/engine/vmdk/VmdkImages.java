package io.jiotests.engine.vmdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Test helpers for VMDK images: CID-neutral byte comparison and directory clean-up. */
final class VmdkImages {
    private static final Pattern CID = Pattern.compile("(parent)?CID=[0-9a-f]+\n");

    private VmdkImages() {
    }

    /**
     * The image bytes with both CIDs (random in QEMU and here) replaced by "X"; the bytes the
     * shorter text frees are put back at the end of an embedded descriptor's text, so that
     * everything after it keeps its offset whatever the CIDs' lengths (qemu writes them with %x,
     * so a CID below 0x10000000 is shorter).
     */
    static byte[] withoutCids(Path image) throws IOException {
        byte[] b = Files.readAllBytes(image);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(s);
        int from = 0;
        while (true) {
            Matcher m = CID.matcher(out);
            if (!m.find(from)) {
                return out.toString().getBytes(StandardCharsets.ISO_8859_1);
            }
            String rep = (m.group(1) == null ? "" : "parent") + "CID=X\n";
            int freed = m.group().length() - rep.length();
            out.replace(m.start(), m.end(), rep);
            int nul = out.indexOf("\0", m.start());
            if (nul >= 0) {
                out.insert(nul, "\0".repeat(freed)); // a descriptor file (no NUL after it) just shrinks
            }
            from = m.start() + rep.length();
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
