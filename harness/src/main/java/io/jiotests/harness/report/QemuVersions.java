package io.jiotests.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The QEMU version a report column stands for: the version of a reference that ran
 * ({@code qemu-container:10.0} -> 10.0, {@code qemu} -> what the host's qemu-img --version says),
 * or for the Java implementations "golden" (they are judged against the golden outputs).
 */
public final class QemuVersions {

    private static final Pattern VERSION = Pattern.compile("version (\\d+\\.\\d+(?:\\.\\d+)?)");
    private final Map<String, String> env;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public QemuVersions(Map<String, String> env) {
        this.env = env;
    }

    public String of(String impl) {
        return cache.computeIfAbsent(impl, this::lookup);
    }

    private String lookup(String impl) {
        if (impl.startsWith("qemu-container:")) {
            return impl.substring("qemu-container:".length());
        }
        if (impl.equals("qemu")) {
            return hostVersion(env.getOrDefault("QEMU_IMG_PROG", "qemu-img"));
        }
        return "golden";
    }

    /** The version qemu-img --version prints ("7.2.22"), or "?" when it cannot be run. */
    public static String hostVersion(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "?";
            }
            return parse(text);
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    static String parse(String versionText) {
        Matcher m = VERSION.matcher(versionText);
        return m.find() ? m.group(1) : "?";
    }
}
