package org.sanphalang.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.OutboundSettings;
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

    /** A JVM started with the file, as the launcher reads it: its final flags and its system properties. */
    private static String launched;

    @BeforeAll
    static void launchAJvmWithTheFile() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "@" + ARGS, "-XX:+PrintFlagsFinal", "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        launched = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(launched).isZero();
    }

    @Test
    void theJvmStartsWithTheFileAndTakesTheHeapCollectorAndCompilerItNames() {
        assertThat(flag(launched, "MaxHeapSize")).isEqualTo(String.valueOf(256L * 1024 * 1024));
        assertThat(flag(launched, "MaxNewSize")).isEqualTo(String.valueOf(24L * 1024 * 1024));
        assertThat(flag(launched, "SurvivorRatio")).isEqualTo("2");
        assertThat(flag(launched, "TargetSurvivorRatio")).isEqualTo("80");
        assertThat(flag(launched, "MinHeapFreeRatio")).isEqualTo("20");
        assertThat(flag(launched, "MaxHeapFreeRatio")).isEqualTo("30");
        assertThat(flag(launched, "UseSerialGC")).isEqualTo("true");
        assertThat(flag(launched, "UseG1GC")).isEqualTo("false");
        assertThat(flag(launched, "TieredStopAtLevel")).isEqualTo("1");
        assertThat(flag(launched, "ExitOnOutOfMemoryError")).isEqualTo("true");
    }

    @Test
    void itsStoreSettingsBindToASmallerPageCacheAndWriteBufferThanH2sDefaults() {
        Map<String, String> properties = systemProperties("sanphalang.");
        assertThat(properties).containsOnlyKeys("sanphalang.store.cache-size", "sanphalang.store.write-buffer",
                "sanphalang.outbound.calls-in-flight");

        StoreSettings settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("sanphalang.store", StoreSettings.class);
        assertThat(settings.cacheSize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(settings.writeBuffer()).isEqualTo(DataSize.ofMegabytes(4));
        StoreSettings defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("sanphalang.store", StoreSettings.class);
        assertThat(defaults.cacheSize()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(defaults.writeBuffer()).as("unset: H2's own").isNull();
    }

    @Test
    void itKeepsFewerCallsToLineInFlightThanTheDefault() {
        OutboundSettings settings = new Binder(new MapConfigurationPropertySource(systemProperties("sanphalang.outbound.")))
                .bindOrCreate("sanphalang.outbound", OutboundSettings.class);
        OutboundSettings defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("sanphalang.outbound", OutboundSettings.class);
        assertThat(settings.callsInFlight()).isEqualTo(64);
        assertThat(defaults.callsInFlight()).isEqualTo(128);
    }

    /** The launched JVM's system properties whose names start with {@code prefix}. */
    private static Map<String, String> systemProperties(String prefix) {
        Map<String, String> properties = new HashMap<>();
        Matcher property = Pattern.compile("(?m)^\\s+(" + Pattern.quote(prefix) + "\\S+) = (.*)$").matcher(launched);
        while (property.find()) {
            properties.put(property.group(1), property.group(2).trim());
        }
        return properties;
    }

    private static String flag(String printFlagsFinal, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s+=\\s+(\\S+)").matcher(printFlagsFinal);
        assertThat(m.find()).as("flag %s printed", name).isTrue();
        return m.group(1);
    }
}
