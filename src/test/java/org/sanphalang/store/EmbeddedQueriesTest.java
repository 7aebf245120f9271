package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sanphalang.testing.ListenedMongo;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

class EmbeddedQueriesTest {

    static ListenedMongo db;
    static MongoTemplate mongo;
    static final List<String> COMMANDS = java.util.Collections.synchronizedList(new ArrayList<>());

    final EmbeddedQueries embedded = new EmbeddedQueries(true);

    @BeforeAll
    static void start() {
        db = ListenedMongo.recordingCommandNames(COMMANDS);
        mongo = db.template("queries");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 12_345; i++) {
            // due times run backwards, so stored order and due order differ
            docs.add(new Document("_id", "e" + i).append("status", i % 3 == 0 ? "DONE" : "PENDING").append("dueAt", 100_000 - i));
        }
        mongo.insert(docs, "work");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void countsOnTheEmbeddedStoreAgreeWithTheServersOwnCountAcrossManyBatches() {
        Query pending = new Query(where("status").is("PENDING"));

        assertThat(embedded.count(mongo, pending, "work")).isEqualTo(mongo.count(pending, "work")).isEqualTo(8_230);
        assertThat(embedded.count(mongo, new Query(where("status").is("GONE")), "work")).isZero();
    }

    @Test
    void aSweepOnTheEmbeddedStoreReadsInStoredOrderUpToItsLimit() {
        Query sweep = new Query(where("status").is("PENDING")).with(embedded.sweepOrder("dueAt")).limit(3);

        assertThat(mongo.find(sweep, Document.class, "work")).extracting(d -> d.getString("_id")).containsExactly("e1", "e2", "e4");
    }

    enum State { PENDING, SENDING, DONE }

    @ParameterizedTest(name = "embedded: {0}")
    @ValueSource(booleans = {true, false})
    void aCompareAndSetChangesTheDocumentOnlyInTheStateItWasSeenIn(boolean onEmbeddedStore) {
        EmbeddedQueries queries = new EmbeddedQueries(onEmbeddedStore);
        String id = "cas-" + onEmbeddedStore;
        pending(id, 0);
        Update lease = lease();

        assertThat(queries.compareAndSet(mongo, Cas.class, id, State.PENDING, 1, lease)).as("wrong attempts").isNull();
        assertThat(queries.compareAndSet(mongo, Cas.class, id, State.SENDING, 0, lease)).as("wrong status").isNull();
        assertThat(queries.compareAndSet(mongo, Cas.class, "missing", State.PENDING, 0, lease)).isNull();
        Cas leased = queries.compareAndSet(mongo, Cas.class, id, State.PENDING, 0, lease);
        assertThat(leased).isEqualTo(new Cas(id, "SENDING", 1));
        assertThat(queries.compareAndSet(mongo, Cas.class, id, State.PENDING, 0, lease)).as("a second lease of the same state").isNull();
        assertThat(mongo.findById(id, Document.class, "cas").getInteger("attempts")).isEqualTo(1);
    }

    @Test
    void aSettleOfALeaseThisProcessTookWritesWithoutReadingTheStateFirst() {
        pending("known", 0);
        Update lease = lease();
        COMMANDS.clear();
        assertThat(embedded.compareAndSet(mongo, Cas.class, "known", State.PENDING, 0, lease)).isNotNull();
        assertThat(COMMANDS).as("a state not seen before is read").containsExactly("find", "findAndModify");

        COMMANDS.clear();
        Cas done = embedded.compareAndSet(mongo, Cas.class, "known", State.SENDING, 1,
                new Update().set("status", "DONE"));

        assertThat(done).isEqualTo(new Cas("known", "DONE", 1));
        assertThat(COMMANDS).containsExactly("findAndModify");
        COMMANDS.clear();
        assertThat(embedded.compareAndSet(mongo, Cas.class, "known", State.SENDING, 1, lease)).as("settled already").isNull();
        assertThat(COMMANDS).as("a state other than the one known is read: it may have been stored again").containsExactly("find");
    }

    @ParameterizedTest(name = "embedded: {0}")
    @ValueSource(booleans = {true, false})
    void aSettleThatNeedsNoDocumentBackUpdatesOnlyInTheLeasedStateAndFetchesNothing(boolean onEmbeddedStore) {
        EmbeddedQueries queries = new EmbeddedQueries(onEmbeddedStore);
        String id = "settle-" + onEmbeddedStore;
        leasedOnce(queries, id);
        COMMANDS.clear();

        assertThat(queries.compareAndUpdate(mongo, Cas.class, id, State.SENDING, 2, new Update().set("status", "DONE")))
                .as("another attempt's lease").isFalse();
        assertThat(queries.compareAndUpdate(mongo, Cas.class, "missing", State.SENDING, 1, new Update().set("status", "DONE"))).isFalse();
        COMMANDS.clear();
        assertThat(queries.compareAndUpdate(mongo, Cas.class, id, State.SENDING, 1, new Update().set("status", "DONE"))).isTrue();

        assertThat(COMMANDS).as("an update, no findAndModify returning the entry" + (onEmbeddedStore ? ", no read of a state this process left" : ""))
                .containsExactly("update");
        Document stored = mongo.findById(id, Document.class, "cas");
        assertThat(stored.getString("status")).isEqualTo("DONE");
        assertThat(stored.getInteger("attempts")).isEqualTo(1);
        assertThat(queries.compareAndUpdate(mongo, Cas.class, id, State.SENDING, 1, new Update().set("status", "PENDING")))
                .as("settled already").isFalse();
        assertThat(queries.compareAndSet(mongo, Cas.class, id, State.DONE, 1, new Update().set("status", "ARCHIVED")))
                .as("the state the settle left is known").isEqualTo(new Cas(id, "ARCHIVED", 1));
    }

    @Test
    void theFirstClaimOfAnEntryThisProcessInsertedWritesWithoutReadingAndAKeyAlreadyThereIsADuplicate() {
        List<Cas> entries = List.of(new Cas("fresh", "PENDING", 0), new Cas("fresh2", "PENDING", 0));
        assertThat(embedded.insertNew(mongo, "cas", com.mongodb.WriteConcern.ACKNOWLEDGED, entries, Cas::id, State.PENDING))
                .containsExactly(EmbeddedQueries.Inserted.NEW, EmbeddedQueries.Inserted.NEW);
        assertThat(embedded.insertNew(mongo, "cas", com.mongodb.WriteConcern.ACKNOWLEDGED,
                List.of(new Cas("fresh", "SENDING", 7), new Cas("fresh3", "PENDING", 0)), Cas::id, State.PENDING))
                .containsExactly(EmbeddedQueries.Inserted.DUPLICATE, EmbeddedQueries.Inserted.NEW);
        COMMANDS.clear();

        assertThat(embedded.compareAndSet(mongo, Cas.class, "fresh", State.PENDING, 0,
                new Update().set("status", "SENDING").inc("attempts", 1)))
                .isEqualTo(new Cas("fresh", "SENDING", 1));
        assertThat(COMMANDS).containsExactly("findAndModify");
    }

    @Test
    void aBacklogFoundByASweepIsClaimedWithoutASecondRead() {
        for (int i = 0; i < 3; i++) {
            pending("swept" + i, i);
        }
        Query due = new Query(where("_id").regex("^swept"));
        due.fields().include("status").include("attempts");
        assertThat(embedded.sweep(mongo, due, "cas")).hasSize(3);
        COMMANDS.clear();

        for (int i = 0; i < 3; i++) {
            assertThat(embedded.compareAndSet(mongo, Cas.class, "swept" + i, State.PENDING, i,
                    new Update().set("status", "SENDING").inc("attempts", 1))).isNotNull();
        }
        assertThat(COMMANDS).containsExactly("findAndModify", "findAndModify", "findAndModify");
    }

    @Test
    void aStateReadWithoutTheLockAfterTheEntryWasLeasedDoesNotLetItBeLeasedTwice() {
        long before = embedded.epoch();
        pending("late", 0);
        Update lease = lease();
        // inserted (or read by a sweep) as PENDING, then leased by a sender before that reading was remembered
        assertThat(embedded.compareAndSet(mongo, Cas.class, "late", State.PENDING, 0, lease)).isNotNull();
        embedded.rememberUnlocked("cas", "late", new EmbeddedQueries.State("PENDING", 0), before);

        assertThat(embedded.compareAndSet(mongo, Cas.class, "late", State.PENDING, 0, lease)).isNull();
        assertThat(mongo.findById("late", Document.class, "cas").getInteger("attempts")).isEqualTo(1);
    }

    @Test
    void aStateReadWithoutTheLockIsNotTakenForTheLatestAfterAWriteThatDidNotSayWhatItLeft() {
        long before = embedded.epoch();
        pending("vague", 0);
        // read as PENDING (by a sweep, say), then leased by a write whose outcome is not plain from it ($max)
        assertThat(embedded.compareAndUpdate(mongo, Cas.class, "vague", State.PENDING, 0,
                new Update().set("status", "SENDING").max("attempts", 1))).isTrue();
        embedded.rememberUnlocked("cas", "vague", new EmbeddedQueries.State("PENDING", 0), before);

        assertThat(embedded.compareAndSet(mongo, Cas.class, "vague", State.PENDING, 0, lease())).as("leased already").isNull();
        assertThat(mongo.findById("vague", Document.class, "cas").getInteger("attempts")).isEqualTo(1);
    }

    @Test
    void aLeaseReturningTheEntryAsItWasStillKnowsTheStateItLeftForItsSettle() {
        pending("old", 2);
        Update lease = new Update()
                .set("status", State.SENDING).inc("attempts", 1).min("firstTriedAt", 5);

        Cas before = embedded.compareAndSetReturningOld(mongo, Cas.class, "old", State.PENDING, 2, lease);
        COMMANDS.clear();
        Cas done = embedded.compareAndSet(mongo, Cas.class, "old", State.SENDING, 3,
                new Update().set("status", "DONE"));

        assertThat(before).isEqualTo(new Cas("old", "PENDING", 2));
        assertThat(done).isEqualTo(new Cas("old", "DONE", 3));
        assertThat(COMMANDS).containsExactly("findAndModify");
    }

    @Test
    void statesForgottenForRoomAreReadAgainAndAStateReadAcrossTheForgettingIsNotRemembered() {
        EmbeddedQueries small = new EmbeddedQueries(true, 3);
        Update lease = lease();
        long before = small.epoch();
        for (int i = 0; i < 4; i++) {
            pending("room" + i, 0);
        }
        for (int i = 0; i < 4; i++) {
            small.compareAndSet(mongo, Cas.class, "room" + i, State.PENDING, 0, lease); // the fourth id clears the first three
        }
        pending("room-late", 0);
        small.rememberUnlocked("cas", "room-late", new EmbeddedQueries.State("PENDING", 0), before);
        COMMANDS.clear();

        assertThat(small.compareAndSet(mongo, Cas.class, "room0", State.SENDING, 1, lease)).isEqualTo(new Cas("room0", "SENDING", 2));
        assertThat(small.compareAndSet(mongo, Cas.class, "room3", State.SENDING, 1, lease)).isEqualTo(new Cas("room3", "SENDING", 2));
        assertThat(small.compareAndSet(mongo, Cas.class, "room-late", State.PENDING, 0, lease)).isNotNull();
        assertThat(COMMANDS).as("room0 forgotten: read; room3 remembered; room-late's reading straddled the forgetting: read")
                .containsExactly("find", "findAndModify", "findAndModify", "find", "findAndModify");
    }

    @Test
    void aHolderWhoseLeaseWasTakenOverCannotSettleIt() {
        pending("taken", 0);
        Update lease = lease();
        embedded.compareAndSet(mongo, Cas.class, "taken", State.PENDING, 0, lease);
        // its lease ran out and a sweep's sender took it again
        assertThat(embedded.compareAndSet(mongo, Cas.class, "taken", State.SENDING, 1, lease)).isEqualTo(new Cas("taken", "SENDING", 2));

        assertThat(embedded.compareAndSet(mongo, Cas.class, "taken", State.SENDING, 1,
                new Update().set("status", "DONE"))).isNull();
        assertThat(mongo.findById("taken", Document.class, "cas").getString("status")).isEqualTo("SENDING");
    }

    @Test
    void anEntryPurgedAndStoredAgainIsReadBeforeItIsChanged() {
        pending("again", 0);
        Update lease = lease();
        embedded.compareAndSet(mongo, Cas.class, "again", State.PENDING, 0, lease);
        embedded.compareAndSet(mongo, Cas.class, "again", State.SENDING, 1, new Update().set("status", "DONE"));
        mongo.remove(new Query(where("_id").is("again")), "cas");
        pending("again", 0);
        COMMANDS.clear();

        assertThat(embedded.compareAndSet(mongo, Cas.class, "again", State.PENDING, 0, lease)).isEqualTo(new Cas("again", "SENDING", 1));
        assertThat(COMMANDS).containsExactly("find", "findAndModify");
    }

    @ParameterizedTest(name = "embedded: {0}")
    @ValueSource(booleans = {true, false})
    void aBatchOfLeasesTakesOnlyEntriesStillInTheStateSeenAndAnswersEachAsItWas(boolean onEmbeddedStore) {
        EmbeddedQueries queries = new EmbeddedQueries(onEmbeddedStore);
        String p = "batch-" + onEmbeddedStore + "-";
        pending(p + "a", 0);
        pending(p + "b", 1);
        pending(p + "c", 2);
        Update lease = new Update().set("status", State.SENDING).inc("attempts", 1).min("firstTriedAt", 5);
        EmbeddedQueries.Expected a = new EmbeddedQueries.Expected(p + "a", State.PENDING, 0);

        List<Cas> before = queries.compareAndSetAllReturningOld(mongo, Cas.class, List.of(a,
                new EmbeddedQueries.Expected(p + "b", State.PENDING, 0), // seen with other attempts
                new EmbeddedQueries.Expected(p + "missing", State.PENDING, 0),
                new EmbeddedQueries.Expected(p + "c", State.PENDING, 2),
                new EmbeddedQueries.Expected(p + "a", State.PENDING, 0)), lease, NO_COPIES); // asked twice: leased once

        assertThat(before).containsExactly(new Cas(p + "a", "PENDING", 0), null, null, new Cas(p + "c", "PENDING", 2), null);
        assertThat(mongo.findById(p + "a", Document.class, "cas")).containsEntry("status", "SENDING").containsEntry("attempts", 1)
                .containsEntry("firstTriedAt", 5);
        assertThat(mongo.findById(p + "b", Document.class, "cas")).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        assertThat(mongo.findById(p + "c", Document.class, "cas")).containsEntry("status", "SENDING").containsEntry("attempts", 3);
        assertThat(queries.compareAndSetAllReturningOld(mongo, Cas.class, List.of(a), lease, NO_COPIES)).as("leased already").containsExactly((Cas) null);
    }

    @Test
    void aBatchOfLeasesOfStatesThisProcessKnowsIsOneReadAndOneWriteOnTheEmbeddedStore() {
        List<Cas> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(new Cas("group" + i, "PENDING", 0));
        }
        embedded.insertNew(mongo, "cas", com.mongodb.WriteConcern.ACKNOWLEDGED, entries, Cas::id, State.PENDING);
        COMMANDS.clear();

        List<Cas> before = embedded.compareAndSetAllReturningOld(mongo, Cas.class,
                entries.stream().map(e -> new EmbeddedQueries.Expected(e.id(), State.PENDING, 0)).toList(), lease(), NO_COPIES);
        long settled = embedded.compareAndUpdateAll(mongo, Cas.class,
                entries.stream().map(e -> new EmbeddedQueries.Expected(e.id(), State.SENDING, 1)).toList(), new Update().set("status", "DONE"));

        assertThat(before).containsExactlyElementsOf(entries);
        assertThat(settled).isEqualTo(20);
        assertThat(COMMANDS).as("the lease: a read and a write for all twenty; the settle: a write, no read of a state it left")
                .containsExactly("find", "update", "update");
        assertThat(mongo.count(new Query(where("_id").regex("^group").and("status").is("DONE").and("attempts").is(1)), "cas")).isEqualTo(20);
    }

    @Test
    void aBatchOfLeasesOfEntriesThisProcessJustInsertedAnswersWithTheCallersCopiesAndOnlyWrites() {
        List<Cas> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(new Cas("copied" + i, "PENDING", 0));
        }
        embedded.insertNew(mongo, "cas", com.mongodb.WriteConcern.ACKNOWLEDGED, entries, Cas::id, State.PENDING);
        COMMANDS.clear();

        List<Cas> before = embedded.compareAndSetAllReturningOld(mongo, Cas.class,
                entries.stream().map(e -> new EmbeddedQueries.Expected(e.id(), State.PENDING, 0)).toList(), lease(), EmbeddedQueriesTest::copy);

        assertThat(before).as("the copies stand for what was inserted").containsExactlyElementsOf(entries.stream().map(e -> copy(e.id())).toList());
        assertThat(COMMANDS).as("no read: one write for all twenty").containsExactly("update");
        assertThat(mongo.count(new Query(where("_id").regex("^copied").and("status").is("SENDING").and("attempts").is(1)), "cas")).isEqualTo(20);
        assertThat(embedded.compareAndSetAllReturningOld(mongo, Cas.class, List.of(new EmbeddedQueries.Expected("copied0", State.PENDING, 0)),
                lease(), EmbeddedQueriesTest::copy)).as("leased already").containsExactly((Cas) null);
    }

    @Test
    void anEntryWrittenSinceItsInsertIsReadAgainThoughItIsBackInTheStateItWasInsertedIn() {
        embedded.insertNew(mongo, "cas", com.mongodb.WriteConcern.ACKNOWLEDGED, List.of(new Cas("held", "PENDING", 0)), Cas::id, State.PENDING);
        EmbeddedQueries.Expected fresh = new EmbeddedQueries.Expected("held", State.PENDING, 0);
        embedded.compareAndSetAllReturningOld(mongo, Cas.class, List.of(fresh), lease(), EmbeddedQueriesTest::copy);
        // put back unsent (a rate-limit wait): PENDING with no attempt counted, but written since the insert
        embedded.compareAndUpdate(mongo, Cas.class, "held", State.SENDING, 1, new Update().set("status", "PENDING").inc("attempts", -1));
        COMMANDS.clear();

        List<Cas> before = embedded.compareAndSetAllReturningOld(mongo, Cas.class, List.of(fresh), lease(), EmbeddedQueriesTest::copy);

        assertThat(before).as("as read, not the copy").containsExactly(new Cas("held", "PENDING", 0));
        assertThat(COMMANDS).containsExactly("find", "update");
    }

    @ParameterizedTest(name = "embedded: {0}")
    @ValueSource(booleans = {true, false})
    void copiesAreNotUsedForEntriesThisProcessDidNotInsertOrNoLongerRemembers(boolean onEmbeddedStore) {
        EmbeddedQueries queries = new EmbeddedQueries(onEmbeddedStore, 3);
        String p = "uncopied-" + onEmbeddedStore + "-";
        List<Cas> entries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            entries.add(new Cas(p + i, "PENDING", 0)); // the fourth insert's record clears the first three
        }
        queries.insertNew(mongo, "cas", com.mongodb.WriteConcern.ACKNOWLEDGED, entries, Cas::id, State.PENDING);
        pending(p + "other", 0); // stored by someone else

        List<Cas> before = queries.compareAndSetAllReturningOld(mongo, Cas.class, List.of(new EmbeddedQueries.Expected(p + 0, State.PENDING, 0),
                new EmbeddedQueries.Expected(p + 3, State.PENDING, 0), new EmbeddedQueries.Expected(p + "other", State.PENDING, 0)),
                lease(), EmbeddedQueriesTest::copy);

        assertThat(before).as("only a remembered insert answers with its copy").containsExactly(new Cas(p + 0, "PENDING", 0),
                onEmbeddedStore ? copy(p + 3) : new Cas(p + 3, "PENDING", 0), new Cas(p + "other", "PENDING", 0));
        assertThat(mongo.find(new Query(where("_id").in(p + 0, p + 3, p + "other")), Document.class, "cas"))
                .allSatisfy(d -> assertThat(d).containsEntry("status", "SENDING").containsEntry("attempts", 1));
    }

    @Test
    void aCopyOfAnEntryDeletedByHandSinceItsInsertIsNotAnswered() {
        List<Cas> entries = List.of(new Cas("by-hand", "PENDING", 0), new Cas("kept", "PENDING", 0));
        embedded.insertNew(mongo, "cas", com.mongodb.WriteConcern.ACKNOWLEDGED, entries, Cas::id, State.PENDING);
        mongo.remove(new Query(where("_id").is("by-hand")), "cas"); // not what the purges do (they take settled entries)

        List<Cas> before = embedded.compareAndSetAllReturningOld(mongo, Cas.class, List.of(new EmbeddedQueries.Expected("by-hand", State.PENDING, 0),
                new EmbeddedQueries.Expected("kept", State.PENDING, 0)), lease(), EmbeddedQueriesTest::copy);

        assertThat(before).containsExactly(null, copy("kept"));
        assertThat(mongo.findById("kept", Document.class, "cas")).containsEntry("status", "SENDING").containsEntry("attempts", 1);
    }

    /** A caller that kept nothing of what it inserted: every entry is read. */
    static final java.util.function.Function<String, Cas> NO_COPIES = id -> null;

    /** What a caller kept of an entry it inserted: marked, so a test sees whether it or the stored entry came back. */
    static Cas copy(String id) {
        return new Cas(id, "PENDING-AS-INSERTED", 0);
    }

    @ParameterizedTest(name = "embedded: {0}")
    @ValueSource(booleans = {true, false})
    void aBatchOfSettlesChangesOnlyTheEntriesStillHeldInTheLeaseTheirSenderTook(boolean onEmbeddedStore) {
        EmbeddedQueries queries = new EmbeddedQueries(onEmbeddedStore);
        String p = "settles-" + onEmbeddedStore + "-";
        for (String id : List.of("a", "b", "c")) {
            leasedOnce(queries, p + id);
        }
        // b's lease expired and another sender took it over (attempts 2)
        queries.compareAndSet(mongo, Cas.class, p + "b", State.SENDING, 1, lease());

        long settled = queries.compareAndUpdateAll(mongo, Cas.class, List.of(new EmbeddedQueries.Expected(p + "a", State.SENDING, 1),
                new EmbeddedQueries.Expected(p + "b", State.SENDING, 1), new EmbeddedQueries.Expected(p + "c", State.SENDING, 1),
                new EmbeddedQueries.Expected(p + "gone", State.SENDING, 1)), new Update().set("status", "DONE"));

        assertThat(settled).isEqualTo(2);
        assertThat(mongo.findById(p + "a", Document.class, "cas")).containsEntry("status", "DONE");
        assertThat(mongo.findById(p + "b", Document.class, "cas")).containsEntry("status", "SENDING").containsEntry("attempts", 2);
        assertThat(mongo.findById(p + "c", Document.class, "cas")).containsEntry("status", "DONE");
        assertThat(queries.compareAndUpdate(mongo, Cas.class, p + "b", State.SENDING, 2, new Update().set("status", "DONE")))
                .as("the sender holding b now settles it").isTrue();
    }

    /** The embedded store's settle goes to the driver itself; what it stores must be what the template stores. */
    @ParameterizedTest(name = "embedded: {0}")
    @ValueSource(booleans = {true, false})
    void aBatchOfSettlesStoresEnumsAsNamesAndInstantsAsDatesAsTheTemplateDoes(boolean onEmbeddedStore) {
        EmbeddedQueries queries = new EmbeddedQueries(onEmbeddedStore);
        String id = "typed-" + onEmbeddedStore;
        leasedOnce(queries, id);
        Instant at = Instant.parse("2026-12-07T08:30:00.123456Z");

        long settled = queries.compareAndUpdateAll(mongo, Cas.class, List.of(new EmbeddedQueries.Expected(id, State.SENDING, 1)),
                new Update().set("status", State.DONE).set("sentAt", at).min("firstAt", at).set("note", null).unset("leaseUntil"));

        assertThat(settled).isEqualTo(1);
        Document stored = mongo.findById(id, Document.class, "cas");
        assertThat(stored).containsEntry("status", "DONE").containsEntry("sentAt", Date.from(at.truncatedTo(ChronoUnit.MILLIS)))
                .containsEntry("firstAt", Date.from(at.truncatedTo(ChronoUnit.MILLIS))).containsEntry("note", null)
                .doesNotContainKey("leaseUntil");
    }

    @Test
    void concurrentCompareAndSetsOfOneStateOnTheEmbeddedStoreLetExactlyOneThrough() throws Exception {
        pending("race", 0);
        Update lease = lease();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Cas>> tries = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tries.add(pool.submit(() -> embedded.compareAndSet(mongo, Cas.class, "race", State.PENDING, 0, lease)));
            }
            long won = 0;
            for (java.util.concurrent.Future<Cas> t : tries) {
                won += t.get() != null ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(mongo.findById("race", Document.class, "cas").getInteger("attempts")).isEqualTo(1);
    }

    @Test
    void concurrentBatchesAndSingleCompareAndSetsOfOverlappingEntriesLeaseEachExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("overlap" + i);
            pending("overlap" + i, 0);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<List<Cas>>> tries = new ArrayList<>();
            for (int t = 0; t < 48; t++) {
                int from = (t * 7) % 40;
                List<String> some = java.util.stream.IntStream.range(from, from + 10).mapToObj(i -> ids.get(i % 40)).toList();
                boolean batch = t % 2 == 0;
                tries.add(pool.submit(() -> batch
                        ? embedded.compareAndSetAllReturningOld(mongo, Cas.class,
                                some.stream().map(id -> new EmbeddedQueries.Expected(id, State.PENDING, 0)).toList(), lease(), NO_COPIES)
                        : some.stream().map(id -> embedded.compareAndSetReturningOld(mongo, Cas.class, id, State.PENDING, 0, lease()))
                                .collect(java.util.stream.Collectors.toList())));
            }
            List<String> leased = new ArrayList<>();
            for (java.util.concurrent.Future<List<Cas>> t : tries) {
                t.get().stream().filter(java.util.Objects::nonNull).forEach(c -> leased.add(c.id()));
            }
            assertThat(leased).as("each entry leased by exactly one caller").containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }
        assertThat(mongo.find(new Query(where("_id").regex("^overlap")), Document.class, "cas"))
                .allSatisfy(d -> assertThat(d).containsEntry("status", "SENDING").containsEntry("attempts", 1));
    }

    @Test
    void preparingTheEmbeddedStoreDropsTheCompoundIndexEarlierVersionsCreated() {
        mongo.indexOps(Cas.class).ensureIndex(new org.springframework.data.mongodb.core.index.Index().on("_id", Sort.Direction.ASC)
                .on("status", Sort.Direction.ASC).on("attempts", Sort.Direction.ASC).unique().named(EmbeddedQueries.OLD_CAS_INDEX));

        embedded.prepare(mongo, Cas.class);

        assertThat(mongo.indexOps(Cas.class).getIndexInfo()).extracting(org.springframework.data.mongodb.core.index.IndexInfo::getName)
                .doesNotContain(EmbeddedQueries.OLD_CAS_INDEX);
    }

    /** A work entry as stored: PENDING with so many attempts made. */
    static void pending(String id, int attempts) {
        mongo.insert(new Document("_id", id).append("status", "PENDING").append("attempts", attempts), "cas");
    }

    /** The lease every test takes: SENDING, one more attempt. */
    /** A pending entry, leased once by {@code queries}: SENDING, one attempt. */
    static void leasedOnce(EmbeddedQueries queries, String id) {
        pending(id, 0);
        queries.compareAndSet(mongo, Cas.class, id, State.PENDING, 0, lease());
    }

    static Update lease() {
        return new Update().set("status", "SENDING").inc("attempts", 1);
    }

    @org.springframework.data.mongodb.core.mapping.Document("cas")
    record Cas(String id, String status, int attempts) {
    }

    @Test
    void onMongoDbASweepReadsTheOldestDueFirstAndCountsAreTheServers() {
        EmbeddedQueries real = new EmbeddedQueries(false);

        assertThat(real.sweepOrder("dueAt")).isEqualTo(Sort.by("dueAt"));
        Query sweep = new Query(where("status").is("PENDING")).with(real.sweepOrder("dueAt")).limit(1);
        assertThat(mongo.find(sweep, Document.class, "work")).extracting(d -> d.getString("_id")).containsExactly("e12344");
        assertThat(real.count(mongo, new Query(where("status").is("DONE")), "work")).isEqualTo(4_115);
    }
}
