package io.jiotests.engine.file;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

/**
 * QEMU-compatible image locking with open file description locks. A user of an image holds a
 * shared (read) lock on byte {@code 100 + bit} for every permission it uses and on byte
 * {@code 200 + bit} for every permission it does not let others use. Before taking a permission
 * it tests that nobody locks {@code 200 + bit} (nobody forbids it), and before forbidding one that
 * nobody locks {@code 100 + bit} (nobody uses it). Locks live on the open file description, so they
 * go away when the descriptor is closed, and they conflict between two descriptors of one process
 * too, as QEMU's do.
 */
final class ImageLock {
    static final int PERM_CONSISTENT_READ = 0x1;
    static final int PERM_WRITE = 0x2;
    static final int PERM_WRITE_UNCHANGED = 0x4;
    static final int PERM_RESIZE = 0x8;
    static final int PERM_ALL = 0xf;
    private static final String[] NAMES = {"consistent read", "write", "write unchanged", "resize"};
    private static final int PERM_BASE = 100;
    private static final int SHARED_BASE = 200;

    private ImageLock() {
    }

    /**
     * How the node above uses this file, which decides the permissions the file takes (QEMU's
     * child roles, as measured in /proc/locks with qemu-io and qemu-img 7.2).
     */
    enum Role {
        /** Opened directly, or below a pass-through raw node: the user's permissions as they are. */
        DIRECT,
        /** Below a raw node with offset or size: nobody else may resize the file. */
        DATA,
        /** Below a format with metadata (qcow2, ...): writers also resize; nobody else may write or resize. */
        METADATA;

        static Role parse(String text) {
            return text == null ? DIRECT : switch (text) {
                case "data" -> DATA;
                case "metadata" -> METADATA;
                default -> DIRECT;
            };
        }
    }

    /**
     * The permissions (bit mask) a file node takes: consistent read unless only metadata is looked
     * at (BDRV_O_NO_IO), write when writable, resize too below a format with metadata.
     */
    static int permissions(io.jiotests.engine.block.OpenFlags f, Role role) {
        int perm = (f.noIo() ? 0 : PERM_CONSISTENT_READ) | (f.writable() ? PERM_WRITE : 0);
        if (role == Role.METADATA && f.writable()) {
            perm |= PERM_RESIZE;
        }
        return perm;
    }

    /**
     * The permissions a file node lets others take: all under -U (force-share); otherwise a
     * qemu-img style exclusive open forbids write and resize, a format with metadata always
     * forbids them, and a raw window forbids resize.
     */
    static int shared(io.jiotests.engine.block.OpenFlags f, Role role) {
        if (f.forceShare()) {
            return PERM_ALL;
        }
        int shared = f.noShare() ? PERM_CONSISTENT_READ | PERM_WRITE_UNCHANGED : PERM_ALL;
        return switch (role) {
            case METADATA -> shared & ~(PERM_WRITE | PERM_RESIZE);
            case DATA -> shared & ~PERM_RESIZE;
            case DIRECT -> shared;
        };
    }

    /**
     * Takes the locks for {@code perm} / {@code shared} on fd (releasing the bytes no longer
     * needed), then checks for conflicts with other users. On a conflict the locks this call took
     * are released again and the error is QEMU's text (without the "Is another process" hint,
     * which the caller adds).
     */
    static void apply(int fd, int perm, int shared) throws BlockException {
        try {
            for (int bit = 0; bit < NAMES.length; bit++) {
                int mask = 1 << bit;
                PosixLib.ofdSetLock(fd, PERM_BASE + bit,
                        (perm & mask) != 0 ? PosixLib.F_RDLCK : PosixLib.F_UNLCK);
                PosixLib.ofdSetLock(fd, SHARED_BASE + bit,
                        (shared & mask) == 0 ? PosixLib.F_RDLCK : PosixLib.F_UNLCK);
            }
        } catch (PosixLib.PosixException e) {
            release(fd);
            throw BlockException.withErrno(e.asErrno(), "Failed to lock byte " + PERM_BASE);
        }
        try {
            for (int bit = 0; bit < NAMES.length; bit++) {
                int mask = 1 << bit;
                if ((perm & mask) != 0 && !PosixLib.ofdTestLock(fd, SHARED_BASE + bit, PosixLib.F_WRLCK)) {
                    release(fd);
                    throw new BlockException(Errno.EAGAIN, "Failed to get \"" + NAMES[bit] + "\" lock");
                }
            }
            for (int bit = 0; bit < NAMES.length; bit++) {
                int mask = 1 << bit;
                if ((shared & mask) == 0 && !PosixLib.ofdTestLock(fd, PERM_BASE + bit, PosixLib.F_WRLCK)) {
                    release(fd);
                    throw new BlockException(Errno.EAGAIN,
                            "Failed to get shared \"" + NAMES[bit] + "\" lock");
                }
            }
        } catch (PosixLib.PosixException e) {
            release(fd);
            throw BlockException.withErrno(e.asErrno(), "Failed to check lock byte " + PERM_BASE);
        }
    }

    /** Drops every lock byte this descriptor holds. */
    static void release(int fd) {
        for (int bit = 0; bit < NAMES.length; bit++) {
            try {
                PosixLib.ofdSetLock(fd, PERM_BASE + bit, PosixLib.F_UNLCK);
                PosixLib.ofdSetLock(fd, SHARED_BASE + bit, PosixLib.F_UNLCK);
            } catch (PosixLib.PosixException ignored) {
                // unlocking cannot conflict; a failure leaves nothing to undo
            }
        }
    }
}
