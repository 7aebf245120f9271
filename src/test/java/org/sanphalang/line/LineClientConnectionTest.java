package org.sanphalang.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.TextMessage;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.Fault;
import org.sanphalang.testing.LineApiStandIn;

/**
 * Calls to LINE reuse their connections: as many stay open as calls may be in flight, so wave after wave of pushes
 * goes over the first wave's connections (OkHttp alone keeps 5 and opens the rest again every time).
 */
class LineClientConnectionTest {

    static final int IN_FLIGHT = 16;

    @Test
    void fiveWavesOfSixteenPushesInFlightGoOverSixteenConnections() throws Exception {
        try (LineApiStandIn line = LineApiStandIn.start()) {
            // Slow enough that every wave has all its calls in flight at once.
            line.inject(Fault.slow(Duration.ofMillis(100)).on("POST", "/v2/bot/message/push"));
            LineSettings settings = new LineSettings("secret", "token", line.baseUrl(), line.baseUrl(), false,
                    Duration.ofSeconds(5), Duration.ofSeconds(10), IN_FLIGHT);
            MessagingApiClient client = new LineClientConfiguration().messagingApiClient(new LineChannel(settings, 8080), settings);

            for (int wave = 0; wave < 5; wave++) {
                List<CompletableFuture<?>> calls = new ArrayList<>();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    calls.add(client.pushMessage(UUID.randomUUID(), new PushMessageRequest("C%032d".formatted(i),
                            List.of(new TextMessage("ประกาศ " + wave)), false, null)));
                }
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
            }

            assertThat(line.acceptedCount()).isEqualTo(5 * IN_FLIGHT);
            assertThat(line.connections()).isBetween(2, IN_FLIGHT);
            line.assertNoViolations();
        }
    }
}
