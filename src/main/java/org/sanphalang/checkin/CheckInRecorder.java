package org.sanphalang.checkin;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.linecorp.bot.messaging.model.Message;
import org.bson.Document;
import org.sanphalang.checkin.internal.CheckInCards;
import org.sanphalang.checkin.internal.CheckInStore;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.groups.PrivacyNotice;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Free text in a registered group: a check-in is recorded and confirmed with a card, a need is handed to the needs
 * module, and anything else is ordinary conversation — no answer. Asked last, after every command.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class CheckInRecorder implements ChatHandler {

    static final String PENDING_EDITS = "checkin_edits";

    private final CheckInParser parser;
    private final CheckInStore store;
    private final CheckInCards cards;
    private final Groups groups;
    private final PrivacyNotice privacy;
    private final Outbox outbox;
    private final ApplicationEventPublisher events;
    private final MongoTemplate mongo;
    private final Clock clock;

    CheckInRecorder(CheckInParser parser, CheckInStore store, CheckInCards cards, Groups groups, PrivacyNotice privacy,
                    Outbox outbox, ApplicationEventPublisher events, MongoTemplate mongo, Clock clock) {
        this.parser = parser;
        this.store = store;
        this.cards = cards;
        this.groups = groups;
        this.privacy = privacy;
        this.outbox = outbox;
        this.events = events;
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public boolean handle(ChatMessage message) {
        if (!message.isText() || !message.chat().isGroup() || message.messageId() == null) {
            return false;
        }
        // Parsed first: most of a group's messages are chatter, and the parse (microseconds, in memory) spares them the
        // store's round trip for the group — a fifth of handling's CPU when every message looked its group up.
        ParsedMessage parsed = parser.parse(message.text());
        if (parsed.kind() != ParsedMessage.Kind.CHECKIN && parsed.kind() != ParsedMessage.Kind.NEED) {
            return false;
        }
        Optional<LineGroup> group = groups.find(message.chat().id()).filter(LineGroup::registered);
        if (group.isEmpty()) {
            return false;
        }
        String product = parsed.product() != null ? parsed.product() : group.get().product();
        switch (parsed.kind()) {
            case CHECKIN -> {
                CheckIn recorded = recordOrCorrect(message, parsed, product);
                confirm(message, group.get(), recorded);
                return true;
            }
            case NEED -> {
                events.publishEvent(new NeedReported(message.eventKey(), message.chat().id(), message.userId(), message.messageId(),
                        message.text(), parsed.needCategory() == null ? NeedCategory.OTHER : parsed.needCategory(), product,
                        message.at(), message.replyToken()));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** After แก้ไข, the person's next check-in replaces the one they corrected. */
    private CheckIn recordOrCorrect(ChatMessage message, ParsedMessage parsed, String product) {
        String pendingId = message.chat().id() + "|" + message.userId();
        Document pending = mongo.findAndRemove(new Query(where("_id").is(pendingId).and("until").gt(clock.instant())),
                Document.class, PENDING_EDITS);
        if (pending != null) {
            CheckIn correction = CheckInStore.of(pending.getString("checkinId"), message.chat().id(), message.userId(),
                    message.at(), message.text(), parsed, product, "text");
            Optional<CheckIn> replaced = store.replace(correction);
            if (replaced.isPresent()) {
                return replaced.get();
            }
        }
        return store.record(CheckInStore.of("m" + message.messageId(), message.chat().id(), message.userId(), message.at(),
                message.text(), parsed, product, "text"));
    }

    private void confirm(ChatMessage message, LineGroup group, CheckIn checkIn) {
        List<Message> reply = new ArrayList<>();
        privacy.firstTime(group.id()).ifPresent(reply::add);
        reply.add(cards.confirmation(checkIn, group.displayName(), clock.getZone()));
        outbox.enqueue(OutgoingMessage.reply("checkin:" + message.eventKey(), group.id(), message.replyToken(), message.at(),
                "checkin-confirmation", reply));
    }
}
