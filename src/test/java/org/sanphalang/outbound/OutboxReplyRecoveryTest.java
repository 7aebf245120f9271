package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.internal.OutboxDispatcher;
import org.sanphalang.outbound.internal.OutboxEntry;
import org.sanphalang.testing.Fault;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A reply cannot carry a retry key, so a sender that died during the call leaves the entry TRYING. The next
 * sender replies again with the same token: LINE takes it if the first never arrived, or says the token is used
 * — and then the message was sent, so it must not be pushed as well.
 */
class OutboxReplyRecoveryTest extends OutboxContext {

    static final String REPLY = "/v2/bot/message/reply";

    @Autowired
    MessagingApiClient line;

    @Test
    void aReplyCutOffByACrashIsRepliedAgainWhileTheTokenIsFresh() throws Exception {
        mongo.insert(interruptedReply("crashed-before-line", group(6, 1), "token-unused", OutboxEntry.ReplyState.TRYING));
        dispatcher.wake();
        awaitDrained(Duration.ofSeconds(15));

        Document entry = entry("crashed-before-line");
        assertThat(entry.getString("status")).isEqualTo("SENT");
        assertThat(entry.getString("via")).isEqualTo("reply");
        assertThat(LINE.requests("POST", REPLY)).extracting(r -> r.json().path("replyToken").asText())
                .containsExactly("token-unused");
        assertThat(LINE.requests("POST", PUSH)).isEmpty();
        LINE.assertNoViolations();
    }

    @Test
    void aReplyLineAlreadyTookBeforeTheCrashCountsAsSentAndIsNotPushed() throws Exception {
        // the first sender's reply reached LINE; then the process died before recording it
        line.replyMessage(new ReplyMessageRequest("token-used", text("สวัสดี"), false)).get();
        mongo.insert(interruptedReply("crashed-after-line", group(6, 2), "token-used", OutboxEntry.ReplyState.TRYING));
        dispatcher.wake();
        awaitDrained(Duration.ofSeconds(15));

        Document entry = entry("crashed-after-line");
        assertThat(entry.getString("status")).isEqualTo("SENT");
        assertThat(entry.getString("via")).isEqualTo("reply");
        assertThat(LINE.requests("POST", REPLY)).extracting(r -> r.status()).containsExactly(200, 400);
        assertThat(LINE.requests("POST", REPLY).get(1).responseBody()).contains("Invalid reply token");
        assertThat(LINE.requests("POST", PUSH)).isEmpty();
        LINE.assertNoViolations();
    }

    @Test
    void aTokenRefusedOnTheFirstTryIsNotTakenAsSentButPushed() throws Exception {
        // the contrast: READY (never tried) with a used token means this message never went
        line.replyMessage(new ReplyMessageRequest("token-taken-elsewhere", text("อื่น"), false)).get();
        mongo.insert(interruptedReply("never-tried", group(6, 3), "token-taken-elsewhere", OutboxEntry.ReplyState.READY));
        dispatcher.wake();
        awaitDrained(Duration.ofSeconds(15));

        Document entry = entry("never-tried");
        assertThat(entry.getString("status")).isEqualTo("SENT");
        assertThat(entry.getString("via")).isEqualTo("push");
        assertThat(LINE.requests("POST", PUSH)).hasSize(1);
        LINE.assertNoViolations();
    }

    @Test
    void aReplyIsStoredAsTryingTogetherWithItsLeaseBeforeLineIsCalled() {
        // The lease is held in memory until the entry's first change (EmbeddedQueries.leaseAll): the TRYING mark must
        // write it, so that a crash during the call leaves an entry the next sender finds leased and TRYING.
        LINE.inject(Fault.slow(Duration.ofMillis(800)).on("POST", REPLY));

        outbox.enqueue(OutgoingMessage.reply("reply-in-flight", group(6, 4), "token-in-flight", Instant.now(), "welcome",
                text("ยินดีต้อนรับ")));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> "TRYING".equals(entry("reply-in-flight").getString("reply")));
        Document trying = entry("reply-in-flight");
        assertThat(LINE.requests("POST", REPLY)).as("the reply is still on its way").isEmpty();
        assertThat(trying).containsEntry("status", "SENDING").containsEntry("attempts", 1).containsKey("leaseUntil");
        awaitDrained(Duration.ofSeconds(15));
        assertThat(entry("reply-in-flight")).containsEntry("status", "SENT").containsEntry("via", "reply").containsEntry("attempts", 1);
        assertThat(LINE.requests("POST", PUSH)).isEmpty();
        LINE.assertNoViolations();
    }

    /** As a sender leaves an entry when it dies: claimed (lease run out) in reply state {@code state}. */
    static OutboxEntry interruptedReply(String key, String to, String token, OutboxEntry.ReplyState state) throws Exception {
        String json = ModelObjectMapper.createNewObjectMapper().writerFor(OutboxDispatcher.MESSAGE_LIST)
                .writeValueAsString(text("ยินดีต้อนรับ"));
        Instant now = Instant.now();
        return new OutboxEntry(key, UUID.randomUUID().toString(), to, token, now.plusSeconds(40), json, null, 1, "welcome",
                OutboxEntry.Status.SENDING, state, 1, now.minusSeconds(5), now.minusSeconds(5), now.minusSeconds(1),
                null, null, null, null, OutboxEntry.Kind.PUSH, null);
    }
}
