package io.jiotests.harness.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where things are in the repository: tests/, golden/, harness/expectations/, reports/, bin/. */
public record RepoLayout(Path root) {

    /** The repository root: -Djiotests.root, else the nearest ancestor of cwd with harness/ and golden/ or tests/. */
    public static RepoLayout locate() {
        String prop = System.getProperty("jiotests.root");
        if (prop != null && !prop.isBlank()) {
            return new RepoLayout(Path.of(prop).toAbsolutePath().normalize());
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("harness")) && (Files.isDirectory(p.resolve("tests")) || Files.isDirectory(p.resolve("golden")))) {
                return new RepoLayout(p);
            }
        }
        return new RepoLayout(dir);
    }

    public Path golden() {
        return root.resolve("golden");
    }

    public Path expectations() {
        return root.resolve("harness").resolve("expectations");
    }

    public Path reports() {
        return root.resolve("reports");
    }

    public Optional<Path> bin() {
        Path b = root.resolve("bin");
        return Files.isDirectory(b) ? Optional.of(b) : Optional.empty();
    }
}
