package org.sanphalang.store;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults that hold only on the embedded store, added below every other source, so any setting still wins.
 * <p>
 * The MongoDB driver's per-command timers are off there: they time calls into this same process, which say
 * nothing of production, and each command then also copies its document for the listener — 4–5 % of the CPU per
 * push in a fan-out drain (bench/RESULTS.md, session 7). On a real MongoDB they stay on, as Spring Boot has them.
 */
public final class EmbeddedStoreDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "sanphalangEmbeddedStoreDefaults";
    static final String COMMAND_METRICS = "management.metrics.mongodb.command.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String uri = environment.getProperty("sanphalang.store.uri");
        if (uri == null || uri.isBlank()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(COMMAND_METRICS, "false")));
        }
    }
}
