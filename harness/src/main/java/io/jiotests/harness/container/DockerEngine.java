package io.jiotests.harness.container;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a Docker engine is usable for the reference containers, and with which settings.
 *
 * <p>Testcontainers reads its offline settings only from the environment, so they are checked here:
 * without {@code TESTCONTAINERS_RYUK_DISABLED=true} it would try to pull the Ryuk image from a
 * registry this machine cannot reach and hang for minutes; the JVM must be started with them (the
 * ./check launcher and surefire do).
 */
public final class DockerEngine {
    /** The reason the container backend reports when there is no engine. */
    public static final String NO_ENGINE = "no Docker engine";

    private static volatile Optional<String> problem;

    private DockerEngine() {
    }

    /** True under CI (CI=true), where a missing engine is a failure rather than "not run". */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Empty if the engine answers and the settings are right, else why not (first reason only). */
    public static synchronized Optional<String> unavailableReason() {
        if (problem == null) {
            problem = probe();
        }
        return problem;
    }

    private static Optional<String> probe() {
        String dockerHost = System.getenv("DOCKER_HOST");
        boolean socket = Files.exists(Path.of("/var/run/docker.sock"));
        if ((dockerHost == null || dockerHost.isBlank()) && !socket) {
            return Optional.of(NO_ENGINE);
        }
        if (!"true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            return Optional.of("TESTCONTAINERS_RYUK_DISABLED=true is not set (Testcontainers would pull its Ryuk image)");
        }
        if (Files.exists(Path.of("/.dockerenv")) && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null) {
            return Optional.of("TESTCONTAINERS_HOST_OVERRIDE is not set inside a container (Testcontainers would run a helper image)");
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.of(NO_ENGINE + " (socket present but the engine does not answer)");
            }
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(NO_ENGINE + " (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** Whether the local image {@code tag} exists (never pulled). */
    public static boolean hasImage(String tag) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(tag).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }
}
