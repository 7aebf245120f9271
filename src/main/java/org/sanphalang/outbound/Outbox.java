package org.sanphalang.outbound;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import org.sanphalang.outbound.internal.OutboxDispatcher;
import org.sanphalang.outbound.internal.OutboxEntry;
import org.sanphalang.store.DurableWrites;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** The one way to send: {@link #enqueue} stores the message durably and the dispatcher delivers it. */
@Component
public class Outbox {

    private final MongoTemplate mongo;
    private final DurableWrites durable;
    private final OutboxDispatcher dispatcher;
    private final OutboundSettings settings;
    private final Clock clock;
    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();

    Outbox(MongoTemplate mongo, DurableWrites durable, OutboxDispatcher dispatcher, OutboundSettings settings, Clock clock) {
        this.mongo = mongo;
        this.durable = durable;
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Stores the message for delivery, once per key.
     *
     * @return true if it was new, false if a message with this key was already enqueued
     */
    public boolean enqueue(OutgoingMessage message) {
        Instant now = clock.instant();
        boolean canReply = message.replyToken() != null && !message.replyToken().isBlank();
        Instant issued = message.tokenIssuedAt() != null ? message.tokenIssuedAt() : now;
        OutboxEntry entry = new OutboxEntry(message.key(), UUID.randomUUID().toString(), message.to(),
                canReply ? message.replyToken() : null,
                canReply ? issued.plus(settings.replyWindow()) : null,
                json(message), message.messages().size(), message.purpose(),
                OutboxEntry.Status.PENDING, canReply ? OutboxEntry.ReplyState.READY : OutboxEntry.ReplyState.NONE,
                0, now, now, null, null, null, null, null);
        try {
            mongo.insert(entry);
        } catch (DuplicateKeyException alreadyQueued) {
            return false;
        }
        durable.commit();
        dispatcher.wake();
        return true;
    }

    private String json(OutgoingMessage message) {
        try {
            return lineJson.writerFor(OutboxDispatcher.MESSAGE_LIST).writeValueAsString(message.messages());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Message cannot be written as JSON", e);
        }
    }
}
