package io.jiotests.harness.api;

/** Thrown by {@link TestContext#notRun(String)}: the test does not apply here, with the reason. */
public final class NotRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotRunException(String reason) {
        super(reason);
    }
}
