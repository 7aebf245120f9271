package org.sanphalang.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Shapes the work collections' hot queries (inbox, outbox) so that the embedded mongo-java-server can answer them
 * without reading — or holding — a whole collection; on a real MongoDB they stay plain queries on indexes.
 * mongo-java-server keeps only unique indexes, uses one only when a query names exactly its fields, sorts by
 * collecting every matching document, and runs any aggregation (so also {@code countDocuments}) over a list of
 * every document in the collection. Each of those was measured: claims that scanned every handled entry, and
 * under a 70,000-event backlog an out-of-memory error in the backlog gauge's count (bench/RESULTS.md).
 * <p>
 * The work entries' writes and sweeps go through here too ({@link #insertNew}, {@link #sweep}, {@link #compareAndSet}):
 * on the embedded store, which only this process writes, it remembers the state it last wrote or read of each entry,
 * so most claims and settles are a single write instead of a read and a write. A lease taken with {@link #leaseAll}
 * is held here, not written, until its holder settles it: see there.
 */
public class EmbeddedQueries {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedQueries.class);

    /** The compound index earlier versions created on the embedded store for the compare-and-set (dropped now). */
    static final String OLD_CAS_INDEX = "_id_status_attempts";
    private static final int STRIPES = 256;
    /**
     * States remembered at most (a few MB): far more than the entries in flight at once; a backlog bigger than this
     * is read again as it is claimed.
     */
    static final int KNOWN_MAX = 20_000;

    private final boolean embedded;
    private final int knownMax;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Map<Known, State> known = new ConcurrentHashMap<>();
    /**
     * Leases held here and not yet written ({@link #leaseAll}): at most one per sender and one per call to LINE in
     * flight, plus any whose holder died. Apart from {@link #known}, so that a clear of those records for room never
     * drops one.
     */
    private final Map<Known, Held> held = new ConcurrentHashMap<>();
    /** How many times the records were forgotten (cleared for room). */
    private final AtomicLong forgotten = new AtomicLong();
    /** The clock the leases' ends are set by (the application's), to tell when a held lease has run out. */
    private final Clock clock;

    EmbeddedQueries(boolean embedded) {
        this(embedded, KNOWN_MAX, Clock.systemUTC());
    }

    EmbeddedQueries(boolean embedded, Clock clock) {
        this(embedded, KNOWN_MAX, clock);
    }

    EmbeddedQueries(boolean embedded, int knownMax) {
        this(embedded, knownMax, Clock.systemUTC());
    }

    EmbeddedQueries(boolean embedded, int knownMax, Clock clock) {
        this.embedded = embedded;
        this.knownMax = knownMax;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Drops the compound index an earlier version left on the embedded store: it is no longer used, only maintained. */
    public void prepare(MongoOperations mongo, Class<?> entity) {
        if (embedded && mongo.indexOps(entity).getIndexInfo().stream().map(IndexInfo::getName).anyMatch(OLD_CAS_INDEX::equals)) {
            mongo.indexOps(entity).dropIndex(OLD_CAS_INDEX);
        }
    }

    /**
     * Applies {@code update} to document {@code id} if its status and attempts are still those given — the
     * compare-and-set of every claim and settle of the inbox and the outbox — and returns it as updated, or null when
     * it is not in that state (or gone). On MongoDB: one {@code findAndModify} on the three fields, served by its
     * {@code _id} index. On the embedded store, which only this process writes: a write by {@code _id} under a lock on
     * the id here, after a read of its state unless this process knows it. mongo-java-server would otherwise need a
     * compound unique index, and H2 compares its keys by Java-serialising them on every step of every lookup (45 % of
     * the CPU of an inbox drain; bench/RESULTS.md).
     * <p>
     * What it knows: the state each compare-and-set left (or found) the document in, taken under that same lock. Every
     * change of a work entry's status or attempts is a compare-and-set (inserts create, purges delete), so that record
     * stays true until the next one: a lease's settle (and a reply's mark before it) then costs one round trip
     * instead of two. Deletes take settled entries only (the purges): a record of a settled state is never what a
     * compare-and-set expects, so an entry stored again under that id is read first.
     */
    public <T> T compareAndSet(MongoOperations mongo, Class<T> type, String id, Enum<?> status, int attempts, Update update) {
        return compareAndSet(mongo, type, id, status, attempts, update, true);
    }

    /**
     * As {@link #compareAndSet}, but returns the document as it was before the update: for a caller that needs to
     * know a field the update may change ({@code $min}, say).
     */
    public <T> T compareAndSetReturningOld(MongoOperations mongo, Class<T> type, String id, Enum<?> status, int attempts,
                                           Update update) {
        return compareAndSet(mongo, type, id, status, attempts, update, false);
    }

    /**
     * As {@link #compareAndSet}, for a caller that needs no document back (a settle): an update, not a
     * findAndModify, so the store does not send the whole entry back and it is not read into an object.
     *
     * @return whether the document was in that state and is now updated
     */
    public boolean compareAndUpdate(MongoOperations mongo, Class<?> type, String id, Enum<?> status, int attempts, Update update) {
        if (!embedded) {
            return mongo.updateFirst(new Query(Criteria.where("_id").is(id).and("status").is(status).and("attempts").is(attempts)),
                    update, type).getMatchedCount() == 1;
        }
        Known key = new Known(mongo.getCollectionName(type), id);
        State expected = new State(status.name(), attempts);
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            if (!inState(mongo, key, expected)) {
                return false;
            }
            writeHeld(mongo, key);
            return updateAll(mongo, key.collection(), List.of(id), update, i -> expected.after(update)) == 1;
        } finally {
            lock.unlock();
        }
    }

    /** Under the id's stripe lock: whether the document is in the expected state, read only when this process does not know. */
    private boolean inState(MongoOperations mongo, Known key, State expected) {
        Held lease = held.get(key);
        if (lease != null) {
            if (!lease.until().isBefore(clock.instant())) {
                return expected.sameAs(lease.state());
            }
            // Run out (its holder died or hangs): written now, as the store would hold it had it been written at
            // once — SENDING, its end past — so that a sweep finds it and the next lease counts one attempt more,
            // which refuses the first holder's late settle.
            writeHeld(mongo, key);
        }
        if (expected.sameAs(known.get(key))) {
            return true;
        }
        Query stateOnly = new Query(Criteria.where("_id").is(key.id()));
        stateOnly.fields().include("status").include("attempts");
        Document current = mongo.findOne(stateOnly, Document.class, key.collection());
        if (current == null) {
            forget(key);
            return false;
        }
        State found = State.of(current);
        remember(key, found);
        return expected.sameAs(found);
    }

    private <T> T compareAndSet(MongoOperations mongo, Class<T> type, String id, Enum<?> status, int attempts, Update update,
                                boolean returnNew) {
        FindAndModifyOptions options = FindAndModifyOptions.options().returnNew(returnNew);
        if (!embedded) {
            return mongo.findAndModify(new Query(Criteria.where("_id").is(id).and("status").is(status).and("attempts").is(attempts)),
                    update, options, type);
        }
        String collection = mongo.getCollectionName(type);
        Known key = new Known(collection, id);
        State expected = new State(status.name(), attempts);
        Query byId = new Query(Criteria.where("_id").is(id));
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            if (!inState(mongo, key, expected)) {
                return null;
            }
            writeHeld(mongo, key);
            Document answer = mongo.findAndModify(byId, update, options, Document.class, collection);
            if (answer == null) {
                forget(key);
                return null;
            }
            rememberOrForget(key, returnNew ? State.of(answer) : State.of(answer).after(update));
            return mongo.getConverter().read(type, answer);
        } finally {
            lock.unlock();
        }
    }

    /** A document expected in this state: one item of a batched compare-and-set. */
    public record Expected(String id, Enum<?> status, int attempts) {

        State state() {
            return new State(status.name(), attempts);
        }
    }

    /**
     * {@link #compareAndSetReturningOld} for many documents with one update: what a group of senders leasing at once
     * asks for. On the embedded store two round trips for the whole batch — a read of those entries by {@code _id}
     * (its index answers {@code $in}) and one multi-update — under the ids' locks, instead of a
     * {@code findAndModify} each: the store's per-command cost (wire, dispatch, the driver's own work) was half of
     * a push's store time (bench/RESULTS.md, session 12). On MongoDB one {@code findAndModify} each, as before.
     * <p>
     * For a caller that kept what it inserted ({@code inserted} gives it by id, or null): on the embedded store a
     * document this process knows is still exactly as its insert left it — no compare-and-set has written it since,
     * under the lock taken here — is answered with that copy instead of being read, and a work entry claimed straight
     * after it was stored is one round trip, the update. The copy must be the inserted object as it reads back (times
     * in milliseconds).
     *
     * @return per item, in order: the document as it was before the update, or null when it was not in that state
     */
    public <T> List<T> compareAndSetAllReturningOld(MongoOperations mongo, Class<T> type, List<Expected> items, Update update,
                                                    Function<String, T> inserted) {
        return setAllReturningOld(mongo, type, items, update, inserted, null);
    }

    /**
     * {@link #compareAndSetAllReturningOld} for a lease that ends at {@code until}: what the outbox's senders take. On
     * MongoDB the same. On the embedded store, which only this process writes, the lease is held here instead of
     * written: the entry's next compare-and-set (its holder's settle, or a reply's mark) writes the lease's changes
     * and its own as one update, so a message costs the store one update instead of two — the fan-out's limit on two
     * cores (bench/RESULTS.md, sessions 23 and 24).
     * <p>
     * While held, every compare-and-set here sees the entry as leased; the store still holds it as it was, so a sweep
     * may find it due, and its lease is refused. A lease that runs out is written as it was taken ({@link #inState}),
     * and from then on everything is as for a lease written at once. A crash loses a held lease, as it loses a written
     * one the background commit has not reached yet — only now for the whole of the push, not its first second or so:
     * the entry is due again at the restart, its push repeated at once under the same retry key (LINE answers 409 to a
     * key it took), and the key's day counted from that lease.
     *
     * @param update the lease: plain in status and attempts ($set, $inc), and naming top-level fields only
     */
    public <T> List<T> leaseAll(MongoOperations mongo, Class<T> type, List<Expected> items, Update update, Instant until,
                                Function<String, T> inserted) {
        return setAllReturningOld(mongo, type, items, update, inserted, until);
    }

    private <T> List<T> setAllReturningOld(MongoOperations mongo, Class<T> type, List<Expected> items, Update update,
                                           Function<String, T> inserted, Instant holdUntil) {
        if (!embedded) {
            List<T> before = new ArrayList<>(items.size());
            for (Expected item : items) {
                before.add(compareAndSet(mongo, type, item.id(), item.status(), item.attempts(), update, false));
            }
            return before;
        }
        String collection = mongo.getCollectionName(type);
        List<ReentrantLock> locks = lockAll(items);
        try {
            Map<String, Expected> inState = inStates(mongo, collection, items);
            Map<String, T> copies = new HashMap<>();
            Map<String, Document> found = new HashMap<>();
            if (!inState.isEmpty()) {
                // A lease held and still in its time is never what a lease expects (it expects the state before it), so
                // those in state are held by no one now; writing any held one here would only be for a caller's mistake.
                inState.keySet().forEach(id -> writeHeld(mongo, new Known(collection, id)));
                List<String> unknown = new ArrayList<>(inState.size());
                for (String id : inState.keySet()) {
                    State state = known.get(new Known(collection, id)); // null if forgotten since: read it then
                    T copy = state != null && state.asInserted() ? inserted.apply(id) : null;
                    if (copy != null) {
                        copies.put(id, copy);
                    } else {
                        unknown.add(id);
                    }
                }
                if (!unknown.isEmpty()) {
                    for (Document d : mongo.find(new Query(Criteria.where("_id").in(unknown)), Document.class, collection)) {
                        found.put(String.valueOf(d.get("_id")), d);
                    }
                    unknown.stream().filter(id -> !found.containsKey(id)).forEach(id -> forget(new Known(collection, id)));
                }
                List<String> present = new ArrayList<>(found.keySet());
                present.addAll(copies.keySet());
                // Held only when the lease says plainly what state it leaves (it always does: status and attempts).
                if (holdUntil != null && State.UNKNOWN.after(update) != null) {
                    for (String id : present) {
                        State before = inState.get(id).state();
                        held.put(new Known(collection, id), new Held(before, before.after(update), holdUntil, update));
                    }
                } else if (updateAll(mongo, collection, present, update, id -> inState.get(id).state().after(update)) < present.size()
                        && !copies.isEmpty()) {
                    // One went meanwhile (purges delete only settled entries; this is someone by hand): keep the copies
                    // of those still there, which the update has leased.
                    Query stillThere = new Query(Criteria.where("_id").in(copies.keySet()));
                    stillThere.fields().include("_id");
                    List<String> there = mongo.find(stillThere, Document.class, collection).stream()
                            .map(d -> String.valueOf(d.get("_id"))).toList();
                    copies.keySet().retainAll(there);
                }
            }
            List<T> before = new ArrayList<>(items.size());
            for (Expected item : items) {
                boolean asked = inState.get(item.id()) == item;
                Document old = asked ? found.get(item.id()) : null;
                T copy = asked ? copies.get(item.id()) : null;
                before.add(copy != null ? copy : old == null ? null : mongo.getConverter().read(type, old));
            }
            return before;
        } finally {
            locks.forEach(ReentrantLock::unlock);
        }
    }

    /**
     * {@link #compareAndUpdate} for many documents with one update (settles of a group of senders): on the embedded
     * store one multi-update by {@code _id} under the ids' locks — for leases held here ({@link #leaseAll}), one per
     * update that the lease's changes and this one come to together; on MongoDB one multi-update per expected state, each
     * matching only documents still in it.
     *
     * @return how many documents were in their expected state and are now updated
     */
    public long compareAndUpdateAll(MongoOperations mongo, Class<?> type, List<Expected> items, Update update) {
        String collection = mongo.getCollectionName(type);
        if (!embedded) {
            Map<State, List<String>> byState = new LinkedHashMap<>();
            items.forEach(i -> byState.computeIfAbsent(i.state(), s -> new ArrayList<>()).add(i.id()));
            long updated = 0;
            for (Map.Entry<State, List<String>> group : byState.entrySet()) {
                updated += mongo.updateMulti(new Query(Criteria.where("_id").in(group.getValue()).and("status").is(group.getKey().status())
                        .and("attempts").is(group.getKey().attempts())), update, type).getMatchedCount();
            }
            return updated;
        }
        List<ReentrantLock> locks = lockAll(items);
        try {
            Map<String, Expected> inState = inStates(mongo, collection, items);
            // A held lease's changes go with this update: one write for all whose two together come to the same update.
            // Leases taken at different moments differ in their end, which a settle unsets, so most settles of a group
            // of senders are still one write, however many groups their leases were taken in.
            Map<Update, Update> withLease = new IdentityHashMap<>();
            Map<Document, HeldWrite> byWrite = new LinkedHashMap<>();
            List<String> written = new ArrayList<>(inState.size());
            for (String id : inState.keySet()) {
                Held lease = held.remove(new Known(collection, id));
                if (lease == null) {
                    written.add(id);
                    continue;
                }
                Update both = withLease.computeIfAbsent(lease.lease(), l -> then(l, update));
                byWrite.computeIfAbsent(both.getUpdateObject(), w -> new HeldWrite(both, new LinkedHashMap<>()))
                        .before().put(id, lease.before());
            }
            long updated = updateAll(mongo, collection, written, update, id -> inState.get(id).state().after(update));
            for (HeldWrite write : byWrite.values()) {
                updated += updateAll(mongo, collection, write.before().keySet(), write.update(),
                        id -> write.before().get(id).after(write.update()));
            }
            return updated;
        } finally {
            locks.forEach(ReentrantLock::unlock);
        }
    }

    /**
     * Under the id's stripe lock: writes the lease held for it, if any, as it was taken, and remembers the state it
     * leaves.
     */
    private void writeHeld(MongoOperations mongo, Known key) {
        Held lease = held.remove(key);
        if (lease != null) {
            updateAll(mongo, key.collection(), List.of(key.id()), lease.lease(), id -> lease.state());
        }
    }

    /**
     * One update that does what {@code first} and then {@code next} do, for top-level fields: a field {@code next}
     * sets or unsets is left to it; two {@code $inc}s of a field add up (to nothing when they cancel); of two
     * {@code $min}s the smaller stays. MongoDB refuses an update that names a field twice, so each field is in one
     * operator.
     */
    static Update then(Update first, Update next) {
        Document both = new Document();
        first.getUpdateObject().forEach((operator, fields) -> both.put(operator, new Document((Document) fields)));
        next.getUpdateObject().forEach((operator, fields) -> ((Document) fields).forEach((field, value) -> {
            Document same = both.get(operator, Document.class);
            Object earlier = same == null ? null : same.get(field);
            if (operator.equals("$inc") && earlier instanceof Number a && value instanceof Number b) {
                long sum = a.longValue() + b.longValue();
                if (sum == 0) {
                    same.remove(field);
                } else {
                    same.put(field, a instanceof Long || b instanceof Long ? (Object) sum : (Object) Math.toIntExact(sum));
                }
            } else if (operator.equals("$min") && earlier != null) {
                same.put(field, smaller(earlier, value));
            } else {
                both.values().forEach(f -> ((Document) f).remove(field));
                both.computeIfAbsent(operator, o -> new Document());
                both.get(operator, Document.class).put(field, value);
            }
        }));
        both.values().removeIf(f -> ((Document) f).isEmpty());
        return Update.fromDocument(both);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object smaller(Object a, Object b) {
        return ((Comparable) a).compareTo(b) <= 0 ? a : b;
    }

    /** Under the ids' locks: the items whose document is in the expected state (the first of any id given twice). */
    private Map<String, Expected> inStates(MongoOperations mongo, String collection, List<Expected> items) {
        Map<String, Expected> inState = new LinkedHashMap<>();
        for (Expected item : items) {
            if (!inState.containsKey(item.id())
                    && inState(mongo, new Known(collection, item.id()), item.state())) {
                inState.put(item.id(), item);
            }
        }
        return inState;
    }

    /**
     * Under the ids' locks: updates the documents {@code ids} (all in their expected state) with one multi-update and
     * remembers the state each is left in ({@code after} gives it by id). If fewer matched than asked (one was deleted
     * meanwhile, which the purges of settled entries never do to an entry in a compare-and-set's state), what is known
     * of all of them is forgotten.
     */
    private long updateAll(MongoOperations mongo, String collection, Collection<String> ids, Update update,
                           Function<String, State> after) {
        if (ids.isEmpty()) {
            return 0;
        }
        long matched = mongo.getCollection(collection).updateMany(new Document("_id", new Document("$in", ids)), asStored(mongo, update))
                .getMatchedCount();
        for (String id : ids) {
            rememberOrForget(new Known(collection, id), matched == ids.size() ? after.apply(id) : null);
        }
        return matched;
    }

    /**
     * The update as the template would send it, for the driver: each value converted by the application's converter
     * (an enum to its name, an {@code Instant} to a date). The template's own mapping also resolves every key and value
     * against the entity's properties, for field names these entries do not rename: that was ~4 % of the bot's CPU in a
     * 10,000-group broadcast, in its settles (bench/RESULTS.md, session 25).
     */
    private static Document asStored(MongoOperations mongo, Update update) {
        Document stored = new Document();
        update.getUpdateObject().forEach((operator, fields) -> {
            Document values = new Document();
            ((Document) fields).forEach((field, value) -> values.put(field, mongo.getConverter().convertToMongoType(value)));
            stored.put(operator, values);
        });
        return stored;
    }

    /** Takes the locks of all the items' ids, in the stripes' order, so that two batches never wait for each other. */
    private List<ReentrantLock> lockAll(List<Expected> items) {
        TreeSet<Integer> stripeIds = new TreeSet<>();
        items.forEach(i -> stripeIds.add(stripeOf(i.id())));
        List<ReentrantLock> taken = new ArrayList<>(stripeIds.size());
        for (int stripe : stripeIds) {
            stripes[stripe].lock();
            taken.add(stripes[stripe]);
        }
        return taken;
    }

    /**
     * Whether {@link #compareAndSetAllReturningOld} answers a batch with a few round trips (the embedded store), rather
     * than one after another (MongoDB, where concurrent callers are better left to run side by side).
     */
    public boolean batchesCompareAndSets() {
        return embedded;
    }

    /**
     * Whether a copy of what was inserted can stand in for reading it back ({@link #compareAndSetAllReturningOld(
     * MongoOperations, Class, List, Update, Function)}): on the embedded store, which only this process writes.
     */
    public boolean usesInsertedCopies() {
        return embedded;
    }

    private ReentrantLock lockFor(String id) {
        return stripes[stripeOf(id)];
    }

    private static int stripeOf(String id) {
        return Math.floorMod(id.hashCode(), STRIPES);
    }

    /** Under the id's stripe lock: the state a write just left, or — when the update does not say it — that it is not known. */
    private void rememberOrForget(Known key, State after) {
        if (after != null) {
            remember(key, after);
        } else {
            forget(key);
        }
    }

    /**
     * Under the id's stripe lock: the entry's state is not known (a write that does not say it, a document gone). Recorded
     * as {@link State#UNKNOWN}, not by dropping the record: the next compare-and-set reads either way, but with no record
     * a state read without the lock before this write would be taken for the latest ({@link #rememberUnlocked}) — and an
     * entry leased and settled since would be leased again (seen when settled states were not remembered,
     * bench/RESULTS.md, session 20).
     */
    private void forget(Known key) {
        remember(key, State.UNKNOWN);
    }

    /**
     * Forgets all it knows and drops the leases it holds, for whoever changed the embedded store's work entries
     * behind this process's back: a test that empties the store between tests. Only this process writes the embedded
     * store, and its own deletes take settled entries only; an entry deleted any other way while its copy or a held
     * lease is known here could otherwise be leased — and sent — once more.
     */
    public void forgetAll() {
        // under every stripe's lock, so that no compare-and-set is between its check and its record
        for (ReentrantLock stripe : stripes) {
            stripe.lock();
        }
        try {
            forgotten.incrementAndGet();
            known.clear();
            held.clear();
        } finally {
            for (ReentrantLock stripe : stripes) {
                stripe.unlock();
            }
        }
    }

    /**
     * Called under the id's stripe lock only, with a state just read or written under it.
     *
     * @return whether it forgot all else to make room
     */
    private boolean remember(Known key, State state) {
        boolean clearing = known.size() >= knownMax && !known.containsKey(key);
        if (clearing) {
            forgotten.incrementAndGet();
            known.clear(); // forgetting is always safe: the next compare-and-set of each reads the state again
        }
        known.put(key, state);
        return clearing;
    }

    /** What became of one entry of {@link #insertNew}. */
    public enum Inserted {
        NEW, DUPLICATE, REFUSED;

        /**
         * The ids of the entries that were new; an entry the store refused (not a duplicate) is an error.
         *
         * @throws IllegalStateException naming the first refused entry
         */
        public static <T> List<String> newIds(List<T> entries, List<Inserted> outcomes, Function<T, String> idOf, String collection) {
            return newOnes(entries, outcomes, idOf, collection).stream().map(idOf).toList();
        }

        /**
         * The entries that were new; an entry the store refused (not a duplicate) is an error.
         *
         * @throws IllegalStateException naming the first refused entry
         */
        public static <T> List<T> newOnes(List<T> entries, List<Inserted> outcomes, Function<T, String> idOf, String collection) {
            List<T> stored = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                switch (outcomes.get(i)) {
                    case NEW -> stored.add(entries.get(i));
                    case DUPLICATE -> { } // a redelivery, or already queued
                    case REFUSED -> throw new IllegalStateException("The " + collection + " refused entry " + idOf.apply(entries.get(i)));
                }
            }
            return stored;
        }
    }

    /**
     * Stores work entries with one unordered {@code insertMany} at the given write concern: an id already there is a
     * DUPLICATE (a redelivery, a send already queued), not an error; any other write error REFUSED (logged; a
     * write-concern error is thrown). The entries stored are remembered as {@code status} with no attempts, so their
     * first compare-and-set (the claim) needs no read. The caller commits.
     *
     * @return what became of each entry, in order
     */
    public <T> List<Inserted> insertNew(MongoOperations mongo, String collection, WriteConcern writeConcern, List<T> entries,
                                        Function<T, String> idOf, Enum<?> status) {
        List<Inserted> outcomes = new ArrayList<>(Collections.nCopies(entries.size(), Inserted.NEW));
        if (entries.isEmpty()) {
            return outcomes;
        }
        List<Document> documents = new ArrayList<>(entries.size());
        for (T entry : entries) {
            Document document = new Document();
            mongo.getConverter().write(entry, document);
            documents.add(document);
        }
        long before = epoch();
        try {
            mongo.getCollection(collection).withWriteConcern(writeConcern).insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                boolean duplicate = ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY;
                outcomes.set(error.getIndex(), duplicate ? Inserted.DUPLICATE : Inserted.REFUSED);
                if (!duplicate) {
                    log.warn("The {} collection refused an entry: {}", collection, error.getMessage());
                }
            }
        }
        if (embedded) {
            State fresh = new State(status.name(), 0, true);
            for (int i = 0; i < entries.size(); i++) {
                if (outcomes.get(i) == Inserted.NEW) {
                    rememberUnlocked(collection, idOf.apply(entries.get(i)), fresh, before);
                }
            }
        }
        return outcomes;
    }

    /**
     * Reads due entries for a sweep ({@code query} must select status and attempts), and remembers the states read, so
     * that claiming what a sweep found (say, a backlog left before a restart) needs no second read. Read outside the
     * lock, so remembered only where it cannot be stale: see {@link #rememberUnlocked}.
     */
    public List<Document> sweep(MongoOperations mongo, Query query, String collection) {
        long before = epoch();
        List<Document> found = mongo.find(query, Document.class, collection);
        if (embedded) {
            for (Document d : found) {
                rememberUnlocked(collection, String.valueOf(d.get("_id")), State.of(d), before);
            }
        }
        return found;
    }

    /** How many times the records were forgotten so far: taken before a read or write made without the lock. */
    long epoch() {
        return forgotten.get();
    }

    /**
     * A state this process read or wrote without the id's lock (an insert, a sweep's query) after {@code before} was
     * taken. Not remembered where anything is known of the id already — a compare-and-set since recorded a later
     * state, under the lock — nor when records were forgotten since {@code before} (one of those may have been such a
     * later state). Otherwise nothing has changed the entry since: every change of status or attempts is a
     * compare-and-set, which records what it leaves.
     */
    void rememberUnlocked(String collection, String id, State state, long before) {
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            Known key = new Known(collection, id);
            if (forgotten.get() == before && !known.containsKey(key)) {
                long expected = before + (remember(key, state) ? 1 : 0);
                if (forgotten.get() != expected) {
                    // Records were forgotten under another stripe's lock between the two checks above, so the absence of
                    // a record may have been that forgetting: a later state, written since the read, may be what went.
                    forget(key);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A work entry this process has seen or changed under its lock. */
    private record Known(String collection, String id) {
    }

    /**
     * A lease held here ({@link #leaseAll}): the entry's state before it and under it, when it runs out, and the
     * update that takes it (shared by the leases taken together).
     */
    private record Held(State before, State state, Instant until, Update lease) {
    }

    /** One write of held leases' settles: the update they come to, and each entry's state before its lease. */
    private record HeldWrite(Update update, Map<String, State> before) {
    }

    /** How many leases are held here, not yet written. */
    int leasesHeld() {
        return held.size();
    }

    /**
     * A work entry's status and attempts, and whether it is still exactly as this process inserted it: recorded by the
     * insert, and replaced by any compare-and-set (which writes the entry) or read (which cannot tell).
     */
    record State(String status, int attempts, boolean asInserted) {

        /** Matches no expected state. */
        static final State UNKNOWN = new State("", -1);

        State(String status, int attempts) {
            this(status, attempts, false);
        }

        static State of(Document document) {
            return new State(document.getString("status"), ((Number) document.getOrDefault("attempts", 0)).intValue());
        }

        /** The same status and attempts (whether or not either is known to be as inserted). */
        boolean sameAs(State other) {
            return other != null && status.equals(other.status) && attempts == other.attempts;
        }

        /** The state {@code update} leads to from this one; null when it is not plain from the update ($set, $inc). */
        State after(Update update) {
            Document changes = update.getUpdateObject();
            for (String operator : changes.keySet()) {
                Object fields = changes.get(operator);
                boolean touches = fields instanceof Document d && (d.containsKey("status") || d.containsKey("attempts"));
                if (touches && !operator.equals("$set") && !operator.equals("$inc")) {
                    return null;
                }
            }
            Document set = changes.get("$set", Document.class);
            Document inc = changes.get("$inc", Document.class);
            String nextStatus = status;
            int nextAttempts = attempts;
            if (set != null && set.containsKey("status")) {
                nextStatus = set.get("status") instanceof Enum<?> e ? e.name() : String.valueOf(set.get("status"));
            }
            if (set != null && set.get("attempts") instanceof Number n) {
                nextAttempts = n.intValue();
            }
            if (inc != null && inc.get("attempts") instanceof Number n) {
                nextAttempts += n.intValue();
            }
            return new State(nextStatus, nextAttempts);
        }
    }

    /**
     * The order a sweep reads due entries in: oldest due first on MongoDB (its {@code (status, dueAt)} index); on
     * the embedded store the order entries were stored in, which it can stream and stop at the sweep's limit
     * instead of collecting and sorting every due entry first.
     */
    public Sort sweepOrder(String dueField) {
        return embedded ? Sort.unsorted() : Sort.by(dueField);
    }

    /**
     * How many documents match. On the embedded store by streaming their ids (its {@code count} runs as an
     * aggregation over every document of the collection, history included, held at once).
     */
    public long count(MongoOperations mongo, Query query, String collection) {
        if (!embedded) {
            return mongo.count(query, collection);
        }
        return streamIds(mongo, Query.of(query), collection);
    }

    /**
     * How many documents match, counting no further than {@code limit}, for the embedded store ({@link OpenCount}): it
     * holds the ids of all the matches at once until the query's last batch is sent (mongo-java-server collects them
     * first), so only a limit bounds that memory; it stops reading at the limit's match.
     */
    long countUpTo(MongoOperations mongo, Query query, String collection, int limit) {
        return streamIds(mongo, Query.of(query).limit(limit), collection);
    }

    private static long streamIds(MongoOperations mongo, Query query, String collection) {
        Query ids = query.cursorBatchSize(5_000);
        ids.fields().include("_id");
        try (Stream<Document> found = mongo.stream(ids, Document.class, collection)) {
            return found.count();
        }
    }

    /** The number of open entries of a work collection, for its backlog gauge: see {@link OpenCount}. */
    public OpenCount openCount(MongoOperations mongo, Query open, String collection) {
        return new OpenCount(this, mongo, open, collection, OpenCount.EXACT_UP_TO, OpenCount.RECOUNT_EVERY);
    }

    boolean embedded() {
        return embedded;
    }
}
