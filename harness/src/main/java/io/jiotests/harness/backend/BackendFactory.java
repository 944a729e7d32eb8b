package io.jiotests.harness.backend;

/**
 * Creates backends for --impl names. Implementations are found with {@link java.util.ServiceLoader}
 * (META-INF/services/io.jiotests.harness.backend.BackendFactory), so other packages (e.g. the
 * reference-container backend "qemu-container:VERSION") plug in without changing the runner.
 */
public interface BackendFactory {

    /** Whether this factory makes the backend called {@code name} (e.g. prefix "qemu-container:"). */
    boolean handles(String name);

    /** Creates the backend; it may be unavailable (see {@link Backend#unavailableReason()}). */
    Backend create(String name, RunEnvironment env);

    /** One line for --help, e.g. "qemu-container:VERSION  reference QEMU in a container". */
    default String describe() {
        return getClass().getSimpleName();
    }
}
