package sanphalang.bench;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.springframework.util.unit.DataSize;

/**
 * The embedded store as the bot opens it ({@code EmbeddedH2Backend}: BSON documents, its own key order), for benches
 * that write a file before the bot starts on it or open it again after the bot wrote to it. The stock H2Backend cannot
 * read what the bot wrote (H2's "Unknown tag 126"), and a file it seeds holds Java-serialised documents, which the bot
 * reads by another path than its own. The class is package-private in the bot: built by reflection.
 */
final class BotStore {

    /** The bot's page cache unless set otherwise ({@code StoreSettings}' default for sanphalang.store.cache-size). */
    private static final DataSize CACHE = DataSize.ofMegabytes(16);

    private BotStore() {
    }

    /** A store on {@code file} with the bot's default page cache and H2's own write buffer. */
    static MongoServer open(Path file) throws ReflectiveOperationException {
        return new MongoServer(backend(file));
    }

    /**
     * Registered groups with these ids in the store of the bot's data folder {@code data}, written before the bot starts
     * on it (as an officer's registrations leave them).
     */
    static void registerGroups(Path data, List<String> ids) throws ReflectiveOperationException {
        MongoServer server = open(data.resolve("sanphalang.mv"));
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            SummaryBench.insertGroups(client.getDatabase("sanphalang").getCollection("groups"), ids);
        } finally {
            server.shutdownNow();
        }
    }

    /** The backend alone, for a bench that commits its MVStore itself. */
    static H2Backend backend(Path file) throws ReflectiveOperationException {
        Constructor<?> embedded = Class.forName("org.sanphalang.store.EmbeddedH2Backend")
                .getDeclaredConstructor(String.class, DataSize.class, DataSize.class);
        embedded.setAccessible(true);
        return (H2Backend) embedded.newInstance(file.toString(), CACHE, null);
    }
}
