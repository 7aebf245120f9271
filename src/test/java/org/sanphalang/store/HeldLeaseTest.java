package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.mongodb.WriteConcern;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.store.EmbeddedQueries.Expected;
import org.sanphalang.testing.ListenedMongo;
import org.sanphalang.testing.MutableClock;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A lease held in memory on the embedded store ({@link EmbeddedQueries#leaseAll}): nothing written until its holder's
 * next change, which writes both; while held, no one else takes the entry; once run out, it is as a lease written at once.
 */
class HeldLeaseTest {

    static ListenedMongo db;
    static MongoTemplate mongo;
    static final List<String> COMMANDS = Collections.synchronizedList(new ArrayList<>());
    static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");
    static final Function<String, Lease> NO_COPIES = id -> null;

    final MutableClock clock = new MutableClock(ZoneId.of("Asia/Bangkok"));
    final EmbeddedQueries embedded = new EmbeddedQueries(true, clock);

    enum State { PENDING, SENDING, DONE }

    @org.springframework.data.mongodb.core.mapping.Document("leases")
    record Lease(String id, String status, int attempts) {
    }

    @BeforeAll
    static void start() {
        db = ListenedMongo.recordingCommandNames(COMMANDS);
        mongo = db.template("held");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void clean() {
        mongo.remove(new Query(), "leases");
        clock.setTo(T0);
        COMMANDS.clear();
    }

    @Test
    void aLeaseIsHeldWithoutAWriteAndItsSettleWritesBothAsOneUpdate() {
        List<Lease> fresh = insert("settle", 3);
        COMMANDS.clear();

        List<Lease> before = embedded.leaseAll(mongo, Lease.class, expected(fresh, State.PENDING, 0), lease(5), until(), copiesOf(fresh));

        assertThat(before).containsExactlyElementsOf(fresh);
        assertThat(COMMANDS).as("known as inserted, leased in memory: no read, no write").isEmpty();
        assertThat(stored("settle0")).containsEntry("status", "PENDING").containsEntry("attempts", 0).doesNotContainKey("leaseUntil");
        assertThat(embedded.leasesHeld()).isEqualTo(3);
        assertThat(embedded.leaseAll(mongo, Lease.class, expected(fresh, State.PENDING, 0), lease(5), until(), copiesOf(fresh)))
                .as("held: not leased twice").containsOnlyNulls();
        COMMANDS.clear();

        long settled = settleDone(fresh);

        assertThat(settled).isEqualTo(3);
        assertThat(COMMANDS).as("the lease and the settle: one update for all three").containsExactly("update");
        assertDoneAfterOneAttempt("settle", 3);
        assertThat(embedded.leasesHeld()).isZero();
        assertThat(embedded.compareAndUpdateAll(mongo, Lease.class, expected(fresh, State.SENDING, 1), new Update().set("status", State.PENDING)))
                .as("settled already").isZero();
    }

    @Test
    void aLeasePutBackWithoutAnAttemptLeavesTheEntryAsItWasAndFreeToLeaseAgain() {
        List<Lease> fresh = insert("back", 1);
        embedded.leaseAll(mongo, Lease.class, expected(fresh, State.PENDING, 0), lease(5), until(), copiesOf(fresh));

        long held = embedded.compareAndUpdateAll(mongo, Lease.class, expected(fresh, State.SENDING, 1), new Update()
                .set("status", State.PENDING).inc("attempts", -1).unset("leaseUntil").unset("firstTriedAt").set("lastError", "paused"));

        assertThat(held).isOne();
        assertThat(stored("back0")).containsEntry("status", "PENDING").containsEntry("attempts", 0).containsEntry("lastError", "paused")
                .doesNotContainKeys("leaseUntil", "firstTriedAt");
        assertThat(embedded.leaseAll(mongo, Lease.class, expected(fresh, State.PENDING, 0), lease(5), until(), NO_COPIES))
                .containsExactly(new Lease("back0", "PENDING", 0));
    }

    @Test
    void aHeldLeaseThatRunsOutIsWrittenAsTakenSoTheNextLeaseRefusesItsFirstHoldersLateSettle() {
        List<Lease> fresh = insert("out", 1);
        embedded.leaseAll(mongo, Lease.class, expected(fresh, State.PENDING, 0), lease(5), until(), copiesOf(fresh));
        clock.setTo(T0.plus(Duration.ofMinutes(3)));

        assertThat(embedded.leaseAll(mongo, Lease.class, expected(fresh, State.PENDING, 0), lease(7), until(), copiesOf(fresh)))
                .as("seen PENDING by a sweep: the store's state, but not the entry's").containsOnlyNulls();
        assertThat(stored("out0")).as("written as the lease left it, its end past: what a sweep takes over")
                .containsEntry("status", "SENDING").containsEntry("attempts", 1).containsEntry("firstTriedAt", 5)
                .containsEntry("leaseUntil", java.util.Date.from(T0.plus(Duration.ofMinutes(2))));
        assertThat(embedded.leasesHeld()).isZero();

        assertThat(embedded.leaseAll(mongo, Lease.class, expected(fresh, State.SENDING, 1), lease(7), until(), NO_COPIES))
                .as("taken over").containsExactly(new Lease("out0", "SENDING", 1));
        assertThat(embedded.compareAndUpdateAll(mongo, Lease.class, expected(fresh, State.SENDING, 1), new Update().set("status", State.DONE)))
                .as("the first holder's late settle").isZero();
        assertThat(embedded.compareAndUpdateAll(mongo, Lease.class, expected(fresh, State.SENDING, 2), new Update().set("status", State.DONE)))
                .isOne();
        assertThat(stored("out0")).containsEntry("status", "DONE").containsEntry("attempts", 2).containsEntry("firstTriedAt", 5);
    }

    @Test
    void aHolderWhoseLeaseRanOutStillSettlesItWhileNoOneHasTakenItOver() {
        List<Lease> fresh = insert("late", 1);
        embedded.leaseAll(mongo, Lease.class, expected(fresh, State.PENDING, 0), lease(5), until(), copiesOf(fresh));
        clock.setTo(T0.plus(Duration.ofMinutes(3)));

        assertThat(embedded.compareAndUpdateAll(mongo, Lease.class, expected(fresh, State.SENDING, 1),
                new Update().set("status", State.DONE).unset("leaseUntil"))).isOne();

        assertThat(stored("late0")).containsEntry("status", "DONE").containsEntry("attempts", 1).doesNotContainKey("leaseUntil");
    }

    @Test
    void clearingTheRememberedStatesForRoomKeepsEveryHeldLease() {
        EmbeddedQueries small = new EmbeddedQueries(true, 3, clock);
        pending("room-held");
        small.leaseAll(mongo, Lease.class, List.of(new Expected("room-held", State.PENDING, 0)), lease(5), until(), NO_COPIES);
        for (int i = 0; i < 5; i++) {
            pending("room" + i);
            small.compareAndSet(mongo, Lease.class, "room" + i, State.PENDING, 0, lease(5)); // the fourth id clears all known
        }

        assertThat(small.leaseAll(mongo, Lease.class, List.of(new Expected("room-held", State.PENDING, 0)), lease(5), until(), NO_COPIES))
                .as("still held").containsOnlyNulls();
        assertThat(small.compareAndUpdateAll(mongo, Lease.class, List.of(new Expected("room-held", State.SENDING, 1)),
                new Update().set("status", State.DONE))).isOne();
        assertThat(stored("room-held")).containsEntry("status", "DONE").containsEntry("attempts", 1);
    }

    @Test
    void leasesTakenApartAreSettledTogetherEachWithItsOwnLeasesChanges() {
        pending("apart-a");
        pending("apart-b");
        pending("apart-c");
        embedded.leaseAll(mongo, Lease.class, List.of(new Expected("apart-a", State.PENDING, 0)), lease(5), until(), NO_COPIES);
        embedded.leaseAll(mongo, Lease.class, List.of(new Expected("apart-b", State.PENDING, 0)), lease(7), until(), NO_COPIES);
        embedded.compareAndSet(mongo, Lease.class, "apart-c", State.PENDING, 0, lease(9)); // written at once
        COMMANDS.clear();

        long settled = embedded.compareAndUpdateAll(mongo, Lease.class, List.of(new Expected("apart-a", State.SENDING, 1),
                new Expected("apart-b", State.SENDING, 1), new Expected("apart-c", State.SENDING, 1)), new Update().set("status", State.DONE));

        assertThat(settled).isEqualTo(3);
        assertThat(COMMANDS).as("one update per lease, one for the one written").containsExactly("update", "update", "update");
        assertThat(stored("apart-a")).containsEntry("status", "DONE").containsEntry("attempts", 1).containsEntry("firstTriedAt", 5);
        assertThat(stored("apart-b")).containsEntry("status", "DONE").containsEntry("attempts", 1).containsEntry("firstTriedAt", 7);
        assertThat(stored("apart-c")).containsEntry("status", "DONE").containsEntry("attempts", 1).containsEntry("firstTriedAt", 9);
    }

    @Test
    void leasesTakenApartThatASettleMakesAlikeAreSettledInOneWrite() {
        List<Lease> fresh = insert("alike", 3);
        for (int i = 0; i < 3; i++) {
            clock.setTo(T0.plusSeconds(i)); // each lease its own end
            embedded.leaseAll(mongo, Lease.class, expected(fresh.subList(i, i + 1), State.PENDING, 0), lease(5), until(), copiesOf(fresh));
        }
        COMMANDS.clear();

        long settled = settleDone(fresh);

        assertThat(settled).isEqualTo(3);
        assertThat(COMMANDS).as("the ends unset alike: one write").containsExactly("update");
        assertDoneAfterOneAttempt("alike", 3);
    }

    @Test
    void anEntryHeldByOneCallerIsLeasedByNoOtherAmongManyRacing() throws Exception {
        List<Lease> fresh = insert("race", 200);
        List<String> ids = fresh.stream().map(Lease::id).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> leased = new ArrayList<>();
        try {
            List<Future<List<Lease>>> tries = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<String> some = new ArrayList<>(ids);
                Collections.shuffle(some, new java.util.Random(t));
                List<Expected> asked = some.subList(0, 150).stream().map(id -> new Expected(id, State.PENDING, 0)).toList();
                tries.add(pool.submit(() -> embedded.leaseAll(mongo, Lease.class, asked, lease(5), until(), copiesOf(fresh))));
            }
            for (Future<List<Lease>> t : tries) {
                t.get().stream().filter(Objects::nonNull).forEach(l -> leased.add(l.id()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(leased).as("no entry leased twice").doesNotHaveDuplicates();

        long settled = embedded.compareAndUpdateAll(mongo, Lease.class,
                leased.stream().map(id -> new Expected(id, State.SENDING, 1)).toList(), new Update().set("status", State.DONE));

        assertThat(settled).isEqualTo(leased.size());
        assertThat(mongo.count(new Query(where("_id").regex("^race").and("status").is("DONE").and("attempts").is(1)), "leases"))
                .isEqualTo(leased.size());
    }

    @Test
    void forgettingAllDropsTheHeldLeasesSoAnEntryDeletedBehindTheStoresBackIsNotLeasedFromItsCopy() {
        List<Lease> fresh = insert("gone", 2);
        embedded.leaseAll(mongo, Lease.class, expected(fresh.subList(0, 1), State.PENDING, 0), lease(5), until(), copiesOf(fresh));
        mongo.remove(new Query(), "leases"); // as a test empties the store between tests

        embedded.forgetAll();

        assertThat(embedded.leasesHeld()).isZero();
        assertThat(embedded.leaseAll(mongo, Lease.class, expected(fresh.subList(1, 2), State.PENDING, 0), lease(5), until(), copiesOf(fresh)))
                .as("its copy is not taken for the entry").containsOnlyNulls();
    }

    @Test
    void onMongoDbALeaseIsWrittenAtOnce() {
        EmbeddedQueries real = new EmbeddedQueries(false, clock);
        pending("real");

        assertThat(real.leaseAll(mongo, Lease.class, List.of(new Expected("real", State.PENDING, 0)), lease(5), until(), NO_COPIES))
                .containsExactly(new Lease("real", "PENDING", 0));

        assertThat(stored("real")).containsEntry("status", "SENDING").containsEntry("attempts", 1).containsEntry("firstTriedAt", 5);
        assertThat(real.leasesHeld()).isZero();
    }

    @Test
    void aLeaseAndALaterChangeMakeOneUpdateThatNamesEachFieldOnce() {
        Update lease = new Update().set("status", "SENDING").set("leaseUntil", 9).inc("attempts", 1).min("firstTriedAt", 5);

        Update sent = EmbeddedQueries.then(lease, new Update().set("status", "SENT").set("via", "push").unset("leaseUntil").unset("messages"));
        Update putBack = EmbeddedQueries.then(lease, new Update().set("status", "PENDING").inc("attempts", -1).unset("leaseUntil")
                .unset("firstTriedAt"));
        Update earlier = EmbeddedQueries.then(lease, new Update().min("firstTriedAt", 3).inc("attempts", 1));

        assertThat(sent.getUpdateObject()).isEqualTo(Document.parse(
                "{$set: {status: 'SENT', via: 'push'}, $inc: {attempts: 1}, $min: {firstTriedAt: 5}, $unset: {leaseUntil: 1, messages: 1}}"));
        assertThat(putBack.getUpdateObject()).as("the attempts cancel out; the unset of the start wins")
                .isEqualTo(Document.parse("{$set: {status: 'PENDING'}, $unset: {leaseUntil: 1, firstTriedAt: 1}}"));
        assertThat(earlier.getUpdateObject()).isEqualTo(Document.parse(
                "{$set: {status: 'SENDING', leaseUntil: 9}, $inc: {attempts: 2}, $min: {firstTriedAt: 3}}"));
    }

    /** Two minutes on, to the second (the test's clock runs on from where it is set). */
    private Instant until() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plus(Duration.ofMinutes(2));
    }

    /** The lease the tests take: SENDING until two minutes on, one more attempt, a first try no later than {@code first}. */
    private Update lease(int first) {
        return new Update().set("status", State.SENDING).set("leaseUntil", until()).inc("attempts", 1).min("firstTriedAt", first);
    }

    /** The settle of entries leased once: DONE, the lease's end unset. */
    private long settleDone(List<Lease> entries) {
        return embedded.compareAndUpdateAll(mongo, Lease.class, expected(entries, State.SENDING, 1),
                new Update().set("status", State.DONE).unset("leaseUntil"));
    }

    /** The {@code n} entries named {@code prefix}…: DONE after one attempt, its start kept from the lease, no lease end. */
    private static void assertDoneAfterOneAttempt(String prefix, int n) {
        assertThat(mongo.find(new Query(where("_id").regex("^" + prefix)), Document.class, "leases")).hasSize(n).allSatisfy(d ->
                assertThat(d).containsEntry("status", "DONE").containsEntry("attempts", 1).containsEntry("firstTriedAt", 5)
                        .doesNotContainKey("leaseUntil"));
    }

    private List<Lease> insert(String prefix, int n) {
        List<Lease> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new Lease(prefix + i, "PENDING", 0));
        }
        embedded.insertNew(mongo, "leases", WriteConcern.ACKNOWLEDGED, entries, Lease::id, State.PENDING);
        return entries;
    }

    private static Function<String, Lease> copiesOf(List<Lease> entries) {
        return id -> entries.stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
    }

    private static List<Expected> expected(List<Lease> entries, State status, int attempts) {
        return entries.stream().map(e -> new Expected(e.id(), status, attempts)).toList();
    }

    private static void pending(String id) {
        mongo.insert(new Document("_id", id).append("status", "PENDING").append("attempts", 0), "leases");
    }

    private static Document stored(String id) {
        return mongo.findById(id, Document.class, "leases");
    }
}
