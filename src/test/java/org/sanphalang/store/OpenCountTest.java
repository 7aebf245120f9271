package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.ListenedMongo;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

class OpenCountTest {

    static final int BOUND = 3;

    ListenedMongo db;
    MongoTemplate mongo;
    final List<BsonDocument> finds = java.util.Collections.synchronizedList(new ArrayList<>());
    final Query open = new Query(where("status").in("PENDING", "PROCESSING"));

    @BeforeEach
    void start() {
        db = new ListenedMongo(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    finds.add(event.getCommand().clone());
                }
            }
        });
        mongo = db.template("counts");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            docs.add(new Document("_id", "done" + i).append("status", "DONE"));
        }
        mongo.insert(docs, "work");
    }

    @AfterEach
    void stop() {
        db.close();
    }

    OpenCount embeddedCount() {
        return new OpenCount(new EmbeddedQueries(true), mongo, open, "work", BOUND, Duration.ZERO);
    }

    void store(String id, String status) {
        mongo.insert(new Document("_id", id).append("status", status), "work");
    }

    /** Entries open0 … open{n-1}, waiting. */
    void storeOpen(int n) {
        for (int i = 0; i < n; i++) {
            store("open" + i, "PENDING");
        }
    }

    void settle(String id) {
        mongo.updateFirst(new Query(where("_id").is(id)), new Update().set("status", "DONE"), "work");
    }

    @Test
    void aboveTheBoundTheEmbeddedStoreIsCountedInFullOnceThenOnlyUpToTheBound() {
        for (int i = 0; i < 10; i++) {
            store("open" + i, i % 2 == 0 ? "PENDING" : "PROCESSING");
        }
        OpenCount count = embeddedCount();

        assertThat(count.read()).isEqualTo(10);
        finds.clear();
        store("open10", "PENDING");
        store("open11", "PENDING");
        count.opened(2);
        settle("open0");
        count.closed(1);

        assertThat(count.read()).isEqualTo(11);
        // the later read asked for no more ids than the bound and one: the memory a count holds stays bounded
        assertThat(finds).singleElement().satisfies(find -> assertThat(find.getNumber("limit").intValue()).isEqualTo(BOUND + 1));
    }

    @Test
    void atOrUnderTheBoundEveryReadIsTheCountSoChangesThisProcessDidNotMakeAreSeen() {
        storeOpen(5);
        OpenCount count = embeddedCount();
        assertThat(count.read()).isEqualTo(5);

        // put back or settled by hand, never told: 2 left open, under the bound
        settle("open0");
        settle("open1");
        settle("open2");
        assertThat(count.read()).isEqualTo(2);

        store("open5", "PENDING"); // a hand-stored entry, still under the bound
        assertThat(count.read()).isEqualTo(3);
    }

    @Test
    void aboveTheBoundTheNumberKeptNeverFallsBelowWhatTheBoundedCountFound() {
        storeOpen(6);
        OpenCount count = embeddedCount();
        assertThat(count.read()).isEqualTo(6);

        count.closed(6); // say, entries put back by hand and handled: closed here but never counted as opened

        assertThat(count.read()).isEqualTo(BOUND + 1);
        settle("open0");
        settle("open1");
        settle("open2");
        assertThat(count.read()).isEqualTo(3);
    }

    @Test
    void onTheEmbeddedStoreTheNumberFollowsWhatThisProcessOpensAndClosesWithoutReadingTheStore() {
        storeOpen(6);
        OpenCount count = embeddedCount();
        assertThat(count.read()).isEqualTo(6);
        finds.clear();

        count.opened(500);
        count.closed(2);

        assertThat(count.current()).isEqualTo(504);
        assertThat(finds).isEmpty();
    }

    @Test
    void afterTheFirstCountTheEmbeddedStoreIsReadAgainOnlyOnceTheRecountIntervalHasPassed() {
        storeOpen(2);
        OpenCount count = new EmbeddedQueries(true).openCount(mongo, open, "work"); // as the inbox and outbox make theirs
        assertThat(count.read()).isEqualTo(2);
        finds.clear();

        settle("open0"); // by hand: seen at the next recount, minutes away, not before
        count.opened(1);

        assertThat(count.read()).isEqualTo(3);
        assertThat(finds).isEmpty();
    }

    @Test
    void aCountDuringWhichThisProcessOpenedEntriesDoesNotReplaceTheNumberThatHasThem() {
        storeOpen(2);
        AtomicReference<OpenCount> counting = new AtomicReference<>();
        EmbeddedQueries racing = new EmbeddedQueries(true) {
            @Override
            long countUpTo(MongoOperations mongo, Query query, String collection, int limit) {
                long found = super.countUpTo(mongo, query, collection, limit);
                store("open2", "PENDING"); // stored and announced while the count was under way, after it read
                counting.get().opened(1);
                return found;
            }
        };
        OpenCount count = new OpenCount(racing, mongo, open, "work", BOUND, Duration.ZERO);
        counting.set(count);
        assertThat(count.read()).isEqualTo(2); // the first, full count

        assertThat(count.read()).as("the count found 2; the number has the third").isEqualTo(3);
        assertThat(count.current()).isEqualTo(3);
    }

    @Test
    void onMongoDbEveryReadIsTheServersCount() {
        storeOpen(6);
        OpenCount count = new OpenCount(new EmbeddedQueries(false), mongo, open, "work", BOUND, Duration.ofDays(1));
        assertThat(count.read()).isEqualTo(6);

        count.opened(100);
        store("open6", "PROCESSING");
        assertThat(count.current()).as("the last count").isEqualTo(6);

        assertThat(count.read()).isEqualTo(7);
        assertThat(count.current()).isEqualTo(7);
    }
}
