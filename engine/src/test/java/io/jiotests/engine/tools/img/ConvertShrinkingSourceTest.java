package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.MappedRange;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.tools.ToolContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * convert maps its source's data runs (zero-copy reads): when the source file shrinks under a
 * mapping (another process truncates it), reading the mapped pages faults (SIGBUS, an InternalError
 * in Java). The copy then reads the run instead, as qemu-img reads it (zeroes past the end of the
 * file), and finishes normally: no Java error escapes, the target holds what a read gives.
 */
class ConvertShrinkingSourceTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void mappedPagesOfATruncatedFileFault() throws Exception {
        Path p = dir.resolve("f");
        Files.write(p, new byte[MIB]);
        try (BlockNode n = new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open(p.toString(), "raw", Map.of(), OpenFlags.readOnly());
             MappedRange m = n.mapRead(0, MIB)) {
            assertThat(m).isNotNull();
            truncate(p, 0);
            ByteBuffer data = m.data();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> data.getLong(8192))
                    .as("what convert's fallback is for").isInstanceOf(InternalError.class);
        }
    }

    @Test
    void sourceTruncatedUnderItsMappingsIsReadInstead() throws Exception {
        Path src = dir.resolve("src.raw");
        byte[] bytes = new byte[8 * MIB];
        new Random(17).nextBytes(bytes);
        Files.write(src, bytes);
        Path dst = dir.resolve("dst.raw");
        try (FileChannel ch = FileChannel.open(dst, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), 8L * MIB - 1); // an 8 MiB target, sparse
        }
        BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        AtomicInteger mappings = new AtomicInteger();
        try (BlockNode real = opener.open(src.toString(), "raw", Map.of(), OpenFlags.readOnly());
             BlockNode target = opener.open(dst.toString(), "raw", Map.of(), OpenFlags.readWrite())) {
            // the first mapping is made, then the file shrinks to 1 MiB under it: every read
            // of the source past 3 MiB gives zeroes
            BlockNode source = (BlockNode) Proxy.newProxyInstance(BlockNode.class.getClassLoader(),
                    new Class<?>[] {BlockNode.class}, (proxy, method, args) -> {
                        try {
                            Object r = method.invoke(real, args);
                            if (method.getName().equals("mapRead") && r != null
                                    && mappings.getAndIncrement() == 0) {
                                truncate(src, MIB);
                            }
                            return r;
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            var out = new ByteArrayOutputStream();
            var ps = new PrintStream(out, true);
            ImgEnv env = new ImgEnv(new ToolContext(ps, ps, dir, Map.of()), DriverRegistry.loadDefault());
            var settings = new ImgConvert.Settings(false, false, true, true, 4096, 1, false, true, false,
                    CacheMode.parse("writeback"), CacheMode.parse("writeback"), 0);
            int rc = new ConvertCopier(env, List.of(source), target, 8L * MIB, settings).run(dst.toString());
            assertThat(rc).isZero();
            assertThat(out.toString()).isEmpty();
        }
        assertThat(mappings.get()).as("the source was mapped").isPositive();
        byte[] copied = Files.readAllBytes(dst);
        assertThat(copied).hasSize(8 * MIB);
        assertThat(ByteBuffer.wrap(copied, 0, MIB).mismatch(ByteBuffer.wrap(bytes, 0, MIB)))
                .as("the data left in the source").isEqualTo(-1);
        assertThat(ByteBuffer.wrap(copied, MIB, 7 * MIB).mismatch(ByteBuffer.allocate(7 * MIB)))
                .as("past the source's new end: zeroes").isEqualTo(-1);
    }

    private static void truncate(Path p, long size) throws Exception {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }
}
