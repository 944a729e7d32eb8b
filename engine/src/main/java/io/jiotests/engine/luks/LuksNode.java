package io.jiotests.engine.luks;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.crypto.LuksAmendOptions;
import io.jiotests.engine.crypto.LuksHeader;
import io.jiotests.engine.crypto.LuksKeySlotAmend;
import io.jiotests.engine.crypto.LuksStores;
import io.jiotests.engine.crypto.LuksVolume;
import io.jiotests.engine.crypto.SectorCipher;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * An open luks image: guest offset {@code o} is payload byte {@code o}, encrypted as sector
 * {@code o / 512}. Requests are sector aligned (the generic layer does read-modify-write below
 * that). A node opened for metadata only (no volume) answers info but no I/O.
 */
final class LuksNode extends FormatNodeBase<LuksDriver> {
    private static final int SECTOR = LuksHeader.SECTOR_SIZE;
    private static final int CHUNK = 1 << 20;

    /** Replaced when amend changes the key slots. */
    private volatile LuksHeader header;
    private final LuksVolume volume;
    private final long payload;
    /** The key-secret the volume was opened with (amend recovers the master key with it). */
    private final byte[] openPassword;
    private final DriverRegistry registry;

    LuksNode(LuksDriver driver, OpenContext ctx, LuksHeader header, LuksVolume volume, byte[] openPassword) {
        super(driver, ctx);
        this.header = header;
        this.volume = volume;
        this.payload = header.payloadOffsetBytes();
        this.openPassword = openPassword;
        this.registry = ctx.registry();
    }

    @Override
    public long length() throws BlockException {
        long bytes = Math.max(0, file.length() - payload);
        return (bytes + SECTOR - 1) / SECTOR * SECTOR;
    }

    @Override
    public int requestAlignment() {
        return SECTOR;
    }

    private SectorCipher cipher() throws BlockException {
        if (volume == null) {
            throw new BlockException(Errno.EIO, "Input/output error");
        }
        return volume.payloadCipher();
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        SectorCipher c = cipher();
        byte[] buf = new byte[Math.min(CHUNK, dst.remaining())];
        while (dst.hasRemaining()) {
            int n = Math.min(buf.length, dst.remaining());
            file.pread(payload + offset, ByteBuffer.wrap(buf, 0, n));
            c.decrypt(offset / SECTOR, buf, 0, n);
            dst.put(buf, 0, n);
            offset += n;
        }
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int flags) throws BlockException {
        SectorCipher c = cipher();
        byte[] buf = new byte[Math.min(CHUNK, src.remaining())];
        while (src.hasRemaining()) {
            int n = Math.min(buf.length, src.remaining());
            src.get(buf, 0, n);
            c.encrypt(offset / SECTOR, buf, 0, n);
            file.pwrite(payload + offset, ByteBuffer.wrap(buf, 0, n), flags & WRITE_FUA);
            offset += n;
        }
    }

    @Override
    public void pwriteZeroes(long offset, long bytes, int flags) throws BlockException {
        if ((flags & WRITE_NO_FALLBACK) != 0) {
            throw new BlockException(Errno.ENOTSUP);
        }
        int chunk = (int) Math.min(bytes, CHUNK);
        long done = 0;
        while (done < bytes) {
            int n = (int) Math.min(chunk, bytes - done);
            pwrite(offset + done, ByteBuffer.allocate(n), flags & WRITE_FUA);
            done += n;
        }
    }

    @Override
    public void flush() throws BlockException {
        file.flush();
    }

    /** QEMU's crypto driver has no block status: everything reads as data, at no valid offset. */
    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) {
        return allocatedDataAtNoKnownOffset(bytes);
    }

    @Override
    public void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        file.truncate(payload + newSize, exact, prealloc);
    }

    /** Unwritten payload decrypts to noise, not zeroes (QEMU's crypto driver has no zero init). */
    @Override
    public boolean hasZeroInit() {
        return false;
    }

    @Override
    public boolean isEncrypted() {
        return true;
    }

    /** qemu-img amend: adds or erases key slots ({@link LuksKeySlotAmend}). */
    @Override
    public synchronized void amend(OptionValues opts, boolean force, PrintStream progress) throws BlockException {
        if (volume == null) {
            throw new BlockException(Errno.EIO, "Input/output error");
        }
        LuksAmendOptions o = LuksAmendOptions.parse(opts, "");
        // as QEMU: the options are read first, then the image taken for the update, then the slots
        file.exclusiveUpdate(true);
        try {
            header = LuksKeySlotAmend.amend(LuksStores.at(file, 0), header, openPassword, o, force, registry,
                    LuksVolume.secureRandom());
        } finally {
            file.exclusiveUpdate(false);
        }
    }

    @Override
    public Map<String, Object> formatSpecificInfo() {
        return LuksVolume.info(header);
    }
}
