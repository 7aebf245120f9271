package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

class EmbeddedQueriesTest {

    static MongoServer server;
    static MongoClient client;
    static MongoTemplate mongo;

    final EmbeddedQueries embedded = new EmbeddedQueries(true);

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        mongo = new MongoTemplate(client, "queries");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 12_345; i++) {
            // due times run backwards, so stored order and due order differ
            docs.add(new Document("_id", "e" + i).append("status", i % 3 == 0 ? "DONE" : "PENDING").append("dueAt", 100_000 - i));
        }
        mongo.insert(docs, "work");
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
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

    @Test
    void onMongoDbASweepReadsTheOldestDueFirstAndCountsAreTheServers() {
        EmbeddedQueries real = new EmbeddedQueries(false);

        assertThat(real.sweepOrder("dueAt")).isEqualTo(Sort.by("dueAt"));
        Query sweep = new Query(where("status").is("PENDING")).with(real.sweepOrder("dueAt")).limit(1);
        assertThat(mongo.find(sweep, Document.class, "work")).extracting(d -> d.getString("_id")).containsExactly("e12344");
        assertThat(real.count(mongo, new Query(where("status").is("DONE")), "work")).isEqualTo(4_115);
    }
}
