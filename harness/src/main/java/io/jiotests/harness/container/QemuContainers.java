package io.jiotests.harness.container;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference containers of this JVM: one per QEMU version and shared directory, started on first
 * use. At JVM exit their runners are ended (so the containers stop) and Testcontainers' exit hook
 * (used when Ryuk is disabled) removes them.
 */
public final class QemuContainers {
    private static final Map<String, QemuContainer> RUNNING = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(QemuContainers::closeAllAtExit, "jiotests-stop-containers"));
    }

    private QemuContainers() {
    }

    /**
     * The running container for {@code version} sharing {@code mountRoot} (and {@code readOnly}),
     * started if needed.
     */
    public static QemuContainer get(String version, Path mountRoot, List<Path> readOnly) {
        String key = version + "\0" + mountRoot.toAbsolutePath().normalize() + "\0" + readOnly;
        return RUNNING.computeIfAbsent(key, k -> QemuContainer.start(version, mountRoot, readOnly));
    }

    private static void closeAllAtExit() {
        for (QemuContainer c : RUNNING.values()) {
            c.closeAtExit();
        }
    }

    /** Stops every container this JVM started. */
    public static void stopAll() {
        for (var it = RUNNING.values().iterator(); it.hasNext(); ) {
            QemuContainer c = it.next();
            it.remove();
            try {
                c.close();
            } catch (RuntimeException e) {
                System.err.println("jiotests: stopping reference container " + c.version() + ": " + e.getMessage());
            }
        }
    }
}
