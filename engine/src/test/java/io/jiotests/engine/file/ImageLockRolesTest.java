package io.jiotests.engine.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock bytes a file node takes for its user, against what QEMU 7.2 takes (read from
 * /proc/locks while qemu-io / qemu-img held the image): byte 100+bit for a permission used,
 * 200+bit for one not shared (bits: consistent read, write, write unchanged, resize).
 */
class ImageLockRolesTest {
    private static final int CR = ImageLock.PERM_CONSISTENT_READ;
    private static final int W = ImageLock.PERM_WRITE;
    private static final int RS = ImageLock.PERM_RESIZE;
    private static final int ALL = ImageLock.PERM_ALL;

    @TempDir
    Path dir;

    private final DriverRegistry registry = DriverRegistry.loadDefault();

    @Test
    void permissionsPerRoleMatchQemu() {
        OpenFlags rw = OpenFlags.readWrite();
        OpenFlags ro = OpenFlags.readOnly();
        // qemu-io -f raw: 100-101, shares all; -r: 100
        assertThat(ImageLock.permissions(rw, ImageLock.Role.DIRECT)).isEqualTo(CR | W);
        assertThat(ImageLock.shared(rw, ImageLock.Role.DIRECT)).isEqualTo(ALL);
        assertThat(ImageLock.permissions(ro, ImageLock.Role.DIRECT)).isEqualTo(CR);
        // qemu-io -f qcow2: 100, 101, 103 and 201, 203; -r: 100, 201, 203; -U -r: 100 only
        assertThat(ImageLock.permissions(rw, ImageLock.Role.METADATA)).isEqualTo(CR | W | RS);
        assertThat(ImageLock.shared(rw, ImageLock.Role.METADATA)).isEqualTo(ALL & ~(W | RS));
        assertThat(ImageLock.permissions(ro, ImageLock.Role.METADATA)).isEqualTo(CR);
        assertThat(ImageLock.shared(ro, ImageLock.Role.METADATA)).isEqualTo(ALL & ~(W | RS));
        assertThat(ImageLock.permissions(ro.withForceShare(true), ImageLock.Role.METADATA)).isEqualTo(CR);
        assertThat(ImageLock.shared(ro.withForceShare(true), ImageLock.Role.METADATA)).isEqualTo(ALL);
        // qemu-img info -f qcow2 (metadata only): 201, 203
        assertThat(ImageLock.permissions(ro.withNoIo(true), ImageLock.Role.METADATA)).isZero();
        // raw with offset: 100-101 and 203
        assertThat(ImageLock.permissions(rw, ImageLock.Role.DATA)).isEqualTo(CR | W);
        assertThat(ImageLock.shared(rw, ImageLock.Role.DATA)).isEqualTo(ALL & ~RS);
        // qemu-img convert source (raw): 100, 201, 203
        assertThat(ImageLock.shared(ro.withNoShare(true), ImageLock.Role.DIRECT))
                .isEqualTo(CR | ImageLock.PERM_WRITE_UNCHANGED);
    }

    @Test
    void creatingOverAnImageInUseFailsBeforeTruncating() throws Exception {
        ImageCreator.create(registry, "raw", "s.raw", new OptionValues().set("size", "64k"), dir);
        Files.write(dir.resolve("s.raw"), new byte[65536]);
        byte[] data = new byte[65536];
        java.util.Arrays.fill(data, (byte) 0x75);
        Files.write(dir.resolve("s.raw"), data);
        BlockOpener opener = new BlockOpener(registry, dir, null);
        try (BlockNode source = opener.open("s.raw", "raw", null, OpenFlags.readOnly().withNoShare(true))) {
            assertThatThrownBy(() -> ImageCreator.create(registry, "raw", "s.raw",
                    new OptionValues().set("size", "64k"), dir))
                    .hasMessage("Failed to get \"write\" lock\nIs another process using the image [s.raw]?");
            ByteBuffer b = ByteBuffer.allocate(4);
            source.pread(0, b);
            assertThat(b.array()).containsOnly((byte) 0x75);
        }
        assertThat(Files.readAllBytes(dir.resolve("s.raw"))).isEqualTo(data);
    }

    @Test
    void aFormatWithMetadataKeepsOtherWritersOutEvenWhenProbed() throws Exception {
        ImageCreator.create(registry, "qcow2", "q.qcow2", new OptionValues().set("size", "1M"), dir);
        BlockOpener opener = new BlockOpener(registry, dir, null);
        try (BlockNode reader = opener.open("q.qcow2", null, null, OpenFlags.readOnly())) {
            assertThat(reader.driver().name()).isEqualTo("qcow2");
            assertThatThrownBy(() -> opener.open("q.qcow2", "qcow2", null, OpenFlags.readWrite()))
                    .hasMessageStartingWith("Failed to get \"write\" lock");
            try (BlockNode other = opener.open("q.qcow2", "qcow2", null, OpenFlags.readOnly())) {
                assertThat(other.length()).isEqualTo(1 << 20);
            }
        }
        try (BlockNode raw = opener.open("q.qcow2", "raw", Map.of(), OpenFlags.readWrite());
             BlockNode raw2 = opener.open("q.qcow2", "raw", Map.of(), OpenFlags.readWrite())) {
            assertThat(raw2.length()).isEqualTo(raw.length());
        }
    }

    /**
     * Closing a node drops its locks even while another descriptor still refers to its open file
     * description (a child process forked by another thread holds one until its exec): the next
     * writer of the image must not find it in use.
     */
    @Test
    void closingReleasesTheLocksWhileTheDescriptionLivesOn() throws Exception {
        ImageCreator.create(registry, "qcow2", "d.qcow2", new OptionValues().set("size", "1M"), dir);
        BlockOpener opener = new BlockOpener(registry, dir, null);
        BlockNode first = opener.open("d.qcow2", "qcow2", null, OpenFlags.readWrite());
        int fd = descriptorOf(first.file());
        // F_DUPFD_CLOEXEC: a second descriptor for the same open file description, as a fork has
        long dup = PosixLib.sys(AARCH64 ? 25 : 72, fd, 1030, 0, 0);
        assertThat(dup).isGreaterThanOrEqualTo(0);
        try {
            first.close();
            try (BlockNode second = opener.open("d.qcow2", "qcow2", null, OpenFlags.readWrite())) {
                assertThat(second.length()).isEqualTo(1 << 20);
            }
        } finally {
            PosixLib.close((int) dup);
        }
    }

    private static final boolean AARCH64 = System.getProperty("os.arch", "").contains("aarch64");

    private static int descriptorOf(BlockNode fileNode) throws ReflectiveOperationException {
        java.lang.reflect.Field h = FileNode.class.getDeclaredField("handle");
        h.setAccessible(true);
        Object handle = h.get(fileNode);
        java.lang.reflect.Method fd = handle.getClass().getDeclaredMethod("fd");
        fd.setAccessible(true);
        return (int) fd.invoke(handle);
    }
}
