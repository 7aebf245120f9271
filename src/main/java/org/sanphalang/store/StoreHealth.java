package org.sanphalang.store;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The store's part of {@code /actuator/health}. Boot's own MongoDB indicator asks {@code hello}, which the
 * embedded server does not know; {@code ping} works on both stores.
 */
@Component("store")
class StoreHealth extends AbstractHealthIndicator {

    private final MongoTemplate mongo;
    private final StoreSettings settings;

    StoreHealth(MongoTemplate mongo, StoreSettings settings) {
        super("The store is unreachable");
        this.mongo = mongo;
        this.settings = settings;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        mongo.executeCommand(new Document("ping", 1));
        builder.up().withDetail("store", settings.embedded() ? "embedded-" + settings.backend().name().toLowerCase() : "mongodb");
    }
}
