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
}
