package org.sanphalang.webhook.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.sanphalang.store.DurableWrites;
import org.sanphalang.webhook.WebhookSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.index.IndexOptions;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.stereotype.Component;

/**
 * Handled inbox entries expire after {@code sanphalang.webhook.retention}. On a real MongoDB a TTL index on
 * {@code doneAt} deletes them (only handled entries have a {@code doneAt}, so pending and failed ones stay);
 * a changed retention is applied to the existing index in place ({@code collMod}). The embedded store has no TTL
 * monitor: there {@link InboxWorker}'s hourly sweep does the same job.
 */
@Component
class InboxRetention {

    static final String FIELD = "doneAt";
    static final String INDEX_NAME = "doneAt_ttl";

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);

    InboxRetention(MongoTemplate mongo, DurableWrites durable, WebhookSettings settings) {
        if (durable.embedded()) {
            return;
        }
        apply(mongo, settings.retention());
    }

    static void apply(MongoTemplate mongo, Duration retention) {
        IndexOperations indexes = mongo.indexOps(InboxEntry.COLLECTION);
        Optional<IndexInfo> existing = indexes.getIndexInfo().stream()
                .filter(index -> index.getIndexFields().size() == 1 && index.isIndexForFields(List.of(FIELD)))
                .findFirst();
        if (existing.isEmpty()) {
            indexes.createIndex(new Index().on(FIELD, Sort.Direction.ASC).named(INDEX_NAME).expire(retention));
            log.info("Created the TTL index on inbox.{}: handled entries expire after {}", FIELD, retention);
            return;
        }
        Optional<Duration> current = existing.get().getExpireAfter();
        if (current.isPresent() && current.get().getSeconds() == retention.getSeconds()) {
            return;
        }
        // An index on doneAt with another (or no) expiry: change it in place rather than fail on the conflict.
        indexes.alterIndex(existing.get().getName(), IndexOptions.expireAfter(retention));
        log.info("Changed the TTL of inbox.{} from {} to {}", FIELD, current.map(Duration::toString).orElse("none"), retention);
    }
}
