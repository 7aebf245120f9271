package org.sanphalang.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/** Data folders for the embedded H2 store in tests. */
public final class DataFolders {

    private DataFolders() {
    }

    /**
     * A new empty folder, deleted when the JVM ends: a cached context keeps the store open until then, and deleteOnExit
     * cannot remove a folder that is not empty.
     */
    public static Path temporary(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(folder.toFile())));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes in the files directly in {@code folder}; 0 when there is no such folder. */
    public static long bytesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
