package org.sanphalang.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;
import org.sanphalang.store.EmbeddedQueries;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end through the real webhook path: signed events in at {@code /callback}, the bot's requests out to
 * a stand-in of LINE's Messaging API that checks each one against LINE's OpenAPI spec. All such tests share one
 * application context and one stand-in; each starts from an empty store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sanphalang.webhook.poll-interval=100ms", "sanphalang.outbound.poll-interval=100ms",
        "sanphalang.outbound.retry-backoff=50ms"})
@Import({MutableClock.Config.class, CatchUpWatcher.class})
public abstract class EndToEndTest {

    protected static final String SECRET = "test-channel-secret";
    protected static final LineApiStandIn LINE = LineApiStandIn.start();
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    @DynamicPropertySource
    static void pointAtStandIn(DynamicPropertyRegistry registry) {
        registry.add("sanphalang.line.api-base-url", () -> LINE.baseUrl().toString());
        registry.add("sanphalang.line.data-api-base-url", () -> LINE.baseUrl().toString());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected MongoTemplate mongo;

    /** The application's clock: real time unless a test moves it (reset before each test). */
    @Autowired
    protected MutableClock clock;

    @Autowired
    private CatchUpWatcher catchUp;

    @Autowired
    private EmbeddedQueries queries;

    protected HttpDriver http;

    @BeforeEach
    void startClean() {
        catchUp.awaitDone();
        http = new HttpDriver(port);
        clock.reset();
        for (String collection : mongo.getCollectionNames()) {
            if (collection.equals("officers")) {
                mongo.remove(Query.query(Criteria.where("_id").ne("admin")), collection);
            } else {
                mongo.remove(new Query(), collection);
            }
        }
        // Deleted behind the outbox's back: it must not lease (and send) an entry of the last test from a copy it kept.
        queries.forgetAll();
        LINE.reset();
    }

    /** A fresh id for a group, user, event or message, unique within the run. */
    protected static String id(String prefix) {
        return prefix + Long.toString(IDS.incrementAndGet(), 36).toUpperCase();
    }

    /** Posts one event (JSON object text) as LINE would, and waits until the bot has handled it. */
    protected void deliver(String eventJson) {
        String body = "{\"destination\":\"U00000000000000000000000000000000\",\"events\":[" + eventJson + "]}";
        HttpResponse<String> response = http.postSignedCallback(SECRET, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String key = tools.jackson.databind.json.JsonMapper.builder().build().readTree(eventJson).path("webhookEventId").asString();
        awaitHandled(key);
    }

    protected void awaitHandled(String eventKey) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            Document entry = mongo.findById(eventKey, Document.class, "inbox");
            return entry != null && ("DONE".equals(entry.getString("status")) || "FAILED".equals(entry.getString("status")));
        });
        assertThat(mongo.findById(eventKey, Document.class, "inbox").getString("status")).isEqualTo("DONE");
    }

    /** Waits until nothing is left to send, so assertions on what LINE received are complete. */
    protected void awaitOutboxDrained() {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                mongo.count(Query.query(Criteria.where("status").in("PENDING", "SENDING")), "outbox") == 0);
    }

    protected String text(String groupId, String userId, String text) {
        String eventId = id("EV");
        String source = groupId == null
                ? "{\"type\":\"user\",\"userId\":\"%s\"}".formatted(userId)
                : "{\"type\":\"group\",\"groupId\":\"%s\",\"userId\":\"%s\"}".formatted(groupId, userId);
        return """
                {"type":"message","mode":"active","timestamp":%d,"webhookEventId":"%s","deliveryContext":{"isRedelivery":false},
                 "replyToken":"%s","source":%s,"message":{"id":"%s","type":"text","quoteToken":"q","text":%s}}"""
                .formatted(Instant.now().toEpochMilli(), eventId, id("RT"), source, id("M"), jsonString(text));
    }

    protected String join(String groupId) {
        return """
                {"type":"join","mode":"active","timestamp":%d,"webhookEventId":"%s","deliveryContext":{"isRedelivery":false},
                 "replyToken":"%s","source":{"type":"group","groupId":"%s"}}"""
                .formatted(Instant.now().toEpochMilli(), id("EV"), id("RT"), groupId);
    }

    /** Says something in a group and returns the texts the bot answered with (reply or push). */
    protected List<String> say(String groupId, String userId, String text) {
        int before = LINE.requests().size();
        deliver(text(groupId, userId, text));
        awaitOutboxDrained();
        return LINE.requests().subList(before, LINE.requests().size()).stream()
                .filter(r -> r.path().startsWith("/v2/bot/message/"))
                .flatMap(r -> {
                    List<String> texts = new java.util.ArrayList<>();
                    r.json().path("messages").forEach(m -> texts.add(m.has("text") ? m.path("text").asText() : m.path("altText").asText()));
                    return texts.stream();
                }).toList();
    }

    /** A LINE group registered as a producer group through the real flow (code from the API, typed in the group). */
    protected String registeredGroup(String name, String products, String amphoe) {
        String group = id("C");
        HttpResponse<String> code = asAdmin("POST", "/api/v1/registration-codes", """
                {"name":%s,"products":%s,"village":"บ้านเกาะหัวช้าง","tambon":"พระบาทวังตวง","amphoe":%s}"""
                .formatted(jsonString(name), products, jsonString(amphoe)));
        assertThat(code.statusCode()).as(code.body()).isEqualTo(201);
        String digits = tools.jackson.databind.json.JsonMapper.builder().build().readTree(code.body()).path("code").asString();
        deliver(text(group, id("U"), "ลงทะเบียน " + digits));
        awaitOutboxDrained();
        LINE.reset();
        return group;
    }

    protected String postback(String groupId, String userId, String data) {
        return """
                {"type":"postback","mode":"active","timestamp":%d,"webhookEventId":"%s","deliveryContext":{"isRedelivery":false},
                 "replyToken":"%s","source":{"type":"group","groupId":"%s","userId":"%s"},"postback":{"data":%s}}"""
                .formatted(Instant.now().toEpochMilli(), id("EV"), id("RT"), groupId, userId, jsonString(data));
    }

    /** The messages of every request the bot sent to LINE since the last reset. */
    protected List<com.fasterxml.jackson.databind.JsonNode> sentMessages() {
        List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
        LINE.requests().stream().filter(r -> r.method().equals("POST") && r.path().startsWith("/v2/bot/message/"))
                .forEach(r -> r.json().path("messages").forEach(out::add));
        return out;
    }

    protected HttpResponse<String> api(String method, String path, String user, String password, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build());
    }

    protected HttpResponse<String> asAdmin(String method, String path, String json) {
        return api(method, path, "admin", "admin-test-password", json);
    }

    protected static String jsonString(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }
}
