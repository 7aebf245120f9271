package org.sanphalang.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.sanphalang.store.StoreSettings;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * {@code ops/jvm/small-footprint.args}, the measured settings for a small box, is a file this JVM takes as it is
 * (a typo there would stop the bot at start) and sets what its comments promise; its bot settings bind.
 */
class SmallFootprintArgsTest {

    static final Path ARGS = ComposeFileTest.ROOT.resolve("ops/jvm/small-footprint.args");

    @Test
    void theJvmStartsWithTheFileAndTakesTheHeapCollectorAndCompilerItNames() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "@" + ARGS, "-XX:+PrintFlagsFinal", "-version")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();

        assertThat(flag(out, "MaxHeapSize")).isEqualTo(String.valueOf(256L * 1024 * 1024));
        assertThat(flag(out, "MaxNewSize")).isEqualTo(String.valueOf(16L * 1024 * 1024));
        assertThat(flag(out, "SurvivorRatio")).isEqualTo("3");
        assertThat(flag(out, "UseSerialGC")).isEqualTo("true");
        assertThat(flag(out, "UseG1GC")).isEqualTo("false");
        assertThat(flag(out, "TieredStopAtLevel")).isEqualTo("1");
        assertThat(flag(out, "ExitOnOutOfMemoryError")).isEqualTo("true");
    }

    @Test
    void itsStoreSettingsBindToASmallerPageCacheAndWriteBufferThanH2sDefaults() throws IOException {
        Map<String, String> properties = new java.util.HashMap<>();
        for (String arg : arguments()) {
            if (arg.startsWith("-Dsanphalang.")) {
                String[] pair = arg.substring(2).split("=", 2);
                properties.put(pair[0], pair[1]);
            }
        }
        assertThat(properties).containsOnlyKeys("sanphalang.store.cache-size", "sanphalang.store.write-buffer");

        StoreSettings settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("sanphalang.store", StoreSettings.class);
        assertThat(settings.cacheSize()).isEqualTo(DataSize.ofMegabytes(4));
        assertThat(settings.writeBuffer()).isEqualTo(DataSize.ofMegabytes(4));
        StoreSettings defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("sanphalang.store", StoreSettings.class);
        assertThat(defaults.cacheSize()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(defaults.writeBuffer()).as("unset: H2's own").isNull();
    }

    /** The file's arguments as the launcher reads them: whitespace-separated, {@code #} to the end of the line. */
    private static List<String> arguments() throws IOException {
        List<String> args = new ArrayList<>();
        for (String line : Files.readAllLines(ARGS)) {
            int comment = line.indexOf('#');
            String text = comment >= 0 ? line.substring(0, comment) : line;
            for (String word : text.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    args.add(word);
                }
            }
        }
        return args;
    }

    private static String flag(String printFlagsFinal, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s+=\\s+(\\S+)").matcher(printFlagsFinal);
        assertThat(m.find()).as("flag %s printed", name).isTrue();
        return m.group(1);
    }
}
