package io.jiotests.engine.block;

import java.io.IOException;

/**
 * An error from the block layer: QEMU's {@code Error *} plus the negative errno that the failing
 * request returned. {@link #getMessage()} is the text that qemu-img / qemu-io print after their
 * prefix, e.g. {@code Could not open 'x': No such file or directory}; {@link #errno()} is what a
 * request-level caller (qemu-io's "read failed: ...") formats with {@link Errno#text()}.
 */
public class BlockException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Errno errno;
    /** Lines the failing operation reported before failing (QEMU's error_report calls), without prefix. */
    private java.util.List<String> reports = java.util.List.of();

    public BlockException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    public BlockException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** An error that is just an errno: the message is strerror's text. */
    public BlockException(Errno errno) {
        this(errno, errno.text());
    }

    /**
     * This exception with the lines QEMU prints through error_report before the error itself (a
     * failed open's "VHDX region ... overlaps ..."); the opener prints them with the program prefix.
     */
    public BlockException withReports(java.util.List<String> lines) {
        this.reports = java.util.List.copyOf(lines);
        return this;
    }

    /** The lines reported before this error, empty for most errors. */
    public java.util.List<String> reports() {
        return reports;
    }

    public Errno errno() {
        return errno;
    }

    /** QEMU's error_setg_errno(): "message: strerror". */
    public static BlockException withErrno(Errno errno, String message) {
        return new BlockException(errno, message + ": " + errno.text());
    }

    /** A new exception that prefixes this one's message, keeping the errno (error_prepend). */
    public BlockException prepend(String prefix) {
        return new BlockException(errno, prefix + getMessage(), this);
    }
}
