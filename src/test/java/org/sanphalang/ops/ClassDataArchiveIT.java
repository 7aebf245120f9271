package org.sanphalang.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sanphalang.testing.ChildApplication.freePort;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ops/jvm/class-data-archive.sh}, which the Dockerfile runs and the systemd install describes, makes an archive
 * that this JVM maps as it is ({@code -Xshare:on} stops the JVM otherwise) for the jar {@code mvn package} built, and
 * the bot, started with it, takes its classes from there.
 */
class ClassDataArchiveIT {

    @Test
    void theArchiveTheScriptMakesServesTheClassesOfTheBotsStart(@TempDir Path dir) throws Exception {
        Path app = dir.resolve("app");
        Process script = process(List.of("sh", ComposeFileTest.ROOT.resolve("ops/jvm/class-data-archive.sh").toString(),
                builtJar().toString(), app.toString()), dir.resolve("training-data"),
                Map.of("TRAINING_PORT", String.valueOf(freePort())));
        String made = output(script);
        assertThat(script.exitValue()).as(made).isZero();
        assertThat(app.resolve("sanphalang.jsa")).isNotEmptyFile();

        Path loaded = dir.resolve("class-load.log");
        Process bot = process(List.of(java(), "-Xshare:on", "-XX:SharedArchiveFile=" + app.resolve("sanphalang.jsa"),
                "-Xlog:class+load=info:file=" + loaded, "-Dspring.context.exit=onRefresh", "-jar",
                app.resolve("sanphalang.jar").toString(), "--server.address=127.0.0.1", "--server.port=" + freePort()),
                dir.resolve("data"), Map.of());
        String started = output(bot);
        assertThat(bot.exitValue()).as(started).isZero();

        List<String> lines = Files.readAllLines(loaded, StandardCharsets.UTF_8);
        long fromArchive = lines.stream().filter(l -> l.contains("source: shared objects file (top)")).count();
        long fromJars = lines.stream().filter(l -> l.contains("source: jar:") || l.contains("source: file:")).count();
        assertThat(fromArchive).as("classes from the archive, against %d read from jars", fromJars)
                .isGreaterThan(3 * fromJars).isGreaterThan(5_000);
    }

    private static Process process(List<String> command, Path dataDir, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        // A fresh install: the embedded store, the LINE simulator; and the java running these tests first on the path.
        environment.keySet().removeAll(List.of("MONGODB_URI", "LINE_CHANNEL_SECRET", "LINE_CHANNEL_TOKEN"));
        environment.put("SANPHALANG_DATA_DIR", dataDir.toString());
        environment.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + environment.getOrDefault("PATH", ""));
        environment.putAll(env);
        return builder.start();
    }

    private static String output(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(output).isTrue();
        return output;
    }

    private static Path builtJar() throws IOException {
        try (Stream<Path> files = Files.list(ComposeFileTest.ROOT.resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("sanphalang-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar in target/: this runs after mvn package"));
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
