package org.sanphalang.checkin;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.client.base.BlobContent;
import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.webhook.model.GroupSource;
import com.linecorp.bot.webhook.model.ImageMessageContent;
import com.linecorp.bot.webhook.model.MessageEvent;
import com.linecorp.bot.webhook.model.UnknownEvent;
import com.linecorp.bot.webhook.model.UnsendEvent;
import org.bson.Document;
import org.bson.types.Binary;
import org.sanphalang.checkin.internal.CheckInStore;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.webhook.LineEventReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * What happens to a message after it was sent: unsent (its check-in goes, as LINE asks), edited (the latest
 * version by LINE's timestamp wins, whatever order the events arrive in), or followed by a photo (attached to the
 * sender's check-in of the last few minutes, content fetched from LINE's data API).
 */
@Component
class CheckInEvents {

    private static final Logger log = LoggerFactory.getLogger(CheckInEvents.class);
    static final String PHOTOS = "photos";

    private final CheckInStore store;
    private final CheckInParser parser;
    private final Groups groups;
    private final MessagingApiBlobClient blobs;
    private final MongoTemplate mongo;
    private final ApplicationEventPublisher events;
    private final CheckInSettings settings;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    CheckInEvents(CheckInStore store, CheckInParser parser, Groups groups, MessagingApiBlobClient blobs, MongoTemplate mongo,
                  ApplicationEventPublisher events, CheckInSettings settings, Clock clock) {
        this.store = store;
        this.parser = parser;
        this.groups = groups;
        this.blobs = blobs;
        this.mongo = mongo;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener
    void on(LineEventReceived received) throws IOException {
        if (!(received.event().source() instanceof GroupSource group)) {
            return;
        }
        if (received.event() instanceof UnsendEvent unsend && unsend.unsend() != null) {
            String messageId = unsend.unsend().messageId();
            store.delete("m" + messageId, group.groupId());
            mongo.remove(Query.query(Criteria.where("_id").is(messageId).and("groupId").is(group.groupId())), PHOTOS);
            events.publishEvent(new MessageUnsent(group.groupId(), messageId));
        } else if (received.event() instanceof UnknownEvent unknown && "messageEdited".equals(unknown.type())) {
            edited(group.groupId(), group.userId(), json.readTree(received.payload()));
        } else if (received.event() instanceof MessageEvent message && message.message() instanceof ImageMessageContent image
                && group.userId() != null) {
            photo(group.groupId(), group.userId(), image, Instant.ofEpochMilli(message.timestamp()));
        }
    }

    private void edited(String groupId, String userId, JsonNode event) {
        JsonNode message = event.path("message");
        if (!"text".equals(message.path("type").asText()) || message.path("id").asText().isEmpty()) {
            return;
        }
        if (groups.find(groupId).filter(LineGroup::registered).isEmpty()) {
            return;
        }
        String id = "m" + message.path("id").asText();
        Instant at = Instant.ofEpochMilli(event.path("timestamp").asLong(clock.millis()));
        ParsedMessage parsed = parser.parse(message.path("text").asText());
        if (parsed.kind() == ParsedMessage.Kind.CHECKIN) {
            store.replace(CheckInStore.of(id, groupId, userId, at, message.path("text").asText(), parsed, parsed.product(), "text"));
        } else {
            // The edit took the figures out: the message no longer reports anything.
            store.find(id, groupId).filter(c -> !c.lastEventAt().isAfter(at)).ifPresent(c -> store.cancel(id, groupId));
        }
    }

    private void photo(String groupId, String userId, ImageMessageContent image, Instant at) {
        Optional<CheckIn> recent = store.latestBy(groupId, userId, at.minus(settings.photoWindow()));
        if (recent.isEmpty() || mongo.exists(Query.query(Criteria.where("_id").is(image.id())), PHOTOS)) {
            return;
        }
        try {
            BlobContent content = blobs.getMessageContent(image.id()).get(15, TimeUnit.SECONDS).body();
            byte[] bytes;
            try (InputStream in = content.byteStream()) {
                bytes = in.readNBytes((int) settings.maxPhotoBytes() + 1);
            }
            if (bytes.length > settings.maxPhotoBytes()) {
                log.info("Photo {} in {} is over {} bytes; not kept", image.id(), groupId, settings.maxPhotoBytes());
                return;
            }
            mongo.save(new Document("_id", image.id()).append("groupId", groupId).append("checkinId", recent.get().id())
                    .append("lineUserId", userId).append("contentType", String.valueOf(content.mimeType()))
                    .append("size", bytes.length).append("at", at).append("data", new Binary(bytes)), PHOTOS);
            store.attachPhoto(recent.get().id(), image.id());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // A photo is a nice-to-have: a failed download must not make the whole event retry forever.
            log.info("Photo {} in {} could not be fetched: {}", image.id(), groupId, e.toString());
        }
    }
}
