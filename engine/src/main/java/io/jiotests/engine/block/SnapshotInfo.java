package io.jiotests.engine.block;

/**
 * One internal snapshot (QEMUSnapshotInfo), as {@code qemu-img snapshot -l} and {@code info} show
 * it.
 *
 * @param id            the snapshot ID ("1", "2", ...)
 * @param name          its name (tag)
 * @param vmStateSize   bytes of VM state saved with it
 * @param dateSeconds   creation time, seconds since the epoch
 * @param dateNanos     creation time, nanoseconds part
 * @param vmClockNanos  guest clock at creation, nanoseconds
 * @param icount        instruction count, or -1 if not recorded
 */
public record SnapshotInfo(String id, String name, long vmStateSize, long dateSeconds,
                           long dateNanos, long vmClockNanos, long icount) {
}
