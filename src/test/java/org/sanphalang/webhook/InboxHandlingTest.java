package org.sanphalang.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.linecorp.bot.webhook.model.MessageEvent;
import com.linecorp.bot.webhook.model.TextMessageContent;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.HttpDriver;
import org.sanphalang.webhook.internal.InboxEntry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** The inbox hands each stored event to the features once, retries failures, and parks what keeps failing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sanphalang.webhook.retry-backoff=50ms", "sanphalang.webhook.max-attempts=3",
        "sanphalang.webhook.poll-interval=100ms", "sanphalang.line.api-base-url=http://127.0.0.1:9/",
        // One test leaves an entry as a crashed worker would, where only the sweep finds it.
        "sanphalang.webhook.sweep-interval=200ms"})
class InboxHandlingTest {

    static final String SECRET = "test-channel-secret";

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    RecordingFeature feature;

    HttpDriver http;

    @BeforeEach
    void setUp() {
        http = new HttpDriver(port);
        feature.reset();
    }

    @Test
    void handlesAnEventOnceHoweverOftenLineDeliversIt() {
        String body = textEvent("01ONCE", "hello");
        for (int i = 0; i < 5; i++) {
            assertThat(http.postSignedCallback(SECRET, body).statusCode()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> status("01ONCE").equals("DONE"));
        assertThat(feature.texts("01ONCE")).containsExactly("hello");
    }

    @Test
    void retriesAFailedHandlingUntilItSucceeds() {
        feature.failTimes("01RETRY", 2);

        http.postSignedCallback(SECRET, textEvent("01RETRY", "try again"));

        await().atMost(Duration.ofSeconds(10)).until(() -> status("01RETRY").equals("DONE"));
        assertThat(feature.attempts("01RETRY")).containsExactly(1, 2, 3);
    }

    @Test
    void parksAnEventThatKeepsFailingWithItsError() {
        feature.failTimes("01POISON", 100);

        http.postSignedCallback(SECRET, textEvent("01POISON", "never works"));

        await().atMost(Duration.ofSeconds(10)).until(() -> status("01POISON").equals("FAILED"));
        Document entry = mongo.findById("01POISON", Document.class, "inbox");
        assertThat(entry.getInteger("attempts")).isEqualTo(3);
        assertThat(entry.getString("lastError")).contains("simulated failure");
        assertThat(entry.getString("payload")).contains("never works"); // kept, so that it can be put back once fixed
    }

    @Test
    void parksAnEventTheSdkCannotReadAtItsFirstAttemptAndHandsItToNoFeature() {
        String unreadable = textEvent("01UNREAD", "odd").replace("\"timestamp\":1700000000000", "\"timestamp\":\"soon\"");

        assertThat(http.postSignedCallback(SECRET, unreadable).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> status("01UNREAD").equals("FAILED"));
        Document entry = mongo.findById("01UNREAD", Document.class, "inbox");
        assertThat(entry.getInteger("attempts")).isEqualTo(1);
        assertThat(entry.getString("lastError")).contains("soon");
        assertThat(feature.attempts("01UNREAD")).isEmpty();
    }

    @Test
    void retriesAnEventWhoseHandlingOverflowedTheStackAndGoesOnHandlingOthers() {
        feature.failTimes("01DEEP", 2, StackOverflowError::new);

        http.postSignedCallback(SECRET, textEvent("01DEEP", "too deep"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status("01DEEP").equals("DONE"));
        http.postSignedCallback(SECRET, textEvent("01AFTER", "next one"));
        http.postSignedCallback(SECRET, textEvent("01AFTER2", "and another"));

        await().atMost(Duration.ofSeconds(10)).until(() -> status("01AFTER").equals("DONE") && status("01AFTER2").equals("DONE"));
        assertThat(feature.attempts("01DEEP")).containsExactly(1, 2, 3);
        assertThat(mongo.findById("01DEEP", Document.class, "inbox").getString("lastError")).contains("StackOverflowError");
    }

    @Test
    void takesOverAnEventWhoseWorkerDiedMidHandling() {
        Instant received = Instant.now().minusSeconds(60);
        // As a crashed worker leaves it: claimed, lease expired, never settled.
        mongo.insert(new InboxEntry("01ORPHAN", "message", "U0123", event("01ORPHAN", "left behind"), false, received,
                InboxEntry.Status.PROCESSING, 1, received, Instant.now().minusSeconds(1), null, null));

        await().atMost(Duration.ofSeconds(10)).until(() -> status("01ORPHAN").equals("DONE"));
        assertThat(feature.texts("01ORPHAN")).containsExactly("left behind");
        assertThat(feature.attempts("01ORPHAN")).containsExactly(2);
    }

    @Test
    void keepsOnlyTheKeyOfAHandledEventAndStillDropsItsRedelivery() {
        String body = textEvent("01FORGET", "ขายได้ ๑๕๐ ห่อ");
        http.postSignedCallback(SECRET, body);
        await().atMost(Duration.ofSeconds(10)).until(() -> status("01FORGET").equals("DONE"));

        Document handled = mongo.findById("01FORGET", Document.class, "inbox");
        assertThat(handled).doesNotContainKey("payload").containsKeys("type", "receivedAt", "doneAt");
        assertThat(http.postSignedCallback(SECRET, body.replace("\"isRedelivery\":false", "\"isRedelivery\":true")).statusCode())
                .isEqualTo(200);
        http.postSignedCallback(SECRET, textEvent("01FORGET2", "next")); // handled after the redelivery would have been
        await().atMost(Duration.ofSeconds(10)).until(() -> status("01FORGET2").equals("DONE"));
        assertThat(feature.texts("01FORGET")).containsExactly("ขายได้ ๑๕๐ ห่อ");
    }

    @Test
    void parksAHandledEventPutBackByHandAtOnceSinceWhatLineSentIsGone() {
        http.postSignedCallback(SECRET, textEvent("01AGAIN", "once only"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status("01AGAIN").equals("DONE"));
        mongo.updateFirst(Query.query(Criteria.where("_id").is("01AGAIN")),
                new org.springframework.data.mongodb.core.query.Update().set("status", "PENDING").set("dueAt", Instant.now()), "inbox");

        await().atMost(Duration.ofSeconds(10)).until(() -> status("01AGAIN").equals("FAILED"));
        Document parked = mongo.findById("01AGAIN", Document.class, "inbox");
        assertThat(parked.getString("lastError")).contains("No payload");
        assertThat(parked.getInteger("attempts")).isEqualTo(2);
        assertThat(feature.texts("01AGAIN")).containsExactly("once only");
    }

    private String status(String key) {
        Document entry = mongo.findById(key, Document.class, "inbox");
        return entry == null ? "absent" : entry.getString("status");
    }

    private static String textEvent(String id, String text) {
        return "{\"destination\":\"U0123\",\"events\":[" + event(id, text) + "]}";
    }

    private static String event(String id, String text) {
        return """
                {"replyToken":"r-%1$s","type":"message","timestamp":1700000000000,
                "mode":"active","webhookEventId":"%1$s","deliveryContext":{"isRedelivery":false},
                "source":{"type":"user","userId":"U%1$s"},"message":{"id":"m-%1$s","type":"text","text":"%2$s"}}"""
                .formatted(id, text);
    }

    @TestConfiguration
    static class Config {
        @Bean
        RecordingFeature recordingFeature() {
            return new RecordingFeature();
        }
    }

    /** A feature that records what it was handed and fails on demand. */
    static class RecordingFeature {
        private final Map<String, List<String>> texts = new ConcurrentHashMap<>();
        private final Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        private final Map<String, Supplier<? extends Throwable>> failWith = new ConcurrentHashMap<>();

        @EventListener
        void on(LineEventReceived received) {
            if (!(received.event() instanceof MessageEvent message) || !(message.message() instanceof TextMessageContent text)) {
                return;
            }
            attempts.computeIfAbsent(received.eventKey(), k -> new CopyOnWriteArrayList<>()).add(received.attempt());
            AtomicInteger left = failures.get(received.eventKey());
            if (left != null && left.getAndDecrement() > 0) {
                Throwable failure = failWith.getOrDefault(received.eventKey(), () -> new IllegalStateException("simulated failure")).get();
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure;
            }
            texts.computeIfAbsent(received.eventKey(), k -> new CopyOnWriteArrayList<>()).add(text.text());
        }

        void failTimes(String key, int times) {
            failures.put(key, new AtomicInteger(times));
        }

        void failTimes(String key, int times, Supplier<? extends Throwable> failure) {
            failWith.put(key, failure);
            failTimes(key, times);
        }

        List<String> texts(String key) {
            return texts.getOrDefault(key, List.of());
        }

        List<Integer> attempts(String key) {
            return attempts.getOrDefault(key, List.of());
        }

        void reset() {
            texts.clear();
            attempts.clear();
            failures.clear();
            failWith.clear();
        }
    }
}
