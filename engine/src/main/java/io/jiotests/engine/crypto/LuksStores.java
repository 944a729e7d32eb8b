package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import java.nio.ByteBuffer;

/** {@link LuksStore}s over block nodes. */
public final class LuksStores {
    private LuksStores() {
    }

    /** The bytes of {@code node} from {@code base} on. */
    public static LuksStore at(BlockNode node, long base) {
        return new LuksStore() {
            @Override
            public void read(long offset, byte[] dst) throws BlockException {
                node.pread(base + offset, ByteBuffer.wrap(dst));
            }

            @Override
            public void write(long offset, byte[] src) throws BlockException {
                node.pwrite(base + offset, ByteBuffer.wrap(src), 0);
            }

            @Override
            public void flush() throws BlockException {
                node.flush();
            }
        };
    }
}
