package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.OutboundSettings;
import org.sanphalang.store.EmbeddedQueries;
import org.sanphalang.testing.Fault;
import org.sanphalang.testing.RecordedRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A sender makes a push and goes on to the next message, so a fan-out is bounded by the calls allowed in flight, not
 * by its sender threads ÷ LINE's round trip: one sender keeps all of them busy while LINE is slow to answer, and no
 * more. Stopping waits for the answers to calls already made.
 */
class CallsInFlightTest extends StandaloneDispatcherTest {

    static final String PUSH = "/v2/bot/message/push";
    static final String REPLY = "/v2/bot/message/reply";
    static final int CALLS = 4;

    @Autowired
    OutboxDispatcher contextDispatcher;

    OutboxDispatcher dispatcher;

    @BeforeEach
    void onlyThisTestsDispatcherSends() {
        // The context's own would take these entries over at its next sweep.
        contextDispatcher.stop();
        LINE.delay(Duration.ofMillis(300));
        dispatcher = standaloneDispatcher(queries, oneSender(CALLS));
    }

    @AfterEach
    void backToTheContextsDispatcher() {
        dispatcher.stop();
        LINE.clearFaults();
        contextDispatcher.start();
    }

    @Test
    void oneSenderKeepsAsManyPushesInFlightAsAllowedAndEachIsSentOnce() {
        List<OutboxEntry> entries = stored(12);

        sendAll(entries);
        // A sender that waited for each answer would have kept one in flight. The stand-in counts an answer until its
        // handler returns, which may be just after the bot has read it and made its next call: hence the one more.
        assertThat(LINE.mostInFlight()).as("one sender, %s calls allowed in flight", CALLS).isBetween(CALLS, CALLS + 1);
        Map<String, Long> pushesPerGroup = pushesTo(entries).stream().collect(Collectors.groupingBy(r -> r.json().path("to").asText(),
                Collectors.counting()));
        assertThat(pushesPerGroup).containsOnlyKeys(entries.stream().map(OutboxEntry::to).toList()).allSatisfy((group, n) ->
                assertThat(n).as(group).isOne());
        LINE.assertNoViolations();
    }

    @Test
    void stoppingWaitsUntilTheAnswersToPushesAlreadyMadeAreRecorded() {
        List<OutboxEntry> entries = stored(12);
        Map<String, OutboxEntry> byGroup = entries.stream().collect(Collectors.toMap(OutboxEntry::to, Function.identity()));

        dispatcher.start();
        dispatcher.stored(entries);
        await().atMost(Duration.ofSeconds(10)).until(() -> pushesTo(entries).size() >= CALLS);
        dispatcher.stop();

        List<RecordedRequest> made = pushesTo(entries);
        assertThat(made).hasSizeBetween(CALLS, entries.size());
        assertThat(made).allSatisfy(push -> assertThat(mongo.findById(byGroup.get(push.json().path("to").asText()).id(),
                OutboxEntry.class).status()).as("pushed before the stop returned").isEqualTo(OutboxEntry.Status.SENT));
    }

    @Test
    void aPushNotAnsweredWithinTheCallTimeoutGivesItsRoomBackAndIsMadeAgainWithItsKey() {
        LINE.clearFaults();
        LINE.inject(Fault.slow(Duration.ofMillis(1500)).on("POST", PUSH).times(1));
        dispatcher = standaloneDispatcher(queries, oneSender(1, Duration.ofMillis(300)));
        List<OutboxEntry> entries = stored(1);

        OutboxEntry sent = sendAll(entries).get(0);
        assertThat(sent.attempts()).as("timed out once, then made again in the one call's room").isEqualTo(2);
        assertThat(sent.lastError()).contains("timed out after PT0.3S");
        // The late answer to the first comes after the second was made: LINE accepts one of them, 409 to the other.
        await().atMost(Duration.ofSeconds(5)).until(() -> pushesTo(entries).size() == 2);
        assertThat(pushesTo(entries)).extracting(r -> r.header("X-Line-Retry-Key")).containsOnly(entries.get(0).retryKey());
        assertThat(pushesTo(entries)).extracting(RecordedRequest::status).containsExactlyInAnyOrder(200, 409);
    }

    @Test
    void oneSenderKeepsAsManyRepliesInFlightAsAllowedAndEachIsRepliedOnce() {
        List<OutboxEntry> entries = storedReplies(12);

        sendAll(entries);
        assertThat(LINE.mostInFlight()).as("one sender, %s calls allowed in flight", CALLS).isBetween(CALLS, CALLS + 1);
        assertThat(repliesTo(entries)).extracting(r -> r.json().path("replyToken").asText())
                .containsExactlyInAnyOrderElementsOf(entries.stream().map(OutboxEntry::replyToken).toList());
        assertThat(repliesTo(entries)).extracting(RecordedRequest::status).containsOnly(200);
        assertThat(entries).allSatisfy(e -> assertThat(mongo.findById(e.id(), OutboxEntry.class).via()).isEqualTo("reply"));
        assertThat(pushesTo(entries)).isEmpty();
        LINE.assertNoViolations();
    }

    @Test
    void aReplyAnsweredTooLateIsRepliedAgainWithItsTokenAndNotPushed() {
        // LINE takes the first reply after the bot stopped waiting for it: a push now would say it twice.
        List<OutboxEntry> entries = oneReplyWhoseFirstTryLineAnswers(Fault.slow(Duration.ofMillis(1500)));

        OutboxEntry sent = sendAll(entries).get(0);
        assertThat(sent.via()).isEqualTo("reply");
        assertThat(sent.lastError()).contains("timed out after PT0.3S");
        await().atMost(Duration.ofSeconds(5)).until(() -> repliesTo(entries).size() == 2);
        assertThat(repliesTo(entries)).extracting(RecordedRequest::status).as("one taken, the other refused as used")
                .containsExactlyInAnyOrder(200, 400);
        assertThat(pushesTo(entries)).isEmpty();
    }

    @Test
    void aReplyThatNeverReachedLineIsRepliedAgainWithItsToken() {
        List<OutboxEntry> entries = oneReplyWhoseFirstTryLineAnswers(Fault.timeout(Duration.ofMillis(600)));

        OutboxEntry sent = sendAll(entries).get(0);
        assertThat(sent.via()).isEqualTo("reply");
        assertThat(sent.attempts()).as("timed out once, then replied").isEqualTo(2);
        // The stand-in records the dropped one when it drops it.
        await().atMost(Duration.ofSeconds(5)).until(() -> repliesTo(entries).size() == 2);
        assertThat(repliesTo(entries)).extracting(RecordedRequest::status).containsOnlyOnce(200);
        assertThat(pushesTo(entries)).isEmpty();
    }

    @Test
    void aReplyRefusedOutrightIsPushedOnceByTheNextTurn() {
        LINE.clearFaults();
        List<OutboxEntry> entries = storedReplies(1);
        LINE.inject(Fault.status(400, "{\"message\":\"Invalid reply token\"}").on("POST", REPLY).times(1));

        OutboxEntry sent = sendAll(entries).get(0);
        assertThat(sent.via()).isEqualTo("push");
        assertThat(sent.reply()).isEqualTo(OutboxEntry.ReplyState.FAILED);
        assertThat(sent.attempts()).as("the refused reply put it back without counting an attempt").isEqualTo(1);
        assertThat(repliesTo(entries)).hasSize(1);
        assertThat(pushesTo(entries)).singleElement().satisfies(push -> assertThat(push.header("X-Line-Retry-Key"))
                .isEqualTo(entries.get(0).retryKey()));
        LINE.assertNoViolations();
    }

    @Test
    void anAcceptanceTheStoreFailedToRecordIsPushedAgainUnderItsKeyAndCountsAsSent() {
        // The recorder's group of settles fails once (the store unreachable for a moment): each call's room is given
        // back, the lease runs out, and the push is made again under its key, which LINE answers 409 — sent.
        LINE.clearFaults();
        EmbeddedQueries failingOnce = spy(queries);
        AtomicBoolean failed = new AtomicBoolean();
        doAnswer(call -> {
            Update update = call.getArgument(3);
            Document set = update.getUpdateObject().get("$set", Document.class);
            if (set != null && set.get("status") == OutboxEntry.Status.SENT && failed.compareAndSet(false, true)) {
                throw new DataAccessResourceFailureException("the store is unreachable");
            }
            return call.callRealMethod();
        }).when(failingOnce).compareAndUpdateAll(any(), any(), anyList(), any(Update.class));
        dispatcher = standaloneDispatcher(failingOnce, settings(1, CALLS, settings.callTimeout(), Duration.ofSeconds(1),
                Duration.ofMillis(300)));
        List<OutboxEntry> entries = stored(3);

        sendAll(entries);
        assertThat(failed).isTrue();
        Map<String, List<Integer>> answersPerGroup = pushesTo(entries).stream().collect(Collectors.groupingBy(
                r -> r.json().path("to").asText(), Collectors.mapping(RecordedRequest::status, Collectors.toList())));
        assertThat(answersPerGroup.values()).as("accepted once each; a push made again was answered 409")
                .allSatisfy(statuses -> assertThat(statuses).containsOnlyOnce(200).allMatch(s -> s == 200 || s == 409))
                .anySatisfy(statuses -> assertThat(statuses).contains(409));
        LINE.assertNoViolations();
    }

    /** Starts this test's dispatcher, hands it the entries and waits until all are sent: as stored then. */
    private List<OutboxEntry> sendAll(List<OutboxEntry> entries) {
        dispatcher.start();
        dispatcher.stored(entries);
        await().atMost(Duration.ofSeconds(20)).until(() -> entries.stream()
                .allMatch(e -> mongo.findById(e.id(), OutboxEntry.class).status() == OutboxEntry.Status.SENT));
        return entries.stream().map(e -> mongo.findById(e.id(), OutboxEntry.class)).toList();
    }

    /** This test's replies. */
    private static List<RecordedRequest> repliesTo(List<OutboxEntry> entries) {
        Set<String> tokens = entries.stream().map(OutboxEntry::replyToken).collect(Collectors.toSet());
        return LINE.requests("POST", REPLY).stream().filter(r -> tokens.contains(r.json().path("replyToken").asText())).toList();
    }

    /** This test's pushes (a sweep may also find what an earlier test left unsent). */
    private static List<RecordedRequest> pushesTo(List<OutboxEntry> entries) {
        Set<String> groups = entries.stream().map(OutboxEntry::to).collect(Collectors.toSet());
        return LINE.requests("POST", PUSH).stream().filter(r -> groups.contains(r.json().path("to").asText())).toList();
    }

    private List<OutboxEntry> stored(int n) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<OutboxEntry> entries = IntStream.range(0, n).mapToObj(i -> new OutboxEntry("in-flight-" + UUID.randomUUID(),
                UUID.randomUUID().toString(), id("C"), null, null, "[{\"type\":\"text\",\"text\":\"สวัสดี\"}]", null, 1, "test",
                OutboxEntry.Status.PENDING, OutboxEntry.ReplyState.NONE, 0, now, now, null, null, null, null, null,
                OutboxEntry.Kind.PUSH, null)).toList();
        queries.insertNew(mongo, OutboxEntry.COLLECTION, durable.writeConcern(), entries, OutboxEntry::id, OutboxEntry.Status.PENDING);
        return entries;
    }

    /** One reply, for one sender that waits 300 ms for LINE's answer; LINE's first answer to a reply is {@code first}. */
    private List<OutboxEntry> oneReplyWhoseFirstTryLineAnswers(Fault first) {
        LINE.clearFaults();
        LINE.inject(first.on("POST", REPLY).times(1));
        dispatcher = standaloneDispatcher(queries, oneSender(1, Duration.ofMillis(300)));
        return storedReplies(1);
    }

    /** Replies to group messages just received: their tokens fresh, never tried. */
    private List<OutboxEntry> storedReplies(int n) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<OutboxEntry> entries = IntStream.range(0, n).mapToObj(i -> new OutboxEntry("reply-in-flight-" + UUID.randomUUID(),
                UUID.randomUUID().toString(), id("C"), "token-" + UUID.randomUUID(), now.plusSeconds(50),
                "[{\"type\":\"text\",\"text\":\"บันทึกแล้ว\"}]", null, 1, "test", OutboxEntry.Status.PENDING,
                OutboxEntry.ReplyState.READY, 0, now, now, null, null, null, null, null, OutboxEntry.Kind.PUSH, null)).toList();
        queries.insertNew(mongo, OutboxEntry.COLLECTION, durable.writeConcern(), entries, OutboxEntry::id, OutboxEntry.Status.PENDING);
        return entries;
    }

    private OutboundSettings oneSender(int callsInFlight) {
        return oneSender(callsInFlight, settings.callTimeout());
    }

    private OutboundSettings oneSender(int callsInFlight, Duration callTimeout) {
        return settings(1, callsInFlight, callTimeout, settings.lease(), settings.sweepInterval());
    }

    private OutboundSettings settings(int workers, int callsInFlight, Duration callTimeout, Duration lease, Duration sweepInterval) {
        return new OutboundSettings(workers, settings.pollInterval(), sweepInterval, lease, settings.replyWindow(),
                settings.maxAttempts(), settings.retryBackoff(), settings.maxBackoff(), settings.retryKeyLifetime(),
                callTimeout, settings.rateLimits(), settings.quotaCache(), settings.sentRetention(), callsInFlight);
    }
}
