package io.jiotests.engine.block;

/**
 * An optional per-thread hook that lets a front end order the metadata steps of concurrent
 * requests the way QEMU's coroutines do: a format driver calls {@link #begin()} / {@link #end}
 * around each step that QEMU runs with the driver's CoMutex held, reports I/O inside such a step
 * ({@link #metadataIo()}, where a coroutine would yield with the lock held) and waits for other
 * requests ({@link #blocked()}). Without a hook installed on the thread (the normal case: the
 * multi-threaded engine) the driver calls nothing.
 */
public interface RequestTurns {
    /** Waits until it is this request's turn (the CoMutex is handed to it). */
    void begin();

    /**
     * Ends the turn. {@code more}: the request comes back for another step at once (QEMU's
     * request coroutine queues on the lock again before its data write completes).
     */
    void end(boolean more);

    /** Metadata I/O: inside a step, the point where QEMU's coroutine yields holding the lock. */
    void metadataIo();

    /** The request is about to wait for another request (a coroutine yield). Never blocks. */
    void blocked();

    /** The hook of the current thread, or null. */
    static RequestTurns current() {
        return Holder.CURRENT.get();
    }

    /** Installs {@code turns} on the current thread (null removes it). */
    static void install(RequestTurns turns) {
        if (turns == null) {
            Holder.CURRENT.remove();
        } else {
            Holder.CURRENT.set(turns);
        }
    }

    /** The per-thread slot. */
    final class Holder {
        private static final ThreadLocal<RequestTurns> CURRENT = new ThreadLocal<>();

        private Holder() {
        }
    }
}
