package org.sanphalang.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.client.base.Result;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.FlexMessage;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.PushMessageResponse;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import com.linecorp.bot.messaging.model.ShowLoadingAnimationRequest;
import com.linecorp.bot.messaging.model.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineApiStandInTest {

    private static final String USER = "U4af4980629a1b2c3d4e5f60718293a4b";
    private static final String GROUP = "Ca56f94637cc4347f90a25382909b24b9";
    private static final ObjectMapper JSON = new ObjectMapper();

    static LineApiStandIn line;
    static HttpClient http;

    @BeforeAll
    static void start() {
        line = LineApiStandIn.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        line.close();
    }

    @BeforeEach
    void clean() {
        line.reset();
    }

    static String bubble(String bodyContents) {
        return "{\"type\":\"flex\",\"altText\":\"ผลรายงาน\",\"contents\":{\"type\":\"bubble\",\"body\":"
                + "{\"type\":\"box\",\"layout\":\"vertical\",\"contents\":[" + bodyContents + "]}}}";
    }

    static String push(String to, String message) {
        return "{\"to\":\"" + to + "\",\"messages\":[" + message + "]}";
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(line.baseUrl().resolve(path))
                .header("Authorization", "Bearer test-token")
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(line.baseUrl().resolve(path)).header("Authorization", "Bearer t")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------ validation bites

    @Test
    void aValidFlexPushPassesTheSpecCheckAndIsAnsweredWithSentMessages() throws Exception {
        var response = post("/v2/bot/message/push", push(USER, bubble(
                "{\"type\":\"text\",\"text\":\"ผลิต 250 ห่อ\",\"weight\":\"bold\",\"size\":\"lg\"},"
                        + "{\"type\":\"button\",\"style\":\"primary\",\"action\":{\"type\":\"postback\","
                        + "\"label\":\"แก้ไข\",\"data\":\"edit=1\"}}")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode sent = JSON.readTree(response.body()).path("sentMessages");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("quoteToken").asText()).isEqualTo("q" + sent.get(0).path("id").asText());
        assertThat(line.violations()).isEmpty();
        line.assertNoViolations();
    }

    @Test
    void aFlexComponentOfUnknownTypeIsAViolationAndGetsLineLike400() throws Exception {
        var response = post("/v2/bot/message/push", push(USER, bubble("{\"type\":\"blink\",\"text\":\"x\"}")));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("message").asText()).matches("The request body has \\d+ error\\(s\\)");
        assertThat(error.path("details")).isNotEmpty();
        assertThat(line.violations()).anySatisfy(v -> assertThat(v).contains("/messages/0/contents/body/contents/0")
                .contains("blink"));
        assertThatThrownBy(line::assertNoViolations).isInstanceOf(AssertionError.class).hasMessageContaining("blink");
    }

    @Test
    void aBubbleOfSizeHugeIsAViolation() throws Exception {
        String message = "{\"type\":\"flex\",\"altText\":\"x\",\"contents\":{\"type\":\"bubble\",\"size\":\"huge\"}}";

        var response = post("/v2/bot/message/push", push(USER, message));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(line.violations()).anySatisfy(v -> assertThat(v).contains("/messages/0/contents/size")
                .contains("huge"));
    }

    @Test
    void aTextComponentWithoutTextIsAViolation() throws Exception {
        var response = post("/v2/bot/message/push", push(USER, bubble("{\"type\":\"text\",\"size\":\"md\"}")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(line.violations()).anySatisfy(v -> assertThat(v).contains("line.flex.text.required"));
    }

    @Test
    void aWrongEnumDeepInsideTheFlexTreeIsAViolation() throws Exception {
        post("/v2/bot/message/push", push(USER, bubble("{\"type\":\"box\",\"layout\":\"vertical\",\"contents\":["
                + "{\"type\":\"text\",\"text\":\"x\",\"weight\":\"heavy\"}]}")));

        assertThat(line.violations()).singleElement().asString()
                .contains("/messages/0/contents/body/contents/0/contents/0/weight").contains("heavy");
    }

    @Test
    void aMisspelledFlexPropertyIsAViolation() throws Exception {
        post("/v2/bot/message/push", push(USER, bubble("{\"type\":\"text\",\"text\":\"x\",\"weigth\":\"bold\"}")));

        assertThat(line.violations()).singleElement().asString().contains("'weigth'");
    }

    @Test
    void aPostbackDataOver300CharactersIsAViolation() throws Exception {
        post("/v2/bot/message/push", push(USER, bubble("{\"type\":\"button\",\"action\":{\"type\":\"postback\","
                + "\"label\":\"ok\",\"data\":\"" + "d".repeat(301) + "\"}}")));

        assertThat(line.violations()).singleElement().asString().contains("/action/data");
    }

    @Test
    void aPushWithoutToIsAViolation() throws Exception {
        var response = post("/v2/bot/message/push", "{\"messages\":[{\"type\":\"text\",\"text\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(line.violations()).singleElement().asString().contains("\"to\"");
    }

    @Test
    void aRequestWithoutBearerTokenGets401AndIsAViolation() throws Exception {
        var response = http.send(HttpRequest.newBuilder(line.baseUrl().resolve("/v2/bot/message/quota")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(line.violations()).singleElement().asString().contains("Authorization");
    }

    @Test
    void anUnknownPathGets404AndIsAViolation() throws Exception {
        var response = get("/v2/bot/nothing/here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo("Not found");
        assertThat(line.violations()).isNotEmpty();
    }

    @Test
    void aRetryKeyThatIsNotAUuidIsAViolation() throws Exception {
        post("/v2/bot/message/push", push(USER, "{\"type\":\"text\",\"text\":\"hi\"}"), "X-Line-Retry-Key", "abc");

        assertThat(line.violations()).singleElement().asString().contains("UUID");
    }

    // ------------------------------------------------------------ LINE semantics

    @Test
    void theSameRetryKeyIsAcceptedOnceAndThenAnswered409WithTheAcceptedRequestId() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = push(USER, "{\"type\":\"text\",\"text\":\"สวัสดี\"}");

        var first = post("/v2/bot/message/push", body, "X-Line-Retry-Key", key);
        var second = post("/v2/bot/message/push", body, "X-Line-Retry-Key", key);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("x-line-accepted-request-id"))
                .contains(first.headers().firstValue("x-line-request-id").orElseThrow());
        JsonNode conflict = JSON.readTree(second.body());
        assertThat(conflict.path("message").asText()).isEqualTo("The retry key is already accepted");
        assertThat(conflict.path("sentMessages")).isEqualTo(JSON.readTree(first.body()).path("sentMessages"));
        assertThat(line.acceptedCount()).isEqualTo(1);
        assertThat(line.acceptedRetryKeys()).containsEntry(key, 2);
    }

    @Test
    void aFaultedRequestDoesNotConsumeItsRetryKey() throws Exception {
        String key = UUID.randomUUID().toString();
        line.failNext(1, 503);
        String body = push(USER, "{\"type\":\"text\",\"text\":\"hi\"}");

        assertThat(post("/v2/bot/message/push", body, "X-Line-Retry-Key", key).statusCode()).isEqualTo(503);
        assertThat(post("/v2/bot/message/push", body, "X-Line-Retry-Key", key).statusCode()).isEqualTo(200);
        assertThat(line.acceptedRetryKeys()).containsOnlyKeys(key);
    }

    @Test
    void concurrentPushesWithDistinctKeysAreAllAcceptedExactlyOnce() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = UUID.randomUUID().toString();
            HttpRequest r = HttpRequest.newBuilder(line.baseUrl().resolve("/v2/bot/message/push"))
                    .header("Authorization", "Bearer t").header("Content-Type", "application/json")
                    .header("X-Line-Retry-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(push(USER, "{\"type\":\"text\",\"text\":\"n" + i + "\"}")))
                    .build();
            futures.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
            futures.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString())); // a duplicate of each
        }
        List<Integer> statuses = new ArrayList<>();
        for (var f : futures) {
            statuses.add(f.get().statusCode());
        }

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(200);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(200);
        assertThat(line.acceptedCount()).isEqualTo(200);
        assertThat(line.acceptedRetryKeys()).hasSize(200).allSatisfy((k, hits) -> assertThat(hits).isEqualTo(2));
        line.assertNoViolations();
    }

    @Test
    void aReplyTokenCanBeUsedOnlyOnce() throws Exception {
        String reply = "{\"replyToken\":\"nHuyWiB7yP5Zw52FIkcQobQuGDXCTA\",\"messages\":[{\"type\":\"text\",\"text\":\"รับทราบ\"}]}";

        var first = post("/v2/bot/message/reply", reply);
        var second = post("/v2/bot/message/reply", reply);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).path("sentMessages")).hasSize(1);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(second.body()).path("message").asText()).isEqualTo("Invalid reply token");
    }

    @Test
    void expiredReplyTokensAreRejected() throws Exception {
        line.expireReplyTokens();

        var response = post("/v2/bot/message/reply",
                "{\"replyToken\":\"fresh\",\"messages\":[{\"type\":\"text\",\"text\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Invalid reply token");
    }

    @Test
    void aGroupPushIsChargedOncePerMember() throws Exception {
        line.memberCount(GROUP, 12);

        post("/v2/bot/message/push", push(GROUP, "{\"type\":\"text\",\"text\":\"x\"}"));
        post("/v2/bot/message/push", push(USER, "{\"type\":\"text\",\"text\":\"x\"}"));

        assertThat(JSON.readTree(get("/v2/bot/message/quota/consumption").body()).path("totalUsage").asLong())
                .isEqualTo(13);
        assertThat(JSON.readTree(get("/v2/bot/group/" + GROUP + "/members/count").body()).path("count").asInt())
                .isEqualTo(12);
    }

    @Test
    void multicastBroadcastAndLoadingAreAnsweredAsLineDoes() throws Exception {
        assertThat(post("/v2/bot/message/multicast", "{\"to\":[\"" + USER + "\",\"U2\"],\"messages\":[{\"type\":\"text\","
                + "\"text\":\"x\"}]}").body()).isEqualTo("{}");
        assertThat(post("/v2/bot/message/broadcast", "{\"messages\":[{\"type\":\"text\",\"text\":\"x\"}]}").statusCode())
                .isEqualTo(200);
        var loading = post("/v2/bot/chat/loading/start", "{\"chatId\":\"" + USER + "\",\"loadingSeconds\":5}");
        assertThat(loading.statusCode()).isEqualTo(202);
        line.assertNoViolations();
    }

    @Test
    void quotaExhaustedAnswersTheMonthlyLimit429() throws Exception {
        line.quotaExhausted(true);

        var response = post("/v2/bot/message/push", push(USER, "{\"type\":\"text\",\"text\":\"x\"}"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.body()).contains("You have reached your monthly limit.");
        assertThat(line.acceptedCount()).isZero();
    }

    // ------------------------------------------------------------ faults

    @Test
    void failNextAnswersTheStatusForExactlyNRequests() throws Exception {
        line.failNext(2, 502);
        String body = push(USER, "{\"type\":\"text\",\"text\":\"x\"}");

        List<Integer> statuses = List.of(post("/v2/bot/message/push", body).statusCode(),
                post("/v2/bot/message/push", body).statusCode(), post("/v2/bot/message/push", body).statusCode());

        assertThat(statuses).containsExactly(502, 502, 200);
        assertThat(line.requests("POST", "/v2/bot/message/push")).extracting(RecordedRequest::fault)
                .containsExactly("STATUS 502", "STATUS 502", null);
    }

    @Test
    void aRateLimitFaultCarriesRetryAfter() throws Exception {
        line.inject(Fault.rateLimit(7).on("POST", "/v2/bot/message/").times(1));

        var response = post("/v2/bot/message/push", push(USER, "{\"type\":\"text\",\"text\":\"x\"}"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
        assertThat(response.body()).isEqualTo("{\"message\":\"Too many requests\"}");
    }

    @Test
    void faultsOnlyHitTheirPath() throws Exception {
        line.inject(Fault.status(500).on("POST", "/v2/bot/message/multicast"));

        assertThat(post("/v2/bot/message/push", push(USER, "{\"type\":\"text\",\"text\":\"x\"}")).statusCode())
                .isEqualTo(200);
        assertThat(get("/v2/bot/message/quota").statusCode()).isEqualTo(200);
    }

    @Test
    void aMarkerInTheBodyIsRejectedPermanently() throws Exception {
        line.inject(Fault.rejectBodiesContaining("ห้ามส่ง"));

        for (int i = 0; i < 3; i++) {
            assertThat(post("/v2/bot/message/push", push(USER, "{\"type\":\"text\",\"text\":\"ห้ามส่ง\"}")).statusCode())
                    .isEqualTo(400);
        }
        assertThat(post("/v2/bot/message/push", push(USER, "{\"type\":\"text\",\"text\":\"ok\"}")).statusCode())
                .isEqualTo(200);
        assertThat(line.acceptedCount()).isEqualTo(1);
    }

    @Test
    void aTimeoutFaultNeverAnswersAndAcceptsNothing() throws Exception {
        line.inject(Fault.timeout(Duration.ofMillis(600)).times(1));
        HttpRequest r = HttpRequest.newBuilder(line.baseUrl().resolve("/v2/bot/message/push"))
                .header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString(push(USER, "{\"type\":\"text\",\"text\":\"x\"}"))).build();

        assertThatThrownBy(() -> http.send(r, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        Thread.sleep(500);
        assertThat(line.acceptedCount()).isZero();
    }

    @Test
    void randomFailuresAreReproducibleForTheSameSeed() throws Exception {
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (List<Integer> run : List.of(first, second)) {
            line.reset();
            line.failRandomly(0.2, 0.2, 42L);
            for (int i = 0; i < 40; i++) {
                run.add(post("/v2/bot/message/push", push(USER, "{\"type\":\"text\",\"text\":\"x\"}")).statusCode());
            }
        }

        assertThat(first).isEqualTo(second);
        assertThat(first).contains(200, 429).containsAnyOf(500, 502, 503);
    }

    // ------------------------------------------------------------ the real SDK

    @Test
    void theLineSdkRequestsValidateCleanly() throws Exception {
        line.groupName(GROUP, "วิสาหกิจชุมชนบ้านหนองบัว").profile(USER, "ป้าสมศรี").quota(1000);
        MessagingApiClient client = MessagingApiClient.builder("test-token").apiEndPoint(line.baseUrl()).build();
        MessagingApiBlobClient blob = MessagingApiBlobClient.builder("test-token").apiEndPoint(line.baseUrl()).build();
        FlexMessage flex = ModelObjectMapper.createNewObjectMapper().readValue(bubble(
                "{\"type\":\"text\",\"text\":\"ขายได้ 180 ห่อ\",\"wrap\":true},{\"type\":\"button\",\"style\":\"primary\","
                        + "\"action\":{\"type\":\"postback\",\"label\":\"แก้ไข\",\"data\":\"checkin=1&action=edit\"}}"),
                FlexMessage.class);
        UUID key = UUID.randomUUID();

        Result<PushMessageResponse> pushed = client.pushMessage(key,
                new PushMessageRequest(GROUP, List.of(new TextMessage("สวัสดีค่ะ"), flex), false, null)).get();
        client.replyMessage(new ReplyMessageRequest("replytoken1", List.of(new TextMessage("รับทราบ")), null)).get();
        var summary = client.getGroupSummary(GROUP).get().body();
        var quota = client.getMessageQuota().get().body();
        var member = client.getGroupMemberProfile(GROUP, USER).get().body();
        var profile = client.getProfile("U000000000000000000000000000abcd").get().body();
        client.showLoadingAnimation(new ShowLoadingAnimationRequest(USER, 5)).get();
        var content = blob.getMessageContent("325708").get().body();

        assertThat(pushed.body().sentMessages()).hasSize(2);
        assertThat(summary.groupName()).isEqualTo("วิสาหกิจชุมชนบ้านหนองบัว");
        assertThat(quota.value()).isEqualTo(1000L);
        assertThat(member.displayName()).isEqualTo("ป้าสมศรี");
        assertThat(profile.displayName()).isEqualTo("ผู้ใช้ abcd");
        assertThat(content.mimeType()).startsWith("image/jpeg");
        RecordedRequest push = line.requests("POST", "/v2/bot/message/push").get(0);
        assertThat(push.header("x-line-retry-key")).isEqualTo(key.toString());
        assertThat(push.header("AUTHORIZATION")).isEqualTo("Bearer test-token");
        assertThat(push.json().path("messages").get(1).path("contents").path("type").asText()).isEqualTo("bubble");
        line.assertNoViolations();

        // the SDK sees LINE's 409 on a repeated key
        assertThatThrownBy(() -> client.pushMessage(key,
                new PushMessageRequest(GROUP, List.of(new TextMessage("สวัสดีค่ะ")), false, null)).get())
                .isInstanceOf(ExecutionException.class).hasMessageContaining("409");
    }

    @Test
    void sharedFilesFindsTheSpec() {
        assertThat(SharedFiles.resolve("line-openapi/messaging-api.yml")).isRegularFile();
        assertThat(URI.create(line.baseUrl().toString()).getHost()).isEqualTo("127.0.0.1");
    }
}
