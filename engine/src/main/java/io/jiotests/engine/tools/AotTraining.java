package io.jiotests.engine.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The workload the launchers' JDK AOT cache is trained on ({@code Main --aot-training}, run by
 * bin/jqemu-aot-train with -XX:AOTCacheOutput): typical jqemu-img and jqemu-io runs on small raw
 * and qcow2 images in a temporary directory, with all output discarded, so that the classes both
 * tools load are in the cache.
 */
final class AotTraining {
    private AotTraining() {
    }

    static int run() {
        Path dir;
        try {
            dir = Files.createTempDirectory("jqemu-aot");
        } catch (IOException e) {
            System.err.println("cannot create a training directory: " + e.getMessage());
            return 1;
        }
        PrintStream nul = new PrintStream(OutputStream.nullOutputStream());
        ToolContext ctx = new ToolContext(nul, nul, dir, Map.of());
        Tool img = Main.find("qemu-img");
        Tool io = Main.find("qemu-io");
        try {
            for (String fmt : List.of("raw", "qcow2")) {
                String name = "t." + fmt;
                if (img != null) {
                    img.run(ctx, new String[] {"create", "-f", fmt, name, "4M"});
                } else {
                    Files.write(dir.resolve(name), new byte[4 << 20]);
                }
                if (io != null) {
                    io.run(ctx, new String[] {"-f", fmt, "-c", "write -P 0x5a 0 64k", "-c", "read -P 0x5a 0 64k",
                            "-c", "read -v 0 32", "-c", "write -z 64k 64k", "-c", "discard 0 4k", "-c", "map",
                            "-c", "alloc 0 1M", "-c", "length", "-c", "info", "-c", "aio_write 1M 4k",
                            "-c", "aio_read 1M 4k", "-c", "aio_flush", "-c", "readv 0 512 512",
                            "-c", "writev 0 512 512", "-c", "flush", "-c", "truncate 4M", name});
                    io.run(ctx, new String[] {"-c", "read 0 512", name});
                    io.run(ctx, new String[] {"-c", "help"});
                }
                if (img != null) {
                    img.run(ctx, new String[] {"info", name});
                    img.run(ctx, new String[] {"info", "--output=json", name});
                    img.run(ctx, new String[] {"map", name});
                    img.run(ctx, new String[] {"map", "--output=json", name});
                    img.run(ctx, new String[] {"check", name});
                    img.run(ctx, new String[] {"convert", "-O", fmt, name, "c." + fmt});
                    img.run(ctx, new String[] {"compare", name, "c." + fmt});
                    img.run(ctx, new String[] {"resize", "-f", fmt, name, "8M"});
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("training run failed: " + e);
            return 1;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp dir is harmless
            }
        }
    }
}
