package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.sanphalang.store.EmbeddedQueries;
import org.springframework.data.mongodb.core.query.Update;

/** The dispatcher leases an entry it was just handed with that entry, so the store need not send it back. */
class FreshEntryLeaseTest extends StandaloneDispatcherTest {

    @Test
    @SuppressWarnings("unchecked")
    void theLeaseOfAnEntryJustStoredIsGivenThatEntryAndIsSentOnce() {
        EmbeddedQueries watched = spy(queries);
        OutboxDispatcher dispatcher = standaloneDispatcher(watched);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        OutboxEntry entry = new OutboxEntry("fresh-lease", UUID.randomUUID().toString(), id("C"), null, null,
                "[{\"type\":\"text\",\"text\":\"สวัสดี\"}]", null, 1, "test", OutboxEntry.Status.PENDING, OutboxEntry.ReplyState.NONE, 0,
                now, now, null, null, null, null, null, OutboxEntry.Kind.PUSH, null);
        queries.insertNew(mongo, OutboxEntry.COLLECTION, durable.writeConcern(), List.of(entry), OutboxEntry::id, OutboxEntry.Status.PENDING);

        dispatcher.stored(List.of(entry));
        assertThat(dispatcher.sendNext()).isTrue();

        ArgumentCaptor<Function<String, OutboxEntry>> copies = ArgumentCaptor.forClass(Function.class);
        verify(watched).leaseAll(any(), eq(OutboxEntry.class), anyList(), any(Update.class), any(Instant.class), copies.capture());
        assertThat(copies.getValue().apply("fresh-lease")).isSameAs(entry);
        assertThat(mongo.findById("fresh-lease", OutboxEntry.class).status()).isEqualTo(OutboxEntry.Status.SENT);
        assertThat(LINE.requests("POST", "/v2/bot/message/push")).hasSize(1);
    }
}
