package io.jiotests.engine.block;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;

/**
 * A read-only view of a range of a node's data mapped from its host file ({@link BlockNode#mapRead}):
 * the caller uses the bytes where the page cache holds them, without the kernel's copy into a buffer
 * of its own (qemu-img convert reads every data byte with pread before writing it with pwrite; a
 * mapped source leaves one copy, the write's).
 *
 * <p>Confined to the thread that mapped it: only that thread may read the data (or pass it to a
 * write) and {@link #close} it, which unmaps it. The data must not be used after the close.
 */
public final class MappedRange implements AutoCloseable {
    private final ByteBuffer data;
    private final Arena arena;

    /** {@code data} (position 0, limit its length) lives in {@code arena}, closed by {@link #close}. */
    public MappedRange(ByteBuffer data, Arena arena) {
        this.data = data;
        this.arena = arena;
    }

    /** A new view of the data: position 0, limit the length mapped, big-endian. */
    public ByteBuffer data() {
        return data.duplicate();
    }

    public int length() {
        return data.capacity();
    }

    /** Unmaps the range (from the thread that mapped it). */
    @Override
    public void close() {
        arena.close();
    }
}
