package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;

/**
 * Where a LUKS header and its key material live, addressed from the start of the header: the
 * whole file for a luks image, the header clusters of a qcow2 image.
 */
public interface LuksStore {
    void read(long offset, byte[] dst) throws BlockException;

    void write(long offset, byte[] src) throws BlockException;

    /** Makes what was written so far durable (the order of key-slot updates depends on it). */
    default void flush() throws BlockException {
    }
}
