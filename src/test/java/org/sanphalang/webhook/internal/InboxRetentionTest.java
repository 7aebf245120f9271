package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.sanphalang.store.DurableWrites;
import org.sanphalang.webhook.WebhookSettings;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexDefinition;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.index.IndexOptions;

/** Handled inbox entries expire through a TTL index on a real MongoDB, and through the hourly sweep on the embedded store. */
class InboxRetentionTest {

    final MongoTemplate mongo = mock(MongoTemplate.class);
    final IndexOperations indexes = mock(IndexOperations.class);
    final DurableWrites durable = mock(DurableWrites.class);

    InboxRetentionTest() {
        when(mongo.indexOps(InboxEntry.COLLECTION)).thenReturn(indexes);
    }

    @Test
    void createsATtlIndexOnDoneAtWithTheRetentionOnARealMongoDb() {
        when(durable.embedded()).thenReturn(false);
        when(indexes.getIndexInfo()).thenReturn(List.of(index("_id_", "_id", null)));

        new InboxRetention(mongo, durable, settings("7d"));

        ArgumentCaptor<IndexDefinition> created = ArgumentCaptor.forClass(IndexDefinition.class);
        verify(indexes).createIndex(created.capture());
        assertThat(created.getValue().getIndexKeys()).isEqualTo(new Document("doneAt", 1));
        assertThat(created.getValue().getIndexOptions().get("expireAfterSeconds", Number.class).longValue())
                .isEqualTo(Duration.ofDays(7).toSeconds());
    }

    @Test
    void leavesAnIndexWithTheSameRetentionAsItIs() {
        when(durable.embedded()).thenReturn(false);
        when(indexes.getIndexInfo()).thenReturn(List.of(index("doneAt_ttl", "doneAt", Duration.ofDays(30).toSeconds())));

        new InboxRetention(mongo, durable, settings("30d"));

        verify(indexes, never()).createIndex(any());
        verify(indexes, never()).alterIndex(anyString(), any());
    }

    @Test
    void changesTheExpiryInPlaceWhenTheRetentionSettingChanged() {
        when(durable.embedded()).thenReturn(false);
        when(indexes.getIndexInfo()).thenReturn(List.of(index("doneAt_ttl", "doneAt", Duration.ofDays(30).toSeconds())));

        new InboxRetention(mongo, durable, settings("14d"));

        ArgumentCaptor<IndexOptions> options = ArgumentCaptor.forClass(IndexOptions.class);
        verify(indexes).alterIndex(org.mockito.ArgumentMatchers.eq("doneAt_ttl"), options.capture());
        assertThat(options.getValue().getExpire()).isEqualTo(Duration.ofDays(14));
        verify(indexes, never()).createIndex(any());
    }

    @Test
    void createsNoIndexOnTheEmbeddedStoreWhichHasNoTtlMonitor() {
        when(durable.embedded()).thenReturn(true);

        new InboxRetention(mongo, durable, settings("30d"));

        verifyNoInteractions(mongo);
    }

    private static IndexInfo index(String name, String field, Long expireAfterSeconds) {
        Document info = new Document("name", name).append("key", new Document(field, 1)).append("v", 2);
        if (expireAfterSeconds != null) {
            info.append("expireAfterSeconds", expireAfterSeconds);
        }
        return IndexInfo.indexInfoOf(info);
    }

    private static WebhookSettings settings(String retention) {
        return new Binder(new MapConfigurationPropertySource(java.util.Map.of("sanphalang.webhook.retention", retention)))
                .bindOrCreate("sanphalang.webhook", Bindable.of(WebhookSettings.class));
    }
}
