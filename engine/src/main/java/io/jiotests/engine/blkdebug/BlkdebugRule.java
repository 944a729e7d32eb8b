package io.jiotests.engine.blkdebug;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OptionValues;

import java.util.List;

/**
 * One blkdebug rule: on {@code event} (while in {@code state}, 0 meaning any), inject an error
 * into the following requests, switch to another state, or suspend the request (a breakpoint set by
 * qemu-io's {@code break}).
 *
 * @param errno      the error to inject (inject-error; default EIO)
 * @param offset     the byte the failing request must cover, or -1 for any request
 * @param iotypeMask which request types fail: bits of {@link IoType#ordinal()}
 * @param newState   the state to switch to (set-state)
 * @param tag        the breakpoint tag (suspend)
 */
public record BlkdebugRule(Action action, String event, long state, int errno, boolean once,
                           boolean immediately, long offset, int iotypeMask, long newState, String tag) {

    public enum Action { INJECT_ERROR, SET_STATE, SUSPEND }

    /** QEMU's BlkdebugIOType, by QAPI name. */
    public enum IoType {
        READ("read"), WRITE("write"), WRITE_ZEROES("write-zeroes"), DISCARD("discard"), FLUSH("flush"),
        BLOCK_STATUS("block-status");

        final String qapiName;

        IoType(String qapiName) {
            this.qapiName = qapiName;
        }

        int bit() {
            return 1 << ordinal();
        }
    }

    /** Without an iotype option an error hits every request type except block-status. */
    static final int DEFAULT_IOTYPES = IoType.READ.bit() | IoType.WRITE.bit() | IoType.WRITE_ZEROES.bit()
            | IoType.DISCARD.bit() | IoType.FLUSH.bit();

    /** A breakpoint: suspend the request that raises {@code event} and tag it. */
    public static BlkdebugRule breakpoint(String event, String tag) {
        return new BlkdebugRule(Action.SUSPEND, event, 0, 0, false, false, -1, 0, 0, tag);
    }

    /** Builds a rule from a parsed config group (QEMU's add_rule), with its errors. */
    public static BlkdebugRule fromGroup(BlkdebugConfig.Group group) throws BlockException {
        OptionValues v = new OptionValues(group.options());
        String event = group.options().get("event");
        if (event == null) {
            throw new BlockException(Errno.EINVAL, "Missing event name for rule");
        }
        if (!BlkdebugEvent.isValid(event)) {
            throw new BlockException(Errno.EINVAL, "invalid parameter value: " + event);
        }
        long state = v.getNumber("state", 0);
        if (BlkdebugConfig.SET_STATE.equals(group.name())) {
            return new BlkdebugRule(Action.SET_STATE, event, state, 0, false, false, -1, 0,
                    v.getNumber("new_state", 0), null);
        }
        int mask = DEFAULT_IOTYPES;
        String iotype = group.options().get("iotype");
        if (iotype != null) {
            IoType t = List.of(IoType.values()).stream().filter(x -> x.qapiName.equals(iotype))
                    .findFirst().orElse(null);
            if (t == null) {
                throw new BlockException(Errno.EINVAL, "invalid parameter value: " + iotype);
            }
            mask = t.bit();
        }
        long errno = v.getNumber("errno", Errno.EIO.number());
        long sector = group.options().containsKey("sector") ? v.getNumber("sector", 0) : -1;
        long offset = sector < 0 || sector > Long.MAX_VALUE / 512 ? -1 : sector * 512;
        return new BlkdebugRule(Action.INJECT_ERROR, event, state, (int) errno, v.getFlag("once", false),
                v.getFlag("immediately", false), offset, mask, 0, null);
    }

    /** Whether this (active) error rule hits a request of this type over [offset, offset+bytes). */
    boolean hits(long reqOffset, long bytes, IoType type) {
        boolean where = offset == -1 || (bytes > 0 && offset >= reqOffset && offset - reqOffset < bytes);
        return where && (iotypeMask & type.bit()) != 0;
    }
}
