package io.jiotests.engine.block;

import java.nio.ByteBuffer;

/**
 * A node's asynchronous request queue, driven by one thread as an event loop (QEMU's AIO model:
 * qemu-img bench queues its requests and handles their completions on its main loop). Requests
 * are queued, then submitted together, which lets the kernel's block layer merge adjacent ones;
 * the loop then waits for completions. Only the thread that opened it may use it.
 *
 * <p>{@link #queue} may decline a request (a format cluster that needs allocation, copy on write
 * or zeroing, an unaligned buffer): the caller then makes it as a synchronous request instead.
 */
public interface AsyncRequests extends AutoCloseable {
    /**
     * Queues a read into (or a write from) {@code buf}'s remaining bytes at {@code offset}, tagged
     * with {@code tag} (0 to {@link #capacity()} - 1, unique among requests in flight). The buffer
     * must stay untouched until the request completes. Returns false, queuing nothing, when this
     * request cannot be made asynchronously.
     */
    boolean queue(long offset, ByteBuffer buf, boolean write, int tag) throws BlockException;

    /**
     * Submits what was queued and waits until at least one request in flight completes; stores
     * the tag and result (bytes transferred, or -errno) of each completed request and returns how
     * many there were (0 when nothing was in flight).
     */
    int submitAndWait(int[] tags, int[] results) throws BlockException;

    /** How many requests may be in flight at once. */
    int capacity();

    /** Waits for the requests in flight, then releases the queue. */
    @Override
    void close();
}
