package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockNode;

/**
 * The progress of a qcow2 amend made of several operations (refcount width change, downgrade),
 * reported as QEMU's amend helper callback does: each operation reports its own offset and work
 * size; the total is the work of the operations done so far plus the current one, projected onto
 * the operations still to come by the average work per operation.
 */
final class Qcow2AmendProgress {
    static final int NO_OPERATION = 0;
    static final int UPGRADING = 1;
    static final int CHANGING_REFCOUNT_ORDER = 2;
    static final int DOWNGRADING = 3;

    private final BlockNode.AmendStatus status;
    private final int totalOperations;
    private int currentOperation = NO_OPERATION;
    private int lastOperation = NO_OPERATION;
    private long lastWorkSize;
    private long offsetCompleted;
    private int operationsCompleted;

    Qcow2AmendProgress(BlockNode.AmendStatus status, int totalOperations) {
        this.status = status;
        this.totalOperations = totalOperations;
    }

    void startOperation(int operation) {
        currentOperation = operation;
    }

    /** The current operation has done {@code offset} of {@code workSize} units. */
    void report(long offset, long workSize) {
        if (status == null || totalOperations <= 0) {
            return;
        }
        if (currentOperation != lastOperation) {
            if (lastOperation != NO_OPERATION) {
                offsetCompleted += lastWorkSize;
                operationsCompleted++;
            }
            lastOperation = currentOperation;
        }
        if (operationsCompleted >= totalOperations) {
            return;
        }
        lastWorkSize = workSize;
        long currentWorkSize = offsetCompleted + workSize;
        long projected = currentWorkSize * (totalOperations - operationsCompleted - 1)
                / (operationsCompleted + 1);
        status.report(offsetCompleted + offset, currentWorkSize + projected);
    }
}
