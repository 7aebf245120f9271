package org.sanphalang.testing;

import java.net.InetSocketAddress;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * An in-memory mongo-java-server reached through the real driver, with a listener on every command the driver sends
 * and every reply: for tests that assert how a query is asked (its batch size, its filter), not only what comes back.
 */
public final class ListenedMongo implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;

    public ListenedMongo(CommandListener listener) {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + address.getHostString() + ":" + address.getPort()))
                .addCommandListener(listener).build());
    }

    /** One that adds the name of every command the driver sends to {@code names} (a list safe for many threads). */
    public static ListenedMongo recordingCommandNames(java.util.List<String> names) {
        return new ListenedMongo(new CommandListener() {
            @Override
            public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                names.add(event.getCommandName());
            }
        });
    }

    public MongoTemplate template(String database) {
        return new MongoTemplate(client, database);
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
