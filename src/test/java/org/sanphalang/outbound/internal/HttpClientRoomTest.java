package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sanphalang.line.LineSettings;
import org.sanphalang.outbound.OutboundSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class HttpClientRoomTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({OutboundSettings.class, LineSettings.class})
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, HttpClientRoom.class);

    @Test
    void theDefaultsGiveEachCallInFlightAPlaceInTheLineClient() {
        context.run(started -> assertThat(started).hasNotFailed().hasSingleBean(HttpClientRoom.class));
    }

    @Test
    void moreCallsInFlightThanTheLineClientAllowsStopTheStartWithBothSettingsNamed() {
        context.withPropertyValues("sanphalang.outbound.calls-in-flight=256").run(started -> assertThat(started)
                .getFailure().rootCause().hasMessageContainingAll("sanphalang.line.max-concurrent-requests (128)",
                        "sanphalang.outbound.calls-in-flight (256)"));
    }

    @Test
    void aLineClientRaisedToMatchLetsItStart() {
        context.withPropertyValues("sanphalang.outbound.calls-in-flight=256", "sanphalang.line.max-concurrent-requests=256")
                .run(started -> assertThat(started).hasNotFailed());
    }
}
