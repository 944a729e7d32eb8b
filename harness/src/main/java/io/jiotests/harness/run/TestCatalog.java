package io.jiotests.harness.run;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Discovers the conformance tests: every top-level class of package {@code io.jiotests.tests}
 * that carries {@link IoTest} and implements {@link ConformanceTest}, from class directories and
 * jars alike. Two classes claiming the same number are an error.
 */
public final class TestCatalog {

    public static final String PACKAGE = "io.jiotests.tests";

    private TestCatalog() {
    }

    public static List<TestInfo> discover() {
        return discover(TestCatalog.class.getClassLoader());
    }

    public static List<TestInfo> discover(ClassLoader loader) {
        TreeSet<String> classNames = new TreeSet<>();
        String dir = PACKAGE.replace('.', '/');
        try {
            Enumeration<URL> roots = loader.getResources(dir);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                switch (url.getProtocol()) {
                    case "file" -> scanDirectory(Path.of(url.toURI()), classNames);
                    case "jar" -> scanJar(url, dir, classNames);
                    default -> throw new IllegalStateException("cannot scan tests at " + url);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<Integer, TestInfo> byNumber = new TreeMap<>();
        for (String name : classNames) {
            Class<?> c;
            try {
                c = Class.forName(PACKAGE + "." + name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load test class " + name, e);
            }
            if (!c.isAnnotationPresent(IoTest.class)) {
                continue;
            }
            if (!ConformanceTest.class.isAssignableFrom(c)) {
                throw new IllegalStateException(c.getName() + " has @IoTest but does not implement ConformanceTest");
            }
            TestInfo info = TestInfo.of(c.asSubclass(ConformanceTest.class));
            TestInfo dup = byNumber.put(info.number(), info);
            if (dup != null) {
                throw new IllegalStateException("test number " + info.id() + " claimed by both "
                        + dup.type().getName() + " and " + c.getName());
            }
        }
        List<TestInfo> out = new ArrayList<>(byNumber.values());
        out.sort(Comparator.comparingInt(TestInfo::number));
        return out;
    }

    private static void scanDirectory(Path dir, TreeSet<String> names) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(TestCatalog::isTopLevelClass)
                    .forEach(f -> names.add(f.substring(0, f.length() - ".class".length())));
        }
    }

    private static void scanJar(URL url, String dir, TreeSet<String> names) throws IOException {
        JarURLConnection conn = (JarURLConnection) url.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String n = entries.nextElement().getName();
                if (n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0) {
                    String f = n.substring(dir.length() + 1);
                    if (isTopLevelClass(f)) {
                        names.add(f.substring(0, f.length() - ".class".length()));
                    }
                }
            }
        }
    }

    private static boolean isTopLevelClass(String fileName) {
        return fileName.endsWith(".class") && !fileName.contains("$") && !fileName.equals("package-info.class");
    }
}
