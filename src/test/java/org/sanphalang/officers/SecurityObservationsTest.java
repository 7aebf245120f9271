package org.sanphalang.officers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Spring Security starts no observations at all (not even no-op ones, which cost a webhook request 6 % of its CPU),
 * while the HTTP server metrics still time the webhook and the officer API; the webhook's answer goes to LINE without
 * the browser-only security headers, which every other answer keeps.
 */
class SecurityObservationsTest extends EndToEndTest {

    @Autowired
    ObservationRegistry observations;

    @Autowired
    MeterRegistry meters;

    @Test
    void securityStartsNoObservationsWhileRequestsAreStillTimed() {
        // Lets every observation through, as the registry's own predicates decide; only notes Spring Security's names.
        List<String> asked = new CopyOnWriteArrayList<>();
        observations.observationConfig().observationPredicate((name, context) -> {
            if (name.startsWith("spring.security")) {
                asked.add(name);
            }
            return true;
        });

        deliver(text(id("C"), id("U"), "สวัสดี"));
        assertThat(asAdmin("GET", "/api/v1/me", null).statusCode()).isEqualTo(200);
        assertThat(http.get("/console/login").statusCode()).isEqualTo(200);

        assertThat(asked).isEmpty();
        assertThat(meters.find("http.server.requests").tag("uri", "/callback").timer()).isNotNull();
        assertThat(meters.find("http.server.requests").tag("uri", "/api/v1/me").timer()).isNotNull();
    }

    @Test
    void theWebhookAnswersWithoutBrowserHeadersWhileTheConsoleKeepsThem() {
        var webhook = http.postSignedCallback(SECRET, "{\"destination\":\"U0123\",\"events\":[]}");
        var console = http.get("/console/login");

        assertThat(webhook.statusCode()).isEqualTo(200);
        assertThat(webhook.headers().firstValue("X-Content-Type-Options")).isEmpty();
        assertThat(console.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(console.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
}
