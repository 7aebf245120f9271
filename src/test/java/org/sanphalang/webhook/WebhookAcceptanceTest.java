package org.sanphalang.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sanphalang.testing.HttpDriver;
import org.sanphalang.testing.SharedFiles;
import org.sanphalang.testing.WebhookSigner;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What {@code POST /callback} accepts, refuses and stores. Handling is switched off here so the inbox shows
 * exactly what acceptance stored; handling is covered by the end-to-end tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sanphalang.webhook.processing=false")
class WebhookAcceptanceTest {

    static final String SECRET = "test-channel-secret";

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    HttpDriver http;

    @BeforeEach
    void setUp() {
        http = new HttpDriver(port);
        mongo.remove(new org.springframework.data.mongodb.core.query.Query(), "inbox");
    }

    static Stream<Path> fixtures() throws IOException {
        return Files.list(SharedFiles.resolve("line-fixtures/webhook")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void acceptsAndStoresEveryFixtureLineWrote(Path fixture) throws IOException {
        byte[] body = Files.readAllBytes(fixture);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> events = new ArrayList<>();
        json.readTree(body).path("events").forEach(events::add);

        HttpResponse<String> response = http.postCallback(body, WebhookSigner.sign(SECRET, body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbox()).hasSize(events.size()).allSatisfy(entry -> assertThat(entry.getString("status")).isEqualTo("PENDING"));
        List<com.fasterxml.jackson.databind.JsonNode> stored = new ArrayList<>();
        for (Document entry : inbox()) {
            stored.add(json.readTree(entry.getString("payload")));
        }
        assertThat(stored).containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void storesEachEventAsTheExactTextLineSigned() {
        String first = """
                {
                  "type" : "message", "webhookEventId":"01RAW1",
                  "deliveryContext": {"isRedelivery": false},  "timestamp": 1000, "mode":"active", "replyToken":"r",
                  "source":{"type":"group","groupId":"C1","userId":"U2"},
                  "message":{"id":"1","type":"text","text":"ขาย \\u0e02 \\"๕\\" ห่อ 🙏 {]"}
                }""";
        String second = "{\"type\":\"follow\",\"webhookEventId\":\"01RAW2\",\"timestamp\":2,\"mode\":\"active\",\"replyToken\":\"r2\","
                + "\"deliveryContext\":{\"isRedelivery\":true},\"source\":{\"type\":\"user\",\"userId\":\"U3\"},\"follow\":{\"isUnblocked\":false}}";
        String body = "{\n \"destination\": \"U1\",\n \"events\": [\n" + first + " ,\n\t" + second + "\n ]\n}";

        HttpResponse<String> response = http.postSignedCallback(SECRET, body);

        assertThat(response.statusCode()).isEqualTo(200);
        Document one = mongo.findById("01RAW1", Document.class, "inbox");
        Document two = mongo.findById("01RAW2", Document.class, "inbox");
        assertThat(one.getString("payload")).isEqualTo(first);
        assertThat(one.getString("type")).isEqualTo("message");
        assertThat(one.getBoolean("redelivery")).isFalse();
        assertThat(two.getString("payload")).isEqualTo(second);
        assertThat(two.getString("type")).isEqualTo("follow");
        assertThat(two.getBoolean("redelivery")).isTrue();
    }

    @Test
    void acceptsLinesVerificationRequestAndStoresNothing() {
        HttpResponse<String> response = http.postSignedCallback(SECRET, "{\"destination\":\"U0123\",\"events\":[]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbox()).isEmpty();
    }

    @Test
    void refusesAWrongSignatureAndStoresNothing() {
        byte[] body = fixture("text-group.json");

        HttpResponse<String> response = http.postCallback(body, WebhookSigner.sign("some-other-secret", body));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_signature");
        assertThat(inbox()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 at all!", "%%%", "====", "c2ln bmF0dXJl"})
    void refusesASignatureThatIsNotBase64AsAWrongSignature(String signature) {
        HttpResponse<String> response = http.postCallback(fixture("text-group.json"), signature);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_signature");
        assertThat(inbox()).isEmpty();
    }

    @Test
    void refusesATamperedBodyAndStoresNothing() {
        byte[] original = fixture("text-group.json");
        String signature = WebhookSigner.sign(SECRET, original);
        byte[] tampered = new String(original, StandardCharsets.UTF_8).replace("Hello", "Hellp").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.postCallback(tampered, signature);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(inbox()).isEmpty();
    }

    @Test
    void refusesAnUnsignedRequestAndStoresNothing() {
        HttpResponse<String> response = http.postCallback(fixture("text-group.json"), null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("missing_signature");
        assertThat(inbox()).isEmpty();
    }

    @Test
    void storesARedeliveredEventOnce() {
        byte[] first = fixture("webhook-redelivery.json");
        String firstDelivery = new String(first, StandardCharsets.UTF_8).replace("\"isRedelivery\": true", "\"isRedelivery\": false");

        assertThat(http.postSignedCallback(SECRET, firstDelivery).statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(http.postCallback(first, WebhookSigner.sign(SECRET, first)).statusCode()).isEqualTo(200);
        }

        assertThat(inbox()).singleElement().satisfies(entry ->
                assertThat(entry.getString("_id")).isEqualTo("01G2KZKG2DS765NMRH3GZFD8AP"));
    }

    @Test
    void storesAnEventOnceWhenDuplicatesArriveConcurrently() throws Exception {
        byte[] body = fixture("webhook-redelivery.json");
        String signature = WebhookSigner.sign(SECRET, body);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                posts.add(() -> http.postCallback(body, signature).statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(posts)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(inbox()).hasSize(1);
    }

    @Test
    void deduplicatesAnEventWithoutIdByItsContentIgnoringDeliveryContext() {
        String join = new String(fixture("join.json"), StandardCharsets.UTF_8);
        String redelivered = join.replace("\"mode\": \"active\",", "\"mode\": \"active\", \"deliveryContext\": {\"isRedelivery\": true},");
        assertThat(redelivered).isNotEqualTo(join);

        http.postSignedCallback(SECRET, join);
        http.postSignedCallback(SECRET, redelivered);
        http.postSignedCallback(SECRET, join.replace("1462629479859", "1462629479860"));

        assertThat(inbox()).hasSize(2).allSatisfy(entry -> assertThat(entry.getString("_id")).startsWith("sha256:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "{", "[]", "null", "{\"events\": 5}", "{\"events\": [1, 2]}", "{\"destination\": \"U1\", \"events\": [{]}",
            "{\"events\":[{\"type\":\"message\",\"message\":{\"type\":\"text\",\"text\":\"\u0000\"}}]}",
            "\u0000\u0000\u0000"})
    void answersMalformedSignedBodiesWith400AndStoresNothing(String body) {
        HttpResponse<String> response = http.postSignedCallback(SECRET, body);

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(inbox()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"destination\":\"U1\"}", "{\"destination\":\"U1\",\"events\":[]} {}", "{\"destination\":\"U1\",\"events\":[]} x",
            "{\"destination\":5,\"events\":[]}", "{\"events\":[],\"events\":[]}"})
    void answersASignedBodyThatIsNotAWebhookRequestAsMalformedNotAsForged(String body) {
        HttpResponse<String> response = http.postSignedCallback(SECRET, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed_body");
        assertThat(inbox()).isEmpty();
    }

    @Test
    void keepsTheDestinationWhereverItStandsInTheBody() {
        String event = """
                {"type":"message","webhookEventId":"01DESTLAST","timestamp":1,"mode":"active","replyToken":"r",
                 "source":{"type":"group","groupId":"C1","userId":"U2"},"message":{"id":"1","type":"text","text":"hi"}}""";

        assertThat(http.postSignedCallback(SECRET, "{\"events\":[" + event + "],\"destination\":\"Ubot\"}").statusCode()).isEqualTo(200);

        assertThat(inbox()).singleElement().satisfies(entry -> {
            assertThat(entry.getString("destination")).isEqualTo("Ubot");
            assertThat(entry.getString("payload")).isEqualTo(event);
        });
    }

    @Test
    void refusesABodyOverOneMebibyteWith413() {
        String padding = "x".repeat(1024 * 1024);
        String body = "{\"destination\":\"U1\",\"events\":[],\"pad\":\"" + padding + "\"}";

        HttpResponse<String> response = http.postSignedCallback(SECRET, body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(inbox()).isEmpty();
    }

    @Test
    void keepsOperatorsNulsAndOddUnicodeInTextVerbatim() {
        String text = "{\\\"$where\\\": \\\"1\\\"} $gt $set \\u0000 \\u200b ครับ 🙏 \\\\ a.b";
        String body = """
                {"destination":"U1","events":[{"type":"message","webhookEventId":"01ODD","timestamp":1,"mode":"active",
                 "replyToken":"r","source":{"type":"group","groupId":"C1","userId":"U2"},
                 "message":{"id":"1","type":"text","text":"%s","$set":{"x":1},"a.b":"c"}}]}""".formatted(text);

        HttpResponse<String> response = http.postSignedCallback(SECRET, body);

        assertThat(response.statusCode()).isEqualTo(200);
        Document entry = inbox().get(0);
        assertThat(entry.getString("payload")).contains("$where").contains("$gt").contains("\\u0000").contains("🙏")
                .contains("\"$set\"").contains("\"a.b\"");
    }

    @Test
    void refusesOtherMethodsWithoutAStackTrace() {
        HttpResponse<String> response = http.get("/callback");

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.body()).doesNotContain("Exception");
    }

    private List<Document> inbox() {
        return mongo.findAll(Document.class, "inbox");
    }

    private static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(SharedFiles.resolve("line-fixtures/webhook/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
