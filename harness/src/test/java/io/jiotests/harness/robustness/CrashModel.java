package io.jiotests.harness.robustness;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What a crash-consistency run knows about the guest contents: {@code durable} is the image as of
 * the last acknowledged flush, {@code current} after every acknowledged command, and
 * {@code touched} marks the sectors a command wrote, zeroed or discarded since that flush
 * (including a command in flight when the writer was killed). After a kill, every untouched sector
 * must read back as {@code durable}; a touched one may hold its old or new contents.
 */
final class CrashModel {
    static final int SECTOR = 512;

    private final byte[] durable;
    private final byte[] current;
    private final BitSet touched;

    CrashModel(int size) {
        durable = new byte[size];
        current = new byte[size];
        touched = new BitSet(size / SECTOR);
    }

    int size() {
        return current.length;
    }

    /** A command was sent: its sectors are in doubt until the next acknowledged flush. */
    void sent(long offset, long length) {
        touched.set((int) (offset / SECTOR), (int) ((offset + length + SECTOR - 1) / SECTOR));
    }

    /** A write / zero / discard was acknowledged: it is in {@code current}. */
    void completed(long offset, long length, int pattern) {
        Arrays.fill(current, (int) offset, (int) (offset + length), (byte) pattern);
    }

    /** A flush was acknowledged: everything completed before it is durable. */
    void flushed() {
        System.arraycopy(current, 0, durable, 0, current.length);
        touched.clear();
    }

    /** Bytes of untouched sectors that differ from the durable state: data lost. */
    long bytesLost(byte[] image) {
        long lost = 0;
        for (int s = 0; s < durable.length / SECTOR; s++) {
            if (touched.get(s)) {
                continue;
            }
            for (int i = s * SECTOR; i < (s + 1) * SECTOR; i++) {
                if (image[i] != durable[i]) {
                    lost++;
                }
            }
        }
        return lost;
    }

    /** After a kill and repair, what the image holds is the new truth for both states. */
    void resync(byte[] image) {
        System.arraycopy(image, 0, current, 0, current.length);
        System.arraycopy(image, 0, durable, 0, durable.length);
        touched.clear();
    }
}
