package org.sanphalang.store;

import java.time.Clock;

import com.mongodb.ConnectionString;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Chooses the store: the MongoDB named by {@code MONGODB_URI}, or the embedded one. Either way Spring Boot's
 * MongoDB auto-configuration builds the client from the {@link MongoConnectionDetails} declared here.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedStoreHolder embeddedStore(StoreSettings settings) {
        return new EmbeddedStoreHolder(settings.embedded() ? new EmbeddedStore(settings) : null);
    }

    @Bean
    MongoConnectionDetails mongoConnectionDetails(StoreSettings settings, EmbeddedStoreHolder holder) {
        ConnectionString connectionString = holder.store() != null
                ? new ConnectionString(holder.store().connectionString())
                : withDefaultDatabase(settings.uri(), settings.database());
        return () -> connectionString;
    }

    private static ConnectionString withDefaultDatabase(String uri, String database) {
        ConnectionString given = new ConnectionString(uri);
        if (given.getDatabase() != null) {
            return given;
        }
        // A URI without a database ("mongodb://h1,h2/?replicaSet=rs0") gets ours, keeping its options.
        int query = uri.indexOf('?');
        String base = query < 0 ? uri : uri.substring(0, query);
        String options = query < 0 ? "" : uri.substring(query);
        String slash = base.endsWith("/") ? "" : (base.indexOf('/', "mongodb+srv://".length()) < 0 ? "/" : "");
        return new ConnectionString(base + slash + database + options);
    }

    @Bean
    DurableWrites durableWrites(EmbeddedStoreHolder holder) {
        return new DurableWrites(holder.store());
    }

    @Bean
    FileHousekeeping fileHousekeeping(EmbeddedStoreHolder holder, ObjectProvider<Foreground> foreground) {
        return new FileHousekeeping(holder.store() != null ? holder.store().fileStore() : null,
                foreground.getIfAvailable(() -> () -> false));
    }

    @Bean
    EmbeddedQueries embeddedQueries(EmbeddedStoreHolder holder, Clock clock) {
        return new EmbeddedQueries(holder.store() != null, clock);
    }

    /** Majority + journal for the durable collections on a real MongoDB; the embedded store is committed instead. */
    @Bean
    static BeanPostProcessor durableWriteConcern(ObjectProvider<StoreSettings> settings) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof MongoTemplate template) {
                    StoreSettings store = settings.getObject();
                    if (!store.embedded()) {
                        template.setWriteConcernResolver(action ->
                                store.durableCollections().contains(action.getCollectionName())
                                        ? DurableWrites.MAJORITY_JOURNALED
                                        : action.getDefaultWriteConcern());
                    }
                }
                return bean;
            }
        };
    }

    /** Lets the embedded store be optional while still closing it with the context. */
    record EmbeddedStoreHolder(EmbeddedStore store) implements AutoCloseable {
        @Override
        public void close() {
            if (store != null) {
                store.close();
            }
        }
    }
}
