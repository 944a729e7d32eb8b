package io.jiotests.engine.block;

/**
 * For callers that issue writes strictly one after the other to keep a target's layout (qemu-img
 * convert without -W): a driver that reserves host space for a write (cluster allocation) tells,
 * through {@link #reserved(BlockNode)}, when the space of the whole request is reserved and only
 * its data transfer is left. The caller may then start its next write, which allocates after
 * this one as in sequential order, while this one's data is still being copied. A driver that
 * never calls it keeps whole writes in order.
 *
 * <p>The hook belongs to the calling thread and to one node: writes that a driver makes to its
 * own children (metadata, a nested format's allocations) do not fire it.
 */
public final class WriteOrder {
    private record Hook(BlockNode node, Runnable onReserved) {
    }

    private static final ThreadLocal<Hook> HOOK = new ThreadLocal<>();

    private WriteOrder() {
    }

    /** Runs {@code onReserved} (at most once) when {@code node} reports this thread's next write reserved. */
    public static void expect(BlockNode node, Runnable onReserved) {
        HOOK.set(new Hook(node, onReserved));
    }

    /** Drops this thread's hook (whether or not it fired). */
    public static void clear() {
        HOOK.remove();
    }

    /** Called by {@code node}'s driver once the current write's host space is reserved. */
    public static void reserved(BlockNode node) {
        Hook h = HOOK.get();
        if (h != null && h.node() == node) {
            HOOK.remove();
            h.onReserved().run();
        }
    }
}
