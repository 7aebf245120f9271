package org.sanphalang.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code shared} folder that lives beside the repository (LINE's OpenAPI specs, webhook fixtures,
 * examples). Tried in order:
 * <ol>
 *   <li>system property {@code sanphalang.shared-dir}, if that folder exists (surefire sets it to
 *       {@code ${project.basedir}/../shared});</li>
 *   <li>{@code ../shared} relative to the working directory;</li>
 *   <li>each parent of the working directory that has {@code shared/line-openapi/messaging-api.yml}
 *       (a git worktree nested deeper than the main checkout);</li>
 *   <li>{@code /work/shared}.</li>
 * </ol>
 * Fails with a message naming every place it looked when none exists.
 */
public final class SharedFiles {

    /** The file whose presence marks a usable shared folder when walking up. */
    private static final String MARKER = "line-openapi/messaging-api.yml";

    private static volatile Path dir;

    private SharedFiles() {
    }

    /** The shared folder, resolved once per JVM. */
    public static Path dir() {
        Path d = dir;
        if (d == null) {
            synchronized (SharedFiles.class) {
                if (dir == null) {
                    dir = locate();
                }
                d = dir;
            }
        }
        return d;
    }

    /** A file or folder inside the shared folder, e.g. {@code resolve("line-openapi/messaging-api.yml")}. */
    public static Path resolve(String relative) {
        return dir().resolve(relative);
    }

    private static Path locate() {
        List<String> tried = new ArrayList<>();
        String property = System.getProperty("sanphalang.shared-dir");
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property).toAbsolutePath().normalize();
            tried.add(p + " (system property sanphalang.shared-dir)");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        Path sibling = cwd.resolve("../shared").normalize();
        tried.add(sibling.toString());
        if (Files.isDirectory(sibling)) {
            return sibling;
        }
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared");
            if (Files.isRegularFile(candidate.resolve(MARKER))) {
                return candidate;
            }
        }
        tried.add("shared/" + MARKER + " in every parent of " + cwd);
        Path fallback = Path.of("/work/shared");
        tried.add(fallback.toString());
        if (Files.isDirectory(fallback)) {
            return fallback;
        }
        throw new IllegalStateException("Cannot find the shared folder (LINE OpenAPI specs and fixtures). Tried: "
                + String.join("; ", tried) + ". Set -Dsanphalang.shared-dir=/path/to/shared.");
    }
}
