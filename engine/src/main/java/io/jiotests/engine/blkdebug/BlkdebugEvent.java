package io.jiotests.engine.blkdebug;

import java.util.List;

/**
 * The events a driver raises on its file child for the blkdebug filter (QEMU's BlkdebugEvent),
 * by their QAPI names, in QEMU 7.2's order. Format drivers raise them with
 * {@link io.jiotests.engine.block.BlockNode#debugEvent(String)}.
 */
public final class BlkdebugEvent {
    /** Raised once when a blkdebug node opens (rules on it are active from the start). */
    public static final String NONE = "none";
    public static final String L1_UPDATE = "l1_update";
    public static final String L2_LOAD = "l2_load";
    public static final String L2_UPDATE = "l2_update";
    public static final String L2_ALLOC_WRITE = "l2_alloc_write";
    public static final String READ_AIO = "read_aio";
    public static final String WRITE_AIO = "write_aio";
    public static final String REFBLOCK_UPDATE_PART = "refblock_update_part";
    public static final String REFBLOCK_ALLOC = "refblock_alloc";
    public static final String CLUSTER_ALLOC = "cluster_alloc";
    public static final String CLUSTER_ALLOC_BYTES = "cluster_alloc_bytes";
    public static final String FLUSH_TO_OS = "flush_to_os";
    public static final String FLUSH_TO_DISK = "flush_to_disk";
    public static final String PWRITEV_RMW_HEAD = "pwritev_rmw_head";
    public static final String PWRITEV_RMW_AFTER_HEAD = "pwritev_rmw_after_head";
    public static final String PWRITEV_RMW_TAIL = "pwritev_rmw_tail";
    public static final String PWRITEV_RMW_AFTER_TAIL = "pwritev_rmw_after_tail";
    public static final String PWRITEV = "pwritev";
    public static final String PWRITEV_ZERO = "pwritev_zero";
    public static final String PWRITEV_DONE = "pwritev_done";
    public static final String COR_WRITE = "cor_write";

    /** Every event name QEMU 7.2 accepts, in its enum order. */
    public static final List<String> ALL = List.of(
            L1_UPDATE, "l1_grow_alloc_table", "l1_grow_write_table", "l1_grow_activate_table",
            L2_LOAD, L2_UPDATE, "l2_update_compressed", "l2_alloc_cow_read", L2_ALLOC_WRITE,
            READ_AIO, "read_backing_aio", "read_compressed", WRITE_AIO, "write_compressed",
            "vmstate_load", "vmstate_save", "cow_read", "cow_write",
            "reftable_load", "reftable_grow", "reftable_update",
            "refblock_load", "refblock_update", REFBLOCK_UPDATE_PART, REFBLOCK_ALLOC,
            "refblock_alloc_hookup", "refblock_alloc_write", "refblock_alloc_write_blocks",
            "refblock_alloc_write_table", "refblock_alloc_switch_table",
            CLUSTER_ALLOC, CLUSTER_ALLOC_BYTES, "cluster_free", FLUSH_TO_OS, FLUSH_TO_DISK,
            PWRITEV_RMW_HEAD, PWRITEV_RMW_AFTER_HEAD, PWRITEV_RMW_TAIL, PWRITEV_RMW_AFTER_TAIL,
            PWRITEV, PWRITEV_ZERO, PWRITEV_DONE, "empty_image_prepare",
            "l1_shrink_write_table", "l1_shrink_free_l2_clusters", COR_WRITE, "cluster_alloc_space",
            NONE);

    private BlkdebugEvent() {
    }

    /** Whether QEMU knows this event name. */
    public static boolean isValid(String name) {
        return ALL.contains(name);
    }
}
