package io.jiotests.harness.container;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference containers of this JVM: one per QEMU version and shared directory, started on first
 * use and stopped when the JVM exits (Ryuk is disabled, so nothing else would stop them).
 */
public final class QemuContainers {
    private static final Map<String, QemuContainer> RUNNING = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(QemuContainers::stopAll, "jiotests-stop-containers"));
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
