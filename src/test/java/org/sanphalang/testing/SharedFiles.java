package org.sanphalang.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's shared folder (LINE specs, fixtures, examples), which lives beside the repository. */
public final class SharedFiles {

    private SharedFiles() {
    }

    public static Path dir() {
        String property = System.getProperty("sanphalang.shared-dir");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared");
            if (Files.isDirectory(candidate.resolve("line-openapi"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("The shared folder (../shared) was not found; set -Dsanphalang.shared-dir");
    }

    public static Path resolve(String relative) {
        return dir().resolve(relative);
    }
}
