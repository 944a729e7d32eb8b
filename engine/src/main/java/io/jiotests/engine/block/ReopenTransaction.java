package io.jiotests.engine.block;

/**
 * A prepared reopen (QEMU's bdrv_reopen_prepare / commit / abort): prepare checks everything and
 * acquires what the new flags need without changing the node; commit switches over and cannot
 * fail; abort releases what prepare acquired, leaving the node as it was.
 */
public interface ReopenTransaction {
    void commit();

    void abort();
}
