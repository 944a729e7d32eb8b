package io.jiotests.engine.tools.img;

/**
 * Ends a qemu-img subcommand with an error: {@code message} is printed after "qemu-img: " (each
 * line of a multi-line message gets the prefix, as error_report does per call), optionally
 * followed by "Try 'qemu-img --help' for more information" (qemu-img's error_exit), and the tool
 * returns {@code exitCode}.
 */
class ImgError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;
    private final boolean hint;
    private final boolean newline;

    ImgError(String message, int exitCode, boolean hint) {
        this(message, exitCode, hint, true);
    }

    ImgError(String message, int exitCode, boolean hint, boolean newline) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.hint = hint;
        this.newline = newline;
    }

    /** qemu-img create's error for a backing file without -F: printed without a final newline. */
    static ImgError detectedFormat(String fmt) {
        return new ImgError("Backing file specified without backing format\nDetected format of "
                + fmt + ".", 1, false, false);
    }

    /** The same error with {@code prefix} in front of the message. */
    ImgError prefixed(String prefix) {
        return new ImgError(prefix + getMessage(), exitCode, hint, newline);
    }

    boolean newline() {
        return newline;
    }

    /** error_report + exit 1. */
    static ImgError report(String message) {
        return new ImgError(message, 1, false);
    }

    /** error_exit: the message and the --help hint, exit 1. */
    static ImgError usage(String message) {
        return new ImgError(message, 1, true);
    }

    int exitCode() {
        return exitCode;
    }

    boolean hint() {
        return hint;
    }
}
