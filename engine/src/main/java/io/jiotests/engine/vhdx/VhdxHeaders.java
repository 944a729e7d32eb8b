package io.jiotests.engine.vhdx;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;

import java.nio.ByteBuffer;

/**
 * The two header copies of an open image and which is current. An update writes the other copy
 * with the next sequence number, which then becomes current; qemu updates both copies in a row, so
 * that both carry the change.
 */
final class VhdxHeaders {
    private final VhdxHeader[] copies;
    private int current;

    VhdxHeaders(VhdxHeader first, VhdxHeader second, int current) {
        this.copies = new VhdxHeader[] {first, second};
        this.current = current;
    }

    VhdxHeader current() {
        return copies[current];
    }

    /**
     * Writes both copies in turn: each gets the file write GUID, a new data write GUID if
     * {@code newDataWriteGuid}, and {@code logGuid} if not null; each write is flushed.
     */
    void updateBoth(BlockNode file, byte[] fileWriteGuid, boolean newDataWriteGuid, byte[] logGuid)
            throws BlockException {
        for (int i = 0; i < 2; i++) {
            int target = current ^ 1;
            VhdxHeader next = copies[target].successor(copies[current].sequence() + 1, fileWriteGuid,
                    newDataWriteGuid ? VhdxGuid.random() : null, logGuid);
            long at = target == 0 ? VhdxHeader.HEADER1_OFFSET : VhdxHeader.HEADER2_OFFSET;
            file.pwrite(at, ByteBuffer.wrap(next.toBytes()), 0);
            file.flush();
            copies[target] = next;
            current = target;
        }
    }
}
