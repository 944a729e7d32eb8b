package io.jiotests.engine.block;

/**
 * The POSIX error numbers that QEMU's block layer reports, with glibc's strerror() text, so that
 * messages such as {@code read failed: Input/output error} come out exactly as qemu-io prints them.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EIO(5, "Input/output error"),
    E2BIG(7, "Argument list too long"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EFAULT(14, "Bad address"),
    EACCES(13, "Permission denied"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    ESPIPE(29, "Illegal seek"),
    EROFS(30, "Read-only file system"),
    ERANGE(34, "Numerical result out of range"),
    ENAMETOOLONG(36, "File name too long"),
    ENOSYS(38, "Function not implemented"),
    ELOOP(40, "Too many levels of symbolic links"),
    ENOMEDIUM(123, "No medium found"),
    EOVERFLOW(75, "Value too large for defined data type"),
    ENOTSUP(95, "Operation not supported"),
    ETIMEDOUT(110, "Connection timed out"),
    ECANCELED(125, "Operation canceled");

    private final int number;
    private final String text;

    Errno(int number, String text) {
        this.number = number;
        this.text = text;
    }

    /** The Linux errno value. */
    public int number() {
        return number;
    }

    /** glibc's strerror() text for this errno. */
    public String text() {
        return text;
    }

    /** Maps a Linux errno value back to the enum; EIO for anything unknown. */
    public static Errno of(int number) {
        for (Errno e : values()) {
            if (e.number == number) {
                return e;
            }
        }
        return EIO;
    }
}
