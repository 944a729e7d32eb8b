package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A producer thread that reads ahead while the caller writes: the producer walks its source and
 * emits items in order (with data in one of a few page-aligned buffers it borrows), the caller
 * takes them in the same order and gives each buffer back when done with it. Reads and writes
 * then overlap on two cores, as qemu-img's I/O threads overlap them; the order of everything the
 * caller does to its target is unchanged.
 *
 * @param <T> what the producer emits
 */
final class ReadAhead<T> implements AutoCloseable {
    /** The producer's side. */
    interface Producer<T> {
        void produce(ReadAhead<T> sink) throws BlockException, InterruptedException;
    }

    /** What travels through the queue: an item, the end, or the producer's failure. */
    private record Slot<T>(T item, Throwable failure, boolean end) {
    }

    private final BlockingQueue<ByteBuffer> free;
    private final BlockingQueue<Slot<T>> items;
    private final Thread thread;
    /** Set by close(): the producer stops at its next buffer() or emit(). */
    private volatile boolean closed;

    ReadAhead(int buffers, int bufferSize, Producer<T> producer) {
        free = new ArrayBlockingQueue<>(buffers);
        items = new ArrayBlockingQueue<>(buffers + 64);
        for (int i = 0; i < buffers; i++) {
            free.add(alignedBuffer(bufferSize));
        }
        thread = new Thread(() -> {
            try {
                producer.produce(this);
                items.put(new Slot<>(null, null, true));
            } catch (Throwable t) {
                if (!closed) {
                    try {
                        items.put(new Slot<>(null, t, false));
                    } catch (InterruptedException ignored) {
                        // nobody is left to tell
                    }
                }
            }
        }, "convert-read");
        thread.setDaemon(true);
        thread.start();
    }

    /** Page-aligned, like qemu_blockalign: the kernel copies into a misaligned buffer more slowly. */
    static ByteBuffer alignedBuffer(int size) {
        // alignedSlice also rounds the end down to the alignment: room for whole 4 KiB units
        long rounded = (size + 4095L) & ~4095L;
        return ByteBuffer.allocateDirect(Math.toIntExact(rounded + 4096)).alignedSlice(4096).slice(0, size);
    }

    /** Producer: a free buffer (cleared), waiting until the consumer gives one back. */
    ByteBuffer buffer() throws InterruptedException {
        ByteBuffer b = free.take();
        if (closed) {
            throw new InterruptedException("read-ahead closed");
        }
        return b.clear();
    }

    /** Producer: hands over the next item. */
    void emit(T item) throws InterruptedException {
        if (closed) {
            throw new InterruptedException("read-ahead closed");
        }
        items.put(new Slot<>(item, null, false));
    }

    /** Consumer: the next item, or null after the last; rethrows what the producer failed with. */
    T next() throws BlockException {
        Slot<T> s;
        try {
            s = items.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlockException(Errno.EIO, Errno.EIO.text(), e);
        }
        if (s.failure() != null) {
            if (s.failure() instanceof BlockException be) {
                throw be;
            }
            if (s.failure() instanceof RuntimeException re) {
                throw re;
            }
            if (s.failure() instanceof Error err) {
                throw err;
            }
            throw new BlockException(Errno.EIO, Errno.EIO.text(), s.failure());
        }
        if (s.end()) {
            items.add(s); // next() after the end keeps answering null
            return null;
        }
        return s.item();
    }

    /** Consumer: gives a buffer back to the producer. */
    void release(ByteBuffer b) {
        if (b != null) {
            free.add(b);
        }
    }

    /**
     * Stops the producer (if still running) and waits for it. It is not interrupted (an
     * interrupted FileChannel read would close the source's channel): a read in progress
     * completes, and the producer is woken from waiting for a buffer or for queue space.
     */
    @Override
    public void close() {
        closed = true;
        ByteBuffer wake = ByteBuffer.allocate(0);
        boolean interrupted = false;
        while (thread.isAlive()) {
            items.clear();
            free.offer(wake);
            try {
                thread.join(10);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
