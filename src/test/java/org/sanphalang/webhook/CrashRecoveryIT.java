package org.sanphalang.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.sanphalang.testing.ChildApplication;
import org.sanphalang.testing.HttpDriver;
import org.sanphalang.testing.LineApiStandIn;

/**
 * The promise behind every 200: an event acknowledged the instant before a kill -9 is still there after a
 * restart, and is then handled — here, the bot joins groups, is killed before it can greet them, and greets
 * each exactly once after it comes back.
 */
class CrashRecoveryIT {

    static final String SECRET = "crash-test-secret";
    static final int EVENTS = 40;

    @TempDir
    Path dataDir;

    /** The child processes' log: kept when the test fails (its messages name it), deleted when it passes. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logDir;

    /**
     * Also with a small H2 write buffer (ops/jvm/small-footprint.args sets 4 MB): the store then writes to its file on
     * its own far more often, which must not change what an acknowledgement promises.
     */
    @ParameterizedTest(name = "write buffer: {0}")
    @ValueSource(strings = {"H2's default", "64KB"})
    void eventsAcknowledgedJustBeforeAKillAreHandledOnceAfterRestart(String writeBuffer) throws Exception {
        Path log = logDir.resolve("crash-recovery.log");
        try (LineApiStandIn line = LineApiStandIn.start()) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("sanphalang.store.backend", "h2");
            settings.put("sanphalang.store.data-dir", dataDir.toString());
            settings.put("sanphalang.store.database", "crash-" + java.util.UUID.randomUUID());
            if (!writeBuffer.startsWith("H2")) {
                settings.put("sanphalang.store.write-buffer", writeBuffer);
            }
            // H2 commits on its own once in ten minutes: what survives the kill is what the bot committed itself.
            settings.put("sanphalang.store.auto-commit-delay", "10m");
            settings.put("sanphalang.line.channel-secret", SECRET);
            settings.put("sanphalang.line.channel-token", "crash-test-token");
            settings.put("sanphalang.line.api-base-url", line.baseUrl().toString());
            settings.put("sanphalang.line.data-api-base-url", line.baseUrl().toString());
            // First life: accept only, so nothing can have been handled before the kill.
            settings.put("sanphalang.webhook.processing", "false");

            ChildApplication first = ChildApplication.start(log, settings);
            HttpDriver http = new HttpDriver(first.port());
            for (int i = 0; i < EVENTS; i++) {
                assertThat(http.postSignedCallback(SECRET, joinOf(groupId(i), i)).statusCode()).isEqualTo(200);
            }
            first.kill();
            assertThat(line.requests("POST", "/v2/bot/message/push")).isEmpty();

            settings.put("sanphalang.webhook.processing", "true");
            try (ChildApplication second = ChildApplication.start(log, settings)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(line.requests("POST", "/v2/bot/message/push")).hasSize(EVENTS));
                // and no more than once each, even with time to spare
                Thread.sleep(1_500);
                Set<String> greeted = line.requests("POST", "/v2/bot/message/push").stream()
                        .map(r -> r.json().path("to").asText()).collect(Collectors.toSet());
                assertThat(line.requests("POST", "/v2/bot/message/push")).hasSize(EVENTS);
                assertThat(greeted).hasSize(EVENTS).contains(groupId(0), groupId(EVENTS - 1));
                line.assertNoViolations();
            }
        }
    }

    private static String groupId(int i) {
        return "C%032d".formatted(i);
    }

    /** A join whose reply token is long expired (2016), so the greeting must go by push. */
    private static String joinOf(String groupId, int i) {
        return """
                {"destination":"U0123","events":[{"replyToken":"token%d","type":"join","timestamp":1462629479859,
                "mode":"active","webhookEventId":"01CRASH%05d","deliveryContext":{"isRedelivery":false},
                "source":{"type":"group","groupId":"%s"}}]}""".formatted(i, i, groupId);
    }
}
