package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.sanphalang.testing.ChildApplication;
import org.sanphalang.testing.Fault;
import org.sanphalang.testing.HttpDriver;
import org.sanphalang.testing.LineApiStandIn;
import org.sanphalang.testing.RecordedRequest;

/**
 * The outbox's promise under the worst timing: the process is killed (SIGKILL) a third of the way through a
 * 1,000-message fan-out — with pushes in flight that LINE accepts after the sender is gone — and restarted on
 * the same data. Every message is accepted exactly once: nothing lost, nothing sent twice (the retry key turns a
 * repeat of an accepted push into a 409, which counts as sent). The same for 1,000 replies in flight, which carry no
 * key: each was stored as tried before it was made, and a reply made again under a token LINE took counts as sent.
 * And replies LINE refuses outright, killed after the bot turned to pushing them: pushed once after the restart, even
 * though their tokens have expired meanwhile.
 * <p>
 * H2 commits on its own only once in ten minutes here ({@code sanphalang.store.auto-commit-delay}), so what survives the
 * kill is what the bot committed itself: a write it forgot to commit is lost, as it could be in any crash.
 */
class FanoutCrashRecoveryIT {

    static final String SECRET = "fanout-crash-secret";
    static final int GROUPS = 1_000;
    static final int EVENTS_PER_BODY = 100;
    static final String PUSH = "/v2/bot/message/push";
    static final String REPLY = "/v2/bot/message/reply";
    /** 2016: a reply token that old is long expired. */
    static final long EXPIRED = 1462629479859L;
    static final Pattern BACKLOG = Pattern.compile("(?m)^sanphalang_outbox_backlog\\S* (\\S+)$");

    @TempDir
    Path dataDir;

    /** The child processes' log: kept when the test fails (its messages name it), deleted when it passes. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logDir;

    @Test
    void aFanoutKilledAThirdOfTheWayAndRestartedSendsEachOfItsThousandMessagesExactlyOnce() throws Exception {
        Path log = logDir.resolve("fanout-crash.log");
        // Each push takes a while and one in ten fails with a 5xx: the kill finds pushes in flight and retries pending.
        try (LineApiStandIn line = slowAndFailingOneInTen(PUSH, 7L)) {
            Map<String, String> settings = settings(line);

            ChildApplication first = ChildApplication.start(log, settings);
            post(first, EXPIRED, GROUPS);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
                    .until(() -> line.acceptedCount() >= GROUPS / 3);
            first.kill();
            int acceptedBeforeKill = line.acceptedCount();
            assertThat(acceptedBeforeKill).as("killed mid-way").isLessThan(GROUPS);

            try (ChildApplication second = ChildApplication.start(log, settings)) {
                HttpDriver restarted = new HttpDriver(second.port());
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() ->
                        line.acceptedRetryKeys().size() == GROUPS && backlog(restarted) == 0);

                Map<String, Integer> accepted = line.acceptedRetryKeys();
                assertThat(accepted).hasSize(GROUPS);
                assertThat(line.acceptedCount()).as("each message accepted once").isEqualTo(GROUPS);
                List<RecordedRequest> pushes = line.requests("POST", PUSH);
                Map<String, Long> acceptedPerGroup = accepted(line, PUSH, "to");
                assertThat(acceptedPerGroup).hasSize(GROUPS);
                assertThat(acceptedPerGroup.values()).containsOnly(1L);
                assertThat(acceptedPerGroup).containsKeys(groupId(0), groupId(GROUPS - 1));
                line.assertNoViolations();
                long repeats = pushes.stream().filter(r -> r.status() == 409).count();
                System.out.printf("Fan-out crash: %d accepted before the kill, %d push requests in all, %d answered "
                        + "409 (accepted before the crash, repeated after)%n", acceptedBeforeKill, pushes.size(), repeats);
            }
        }
    }

    @Test
    void repliesKilledAThirdOfTheWayAndRestartedAreEachRepliedOnceAndNotPushed() throws Exception {
        Path log = logDir.resolve("reply-crash.log");
        try (LineApiStandIn line = slowAndFailingOneInTen(REPLY, 11L)) {
            Map<String, String> settings = settings(line);
            // The stand-in's tokens do not expire; the bot's window for them must not end within this test either, or
            // a reply whose fate the crash left unknown would go as a push (a slow machine takes minutes here).
            settings.put("sanphalang.outbound.reply-window", "10m");

            ChildApplication first = ChildApplication.start(log, settings);
            post(first, Instant.now().toEpochMilli(), GROUPS);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
                    .until(() -> accepted(line, REPLY, "replyToken").size() >= GROUPS / 3);
            first.kill();
            int takenBeforeKill = accepted(line, REPLY, "replyToken").size();
            assertThat(takenBeforeKill).as("killed mid-way").isLessThan(GROUPS);

            try (ChildApplication second = ChildApplication.start(log, settings)) {
                HttpDriver restarted = new HttpDriver(second.port());
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() ->
                        accepted(line, REPLY, "replyToken").size() == GROUPS && backlog(restarted) == 0);

                Map<String, Long> taken = accepted(line, REPLY, "replyToken");
                assertThat(taken).hasSize(GROUPS).containsKeys("fanout0", "fanout" + (GROUPS - 1));
                assertThat(taken.values()).as("each token taken once").containsOnly(1L);
                assertThat(line.requests("POST", PUSH)).as("no greeting pushed as well").isEmpty();
                line.assertNoViolations();
                long usedAgain = line.requests("POST", REPLY).stream().filter(r -> r.status() == 400).count();
                System.out.printf("Reply crash: %d taken before the kill, %d replies in all, %d refused as used (taken before "
                        + "the crash, made again after)%n", takenBeforeKill, line.requests("POST", REPLY).size(), usedAgain);
            }
        }
    }

    @Test
    void repliesRefusedOutrightAndKilledOnceTurnedToPushesArePushedOnceAfterTheRestartThoughTheirTokensExpired()
            throws Exception {
        Path log = logDir.resolve("refused-reply-crash.log");
        int groups = EVENTS_PER_BODY;
        try (LineApiStandIn line = LineApiStandIn.start()) {
            // Every reply refused outright (a 400 that is not about its token), after a second: the refusals come after
            // the bot's last commit of its own (each reply's mark as tried). Every push fails until the kill, so each
            // message is still to be pushed when the bot dies.
            line.inject(Fault.slow(Duration.ofSeconds(1)).on("POST", REPLY));
            line.inject(Fault.status(400, "{\"message\":\"The request body has 1 error(s)\"}").on("POST", REPLY));
            line.inject(Fault.status(500).on("POST", PUSH));
            Map<String, String> settings = settings(line);
            settings.put("sanphalang.outbound.reply-window", "10m");
            // Failed pushes wait seconds, not milliseconds, before their next try: none runs out of tries before the kill.
            settings.put("sanphalang.outbound.retry-backoff", "2s");
            settings.put("sanphalang.outbound.max-backoff", "5s");

            ChildApplication first = ChildApplication.start(log, settings);
            post(first, Instant.now().toEpochMilli(), groups);
            // A push tried for every group: each refusal was recorded and its entry put back for a sender to push.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> groupsTried(line, PUSH, "to") == groups);
            first.kill();
            assertThat(groupsTried(line, REPLY, "replyToken")).as("each group's reply refused").isEqualTo(groups);

            // The tokens' minute passed while the bot was down: a reply made again now is refused as an invalid token,
            // which would count as sent were the entry still marked as a reply being tried.
            line.clearFaults();
            line.expireReplyTokens();
            try (ChildApplication second = ChildApplication.start(log, settings)) {
                HttpDriver restarted = new HttpDriver(second.port());
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                        backlog(restarted) == 0);

                Map<String, Long> pushed = accepted(line, PUSH, "to");
                assertThat(pushed).as("each group's message pushed after the restart").hasSize(groups)
                        .containsKeys(groupId(0), groupId(groups - 1));
                assertThat(pushed.values()).as("once").containsOnly(1L);
                assertThat(line.requests("POST", REPLY)).as("no reply taken").noneMatch(r -> r.status() == 200);
                line.assertNoViolations();
            }
        }
    }

    /** The groups (or tokens: {@code field}) the stand-in was sent a request for on {@code path}, answered or not. */
    private static long groupsTried(LineApiStandIn line, String path, String field) {
        return line.requests("POST", path).stream().map(r -> r.json().path(field).asText()).distinct().count();
    }

    /** A stand-in slow to answer {@code path} (40 ms) that fails one request in ten with a 5xx, chosen by {@code seed}. */
    private static LineApiStandIn slowAndFailingOneInTen(String path, long seed) {
        LineApiStandIn line = LineApiStandIn.start();
        line.inject(Fault.slow(Duration.ofMillis(40)).on("POST", path));
        line.failRandomly(0.1, 0.0, seed);
        return line;
    }

    /** LINE's 200s on {@code path}, per group (or token: {@code field}). */
    private static Map<String, Long> accepted(LineApiStandIn line, String path, String field) {
        return line.requests("POST", path).stream().filter(r -> r.status() == 200)
                .collect(Collectors.groupingBy(r -> r.json().path(field).asText(), Collectors.counting()));
    }

    private Map<String, String> settings(LineApiStandIn line) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sanphalang.store.backend", "h2");
        settings.put("sanphalang.store.data-dir", dataDir.toString());
        settings.put("sanphalang.store.database", "fanout-" + UUID.randomUUID());
        settings.put("sanphalang.line.channel-secret", SECRET);
        settings.put("sanphalang.line.channel-token", "fanout-crash-token");
        settings.put("sanphalang.line.api-base-url", line.baseUrl().toString());
        settings.put("sanphalang.line.data-api-base-url", line.baseUrl().toString());
        settings.put("sanphalang.webhook.poll-interval", "200ms");
        settings.put("sanphalang.webhook.lease", "3s");
        settings.put("sanphalang.outbound.poll-interval", "200ms");
        settings.put("sanphalang.outbound.lease", "3s");
        settings.put("sanphalang.outbound.retry-backoff", "50ms");
        settings.put("sanphalang.outbound.max-backoff", "500ms");
        settings.put("sanphalang.store.auto-commit-delay", "10m");
        return settings;
    }

    /** The groups' joins, as LINE delivers them in bodies of a hundred, each acknowledged. */
    private static void post(ChildApplication app, long timestamp, int groups) {
        HttpDriver http = new HttpDriver(app.port());
        for (int from = 0; from < groups; from += EVENTS_PER_BODY) {
            HttpResponse<String> ack = http.postSignedCallback(SECRET, joins(from, EVENTS_PER_BODY, timestamp));
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        }
    }

    private static double backlog(HttpDriver http) {
        HttpResponse<String> metrics = http.get("/actuator/prometheus");
        Matcher m = BACKLOG.matcher(metrics.body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String groupId(int i) {
        return "C%032x".formatted(0xFA_0000 + i);
    }

    /** Joins at {@code timestamp}: with {@link #EXPIRED} their reply tokens are long expired, so each greeting goes by push. */
    private static String joins(int from, int count, long timestamp) {
        StringBuilder events = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            events.append(i == from ? "" : ",").append("""
                    {"replyToken":"fanout%d","type":"join","timestamp":%d,"mode":"active",
                    "webhookEventId":"01FANOUT%06d","deliveryContext":{"isRedelivery":false},
                    "source":{"type":"group","groupId":"%s"}}""".formatted(i, timestamp, i, groupId(i)));
        }
        return "{\"destination\":\"U0123\",\"events\":[" + events + "]}";
    }
}
