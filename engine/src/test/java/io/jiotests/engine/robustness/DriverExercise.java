package io.jiotests.engine.robustness;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Drives one format driver over untrusted image bytes the way qemu-img info / check / convert and
 * qemu-io read do: probe, open read-only, length, block status, reads at the start, middle and end,
 * check. A {@link BlockException} (QEMU's error path) is the only acceptable failure; any other
 * exception or error propagates and is a finding of the fuzzer or property test.
 */
final class DriverExercise {

    static final DriverRegistry REGISTRY = DriverRegistry.loadDefault();
    /** Every format driver on the class path; grows as drivers land. */
    static final List<String> FORMATS = REGISTRY.all().stream()
            .filter(d -> d.kind() == BlockDriver.Kind.FORMAT).map(BlockDriver::name).sorted().toList();
    private static final PrintStream NULL = new PrintStream(OutputStream.nullOutputStream());
    /** Never read more than this per request, whatever the image claims. */
    private static final int MAX_READ = 64 * 1024;

    private DriverExercise() {
    }

    /** Probes the header with every format driver: must return 0..100 and never throw. */
    static void probeAll(byte[] header, String filename) {
        for (BlockDriver d : REGISTRY.all()) {
            if (d.kind() != BlockDriver.Kind.FORMAT) {
                continue;
            }
            int score = d.probe(header, Math.min(header.length, 2048), filename);
            if (score < 0 || score > 100) {
                throw new IllegalStateException(d.name() + ".probe returned " + score);
            }
        }
    }

    /** Writes the bytes to a file in dir and exercises the driver {@code format} (null = probe) on it. */
    static void exercise(Path dir, byte[] image, String format) {
        Path file = dir.resolve("fuzz.img");
        try {
            Files.write(file, image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BlockOpener opener = new BlockOpener(REGISTRY, dir, NULL);
        BlockNode node;
        try {
            node = opener.open(file.toString(), format, null, OpenFlags.readOnly().withNoBacking(true));
        } catch (BlockException e) {
            return;
        }
        try {
            long len = node.length();
            if (len < 0) {
                throw new IllegalStateException("negative length " + len);
            }
            for (long off : new long[] {0, len / 2, Math.max(0, len - 4096)}) {
                ignoreBlockException(() -> node.blockStatus(off, Math.min(MAX_READ, len - off), true));
                int n = (int) Math.min(MAX_READ, Math.max(0, len - off));
                ignoreBlockException(() -> {
                    node.pread(off & ~511L, ByteBuffer.allocate(n & ~511));
                    return null;
                });
            }
            ignoreBlockException(() -> node.check(CheckMode.NONE, NULL));
        } catch (BlockException e) {
            // QEMU's error path: fine
        } finally {
            try {
                node.close();
            } catch (BlockException e) {
                // closing a broken image may fail; it must not throw anything else
            }
        }
    }

    interface BlockCall {
        Object call() throws BlockException;
    }

    private static void ignoreBlockException(BlockCall c) {
        try {
            c.call();
        } catch (BlockException e) {
            // expected for hostile images
        }
    }
}
