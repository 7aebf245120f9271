package org.sanphalang.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.DataFolders;
import org.sanphalang.testing.HttpDriver;
import org.sanphalang.testing.SharedFiles;
import org.sanphalang.testing.WebhookSigner;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The webhook on the embedded H2 store, where events are acknowledged once journaled and moved into the inbox by
 * one thread: everything acknowledged arrives there once, and nothing refused is journaled. (Kill -9 is
 * {@link CrashRecoveryIT}'s part.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sanphalang.webhook.processing=false", "sanphalang.store.backend=h2"})
class JournaledWebhookTest {

    static final String SECRET = "test-channel-secret";
    static final Path DATA = DataFolders.temporary("sanphalang-journal-test");

    @DynamicPropertySource
    static void dataFolder(DynamicPropertyRegistry registry) {
        registry.add("sanphalang.store.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    MeterRegistry meters;

    HttpDriver http;

    @BeforeEach
    void setUp() {
        http = new HttpDriver(port);
        await().atMost(Duration.ofSeconds(10)).until(() -> journalBytes() == 0);
        mongo.remove(new Query(), "inbox");
    }

    @Test
    void everyAcknowledgedEventReachesTheInboxOnceAndTheMovedJournalIsDeleted() throws IOException {
        byte[] body = Files.readAllBytes(SharedFiles.resolve("line-fixtures/webhook/text-group.json"));
        HttpResponse<String> response = http.postCallback(body, WebhookSigner.sign(SECRET, body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inbox()).hasSize(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> journalBytes() == 0);
    }

    @Test
    void theEmbeddedStoreDoesNotTimeEachDriverCommand() {
        assertThat(mongo.getCollection("inbox").countDocuments()).isNotNegative();
        // Spring Boot's listener would have timed the count above (and every command of the set-up) by now.
        assertThat(meters.find("mongodb.driver.commands").timers()).isEmpty();
    }

    @Test
    void aRedeliveredEventJournaledTwiceIsStoredOnce() throws IOException {
        byte[] redelivery = Files.readAllBytes(SharedFiles.resolve("line-fixtures/webhook/webhook-redelivery.json"));
        String first = new String(redelivery, StandardCharsets.UTF_8).replace("\"isRedelivery\": true", "\"isRedelivery\": false");

        assertThat(http.postSignedCallback(SECRET, first).statusCode()).isEqualTo(200);
        assertThat(http.postCallback(redelivery, WebhookSigner.sign(SECRET, redelivery)).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> journalBytes() == 0);
        assertThat(inbox()).singleElement().satisfies(entry ->
                assertThat(entry.getString("_id")).isEqualTo("01G2KZKG2DS765NMRH3GZFD8AP"));
    }

    @Test
    void aRefusedRequestIsNotJournaled() throws IOException {
        long before = journalBytes();
        byte[] body = Files.readAllBytes(SharedFiles.resolve("line-fixtures/webhook/text-group.json"));

        assertThat(http.postCallback(body, WebhookSigner.sign("some-other-secret", body)).statusCode()).isEqualTo(401);
        assertThat(http.postCallback("{not json".getBytes(StandardCharsets.UTF_8), WebhookSigner.sign(SECRET, "{not json")).statusCode())
                .isEqualTo(400);

        assertThat(journalBytes()).isEqualTo(before);
        assertThat(inbox()).isEmpty();
    }

    List<Document> inbox() {
        return mongo.findAll(Document.class, "inbox");
    }

    /** Bytes in the journal's segments (0 once everything was moved and the segments deleted). */
    static long journalBytes() {
        return DataFolders.bytesIn(DATA.resolve("inbox-journal"));
    }
}
