package io.jiotests.engine.block;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockOpenerTest {
    @TempDir
    Path dir;

    private final DriverRegistry registry = DriverRegistry.loadDefault();

    private BlockOpener opener() {
        return new BlockOpener(registry, dir, null);
    }

    private void createRaw(String name, long size) throws Exception {
        ImageCreator.create(registry, "raw", name, new OptionValues().set("size", String.valueOf(size)), dir);
    }

    @Test
    void missingFileGivesQemuText() {
        assertThatThrownBy(() -> opener().open("nofile", null, null, OpenFlags.readWrite()))
                .isInstanceOf(BlockException.class)
                .hasMessage("Could not open 'nofile': No such file or directory");
    }

    @Test
    void unknownDriverAndProtocol() throws Exception {
        createRaw("r.img", 1 << 20);
        assertThatThrownBy(() -> opener().open("r.img", "foo", null, OpenFlags.readWrite()))
                .hasMessage("Unknown driver 'foo'");
        assertThatThrownBy(() -> opener().open("foo:bar", null, null, OpenFlags.readWrite()))
                .hasMessage("Unknown protocol 'foo'");
        assertThatThrownBy(() -> opener().open(dir.toString(), null, null, OpenFlags.readWrite()))
                .hasMessage("Could not open '" + dir + "': Is a directory");
    }

    @Test
    void jsonAndImageOptsReachTheRawWindow() throws Exception {
        createRaw("r.img", 1 << 20);
        try (BlockNode n = opener().open("json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\","
                + "\"filename\":\"r.img\"},\"offset\":512,\"size\":1024}", null, null, OpenFlags.readOnly())) {
            assertThat(n.length()).isEqualTo(1024);
            assertThat(n.driver().name()).isEqualTo("raw");
        }
        Map<String, String> opts = BlockOpener.parseImageOpts("driver=raw,file.filename=r.img,offset=512");
        try (BlockNode n = opener().open(null, null, opts, OpenFlags.readOnly())) {
            assertThat(n.length()).isEqualTo((1 << 20) - 512);
        }
        assertThatThrownBy(() -> opener().open("json:{\"driver\":\"raw\"", null, null, OpenFlags.readOnly()))
                .hasMessage("Could not parse the JSON options: JSON parse error, premature EOI");
        assertThatThrownBy(() -> opener().open(null, null,
                BlockOpener.parseImageOpts("driver=raw,file.filename=r.img,bogus=1"), OpenFlags.readOnly()))
                .hasMessage("Block format 'raw' does not support the option 'bogus'");
        assertThatThrownBy(() -> opener().open(null, null,
                BlockOpener.parseImageOpts("driver=raw,file.filename=r.img,size=1000"), OpenFlags.readOnly()))
                .hasMessage("Specified size is not multiple of 512");
    }

    @Test
    void backendChecksBoundsAndReadOnly() throws Exception {
        createRaw("r.img", 1 << 20);
        try (BlockBackend blk = new BlockBackend(opener().open("r.img", "raw", null, OpenFlags.readWrite()))) {
            blk.write(1000, ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
            ByteBuffer b = ByteBuffer.allocate(3);
            blk.read(1000, b);
            assertThat(b.array()).containsExactly(1, 2, 3);
            assertThatThrownBy(() -> blk.read((1 << 20) - 1, ByteBuffer.allocate(2)))
                    .isInstanceOfSatisfying(BlockException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO));
            assertThatThrownBy(() -> blk.read(-1, ByteBuffer.allocate(2)))
                    .isInstanceOfSatisfying(BlockException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO));
        }
        try (BlockBackend blk = new BlockBackend(opener().open("r.img", "raw", null, OpenFlags.readOnly()))) {
            assertThatThrownBy(() -> blk.write(0, ByteBuffer.allocate(1), 0))
                    .isInstanceOfSatisfying(BlockException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
        }
    }

    @Test
    void directIoDoesReadModifyWrite() throws Exception {
        createRaw("d.img", 64 * 1024);
        OpenFlags flags = OpenFlags.readWrite().withCache(CacheMode.NONE);
        try (BlockBackend blk = new BlockBackend(opener().open("d.img", "raw", null, flags))) {
            assertThat(blk.root().requestAlignment()).isGreaterThanOrEqualTo(512);
            blk.write(1, ByteBuffer.wrap(new byte[] {7, 8}), 0);
            ByteBuffer b = ByteBuffer.allocate(4);
            blk.read(0, b);
            assertThat(b.array()).containsExactly(0, 7, 8, 0);
        }
        assertThat(Files.readAllBytes(dir.resolve("d.img"))).hasSize(64 * 1024);
    }

    @Test
    void zeroesAndDiscardShowAsHolesInBlockStatus() throws Exception {
        createRaw("h.img", 1 << 20);
        try (BlockBackend blk = new BlockBackend(opener().open("h.img", "raw", null,
                OpenFlags.readWrite().withUnmap(true)))) {
            // like qemu-img create, the first block is written (data), the rest is a hole
            BlockStatus s = BlockStatusQuery.status(blk.root(), 0, 1 << 20, true);
            assertThat(s.isData()).isTrue();
            assertThat(s.bytes()).isEqualTo(4096);
            s = BlockStatusQuery.status(blk.root(), 4096, (1 << 20) - 4096, true);
            assertThat(s.isZero()).isTrue();
            assertThat(s.isAllocated()).isTrue();
            assertThat(s.bytes()).isEqualTo((1 << 20) - 4096);
            blk.write(65536, ByteBuffer.wrap(new byte[65536]).put(0, (byte) 1), 0);
            s = BlockStatusQuery.status(blk.root(), 65536, 1 << 20, true);
            assertThat(s.isData()).isTrue();
            assertThat(s.bytes()).isEqualTo(65536);
            assertThat(s.mapOffset()).isEqualTo(65536);
            blk.discard(65536, 65536);
            s = BlockStatusQuery.status(blk.root(), 65536, 65536, true);
            assertThat(s.isZero()).isTrue();
        }
    }

    @Test
    void createPreallocationErrors() {
        assertThatThrownBy(() -> ImageCreator.create(registry, "raw", "m.img",
                new OptionValues().set("size", "1M").set("preallocation", "metadata"), dir))
                .hasMessage("Unsupported preallocation mode: metadata");
        assertThatThrownBy(() -> ImageCreator.create(registry, "raw", "m.img",
                new OptionValues().set("size", "1M").set("bogus", "1"), dir))
                .hasMessage("Invalid parameter 'bogus'");
        assertThatThrownBy(() -> ImageCreator.create(registry, "raw", "/nonexist/x.img",
                new OptionValues().set("size", "1M"), dir))
                .hasMessage("Could not create '/nonexist/x.img': No such file or directory");
    }
}
