package io.jiotests.engine.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: applies "offset:width:value" pokes (width 1, 2, 4 or 8 bytes; value decimal or
 * 0x-hex, unsigned) to a file in a given byte order, and compares a jqemu tool run with the
 * reference's (stdout, stderr with the image name unified, exit code).
 */
public final class HeaderPokes {
    private HeaderPokes() {
    }

    public static void poke(Path file, String pokes, ByteOrder order) throws IOException {
        if (pokes.isBlank()) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (String p : pokes.split(",")) {
                String[] f = p.split(":");
                long off = Long.decode(f[0]);
                int width = Integer.parseInt(f[1]);
                long v = Long.parseUnsignedLong(f[2].replace("0x", ""), f[2].startsWith("0x") ? 16 : 10);
                ByteBuffer b = ByteBuffer.allocate(width).order(order);
                switch (width) {
                    case 1 -> b.put((byte) v);
                    case 2 -> b.putShort((short) v);
                    case 4 -> b.putInt((int) v);
                    case 8 -> b.putLong(v);
                    default -> throw new IllegalArgumentException("width " + width);
                }
                ch.write(b.flip(), off);
            }
        }
    }

    public static List<String> append(List<String> a, String last) {
        List<String> r = new ArrayList<>(a);
        r.add(last);
        return r;
    }

    /** Runs {@code args + image} through both tools; returns {reference, ours} with names and disk size unified. */
    public static String[] both(Path dir, String tool, List<String> args, String qemuImage, String javaImage)
            throws IOException, InterruptedException {
        ToolRuns.Result w = ToolRuns.qemu(dir, tool, append(args, qemuImage));
        ToolRuns.Result g = ToolRuns.java(dir, tool, append(args, javaImage));
        return new String[] {render(w), render(g).replace(javaImage, qemuImage)};
    }

    private static String render(ToolRuns.Result r) {
        return ("rc=" + r.exit() + "\n" + r.stdout() + "\n--stderr--\n" + r.stderr())
                .replaceAll("disk size: .*\n", "").replaceAll("\"actual-size\": [0-9]+", "\"actual-size\": N");
    }

    /**
     * qemu-img convert -m 1 -O raw (one coroutine: QEMU reports a read error once per coroutine) of {@code qemuImage} by QEMU and of {@code javaImage} by jqemu-img:
     * the same output and exit code, and when they succeed, the same bytes.
     */
    public static void convertBoth(Path dir, String fmt, String qemuImage, String javaImage, String what)
            throws IOException, InterruptedException {
        ToolRuns.Result w = ToolRuns.qemu(dir, "qemu-img", List.of("convert", "-m", "1", "-f", fmt, "-O", "raw", qemuImage, "q.raw"));
        ToolRuns.Result g = ToolRuns.java(dir, "qemu-img", List.of("convert", "-m", "1", "-f", fmt, "-O", "raw", javaImage, "j.raw"));
        org.assertj.core.api.Assertions.assertThat(render(g).replace(javaImage, qemuImage).replace("j.raw", "q.raw"))
                .as("convert with %s", what).isEqualTo(render(w));
        if (w.exit() == 0) {
            org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.mismatch(dir.resolve("q.raw"), dir.resolve("j.raw")))
                    .as("converted bytes with %s", what).isEqualTo(-1L);
        }
    }
}
