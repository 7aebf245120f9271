package sanphalang.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder a bench writes its store into. It is deleted when the bench's JVM ends, because a summary level or a
 * store-write run leaves hundreds of MB to GBs behind in the temp folder, and forty such runs filled this machine's disk
 * (41 GB found in session 25). {@code BENCH_KEEP_DATA=1} in the environment keeps them, to open a store after a run.
 */
final class BenchData {

    private BenchData() {
    }

    /** A new folder under the temp folder, named with {@code prefix}; deleted at the JVM's exit unless kept. */
    static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        if (!"1".equals(System.getenv("BENCH_KEEP_DATA"))) {
            // A shutdown hook also runs on System.exit, which every bench's main ends with; a kill -9 still leaves it.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "bench-data-cleanup"));
        }
        return dir;
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete the bench's data " + dir + ": " + e);
        }
    }
}
