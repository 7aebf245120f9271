package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.linecorp.bot.jackson.ModelObjectMapper;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.internal.OutboxDispatcher;
import org.sanphalang.outbound.internal.OutboxEntry;
import org.sanphalang.testing.Fault;
import org.sanphalang.testing.RecordedRequest;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** Pushes against a LINE that fails often, refuses some messages for good, and forgets retry keys after a day. */
class OutboxFaultToleranceTest extends OutboxContext {

    static final int FANOUT = 1_000;

    @Test
    void aThousandPushesThroughRandom5xxAnd429AreEachAcceptedExactlyOnce() {
        LINE.failRandomly(0.2, 0.1, 20_260_301L);
        long started = System.nanoTime();

        for (int i = 0; i < FANOUT; i++) {
            assertThat(outbox.enqueue(OutgoingMessage.push("fanout:" + i, group(1, i), "fanout-test",
                    text("ข่าวกลุ่ม " + i)))).isTrue();
        }
        awaitDrained(Duration.ofSeconds(120));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Map<String, Integer> accepted = LINE.acceptedRetryKeys();
        assertThat(accepted).hasSize(FANOUT);
        assertThat(accepted.values()).as("requests per accepted key").containsOnly(1);
        assertThat(LINE.acceptedCount()).isEqualTo(FANOUT);
        List<RecordedRequest> pushes = LINE.requests("POST", PUSH);
        Set<String> reached = pushes.stream().filter(r -> r.status() == 200).map(r -> r.json().path("to").asText())
                .collect(Collectors.toSet());
        assertThat(reached).hasSize(FANOUT);
        // every stored retry key is the one LINE accepted: nothing was re-keyed
        assertThat(mongo.findAll(Document.class, "outbox")).extracting(d -> d.getString("retryKey"))
                .containsExactlyInAnyOrderElementsOf(accepted.keySet());
        assertThat(count("SENT")).isEqualTo(FANOUT);
        assertThat(mongo.findAll(Document.class, "outbox")).as("settled together, each with its time and way")
                .allSatisfy(d -> assertThat(d).containsEntry("via", "push").containsKey("sentAt").doesNotContainKey("leaseUntil"));
        assertThat(count("DEAD")).isZero();
        long faulted = pushes.stream().filter(r -> r.fault() != null).count();
        assertThat(faulted).as("faults injected").isGreaterThan(FANOUT / 5);
        LINE.assertNoViolations();
        System.out.printf("1,000 pushes with %d injected faults (%d requests) took %d ms%n", faulted, pushes.size(),
                took.toMillis());
    }

    @Test
    void aMessageLineRefusesForGoodIsDeadLetteredWithLinesErrorAndTheOthersStillGo() {
        LINE.inject(Fault.rejectBodiesContaining("ยาพิษ"));

        outbox.enqueue(OutgoingMessage.push("poison", group(2, 0), "fanout-test", text("ยาพิษ: rejected by LINE")));
        for (int i = 1; i <= 30; i++) {
            outbox.enqueue(OutgoingMessage.push("fine:" + i, group(2, i), "fanout-test", text("ข่าว " + i)));
        }
        awaitDrained(Duration.ofSeconds(30));

        Document poison = entry("poison");
        assertThat(poison.getString("status")).isEqualTo("DEAD");
        assertThat(poison.getString("lastError")).startsWith("400 ")
                .contains("Rejected by the stand-in: body contains a rejected marker");
        assertThat(LINE.requests("POST", PUSH).stream().filter(r -> r.body().contains("ยาพิษ")))
                .as("a permanent refusal is not retried").hasSize(1);
        assertThat(count("SENT")).isEqualTo(30);
        assertThat(LINE.acceptedCount()).isEqualTo(30);
        LINE.assertNoViolations();
        // What was said is kept only where it may be sent again (the dead letter), not in what LINE accepted.
        assertThat(poison.getString("messages")).contains("ยาพิษ");
        assertThat(entry("fine:7")).doesNotContainKey("messages").containsEntry("messageCount", 1).containsEntry("status", "SENT");
    }

    @Test
    void aPushStillUnsentADayAfterItsFirstAttemptIsDeadLetteredNotReKeyed() throws Exception {
        Instant now = Instant.now();
        mongo.insert(unsentPush("expired", group(3, 1), now.minus(Duration.ofHours(24)).minusSeconds(60)));
        mongo.insert(unsentPush("still-valid", group(3, 2), now.minus(Duration.ofHours(23))));
        dispatcher.wake();
        awaitDrained(Duration.ofSeconds(15));

        Document expired = entry("expired");
        assertThat(expired.getString("status")).isEqualTo("DEAD");
        assertThat(expired.getString("lastError")).contains("retry key's lifetime");
        assertThat(LINE.requests("POST", PUSH)).extracting(r -> r.json().path("to").asText())
                .containsExactly(group(3, 2));
        Document valid = entry("still-valid");
        assertThat(valid.getString("status")).isEqualTo("SENT");
        assertThat(LINE.acceptedRetryKeys()).containsOnlyKeys(valid.getString("retryKey"));
        LINE.assertNoViolations();
    }

    @Test
    void aSentMessagePutBackByHandIsDeadLetteredNotSentEmpty() {
        outbox.enqueue(OutgoingMessage.push("again", group(4, 1), "fanout-test", text("ครั้งเดียว")));
        awaitDrained(Duration.ofSeconds(15));
        assertThat(entry("again").getString("status")).isEqualTo("SENT");
        mongo.updateFirst(Query.query(Criteria.where("_id").is("again")),
                new Update().set("status", "PENDING").set("dueAt", Instant.now()), "outbox");
        dispatcher.wake();

        await().atMost(Duration.ofSeconds(15)).until(() -> "DEAD".equals(entry("again").getString("status")));
        assertThat(entry("again").getString("lastError")).contains("no messages");
        assertThat(LINE.requests("POST", PUSH)).hasSize(1);
        LINE.assertNoViolations();
    }

    /** A push tried before (a 5xx at {@code firstPushAt}) and waiting for its next attempt. */
    static OutboxEntry unsentPush(String key, String to, Instant firstPushAt) throws Exception {
        String json = ModelObjectMapper.createNewObjectMapper().writerFor(OutboxDispatcher.MESSAGE_LIST)
                .writeValueAsString(text("ข่าวเก่า"));
        Instant now = Instant.now();
        return new OutboxEntry(key, UUID.randomUUID().toString(), to, null, null, json, null, 1, "fanout-test",
                OutboxEntry.Status.PENDING, OutboxEntry.ReplyState.NONE, 3, firstPushAt, now, null, firstPushAt,
                null, null, "500 Internal server error", OutboxEntry.Kind.PUSH, null);
    }
}
