package org.sanphalang.checkin;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import com.linecorp.bot.messaging.model.TextMessage;
import org.bson.Document;
import org.sanphalang.checkin.internal.CheckInStore;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.sanphalang.webhook.Postback;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The confirmation card's buttons: ยกเลิก undoes the check-in, แก้ไข lets the person type it again. Both act only
 * on a check-in of the group the button was tapped in.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class CheckInCorrections implements ChatHandler {

    private final CheckInStore store;
    private final Outbox outbox;
    private final MessageSource texts;
    private final MongoTemplate mongo;
    private final CheckInSettings settings;
    private final Clock clock;

    CheckInCorrections(CheckInStore store, Outbox outbox, MessageSource texts, MongoTemplate mongo, CheckInSettings settings,
                       Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.texts = texts;
        this.mongo = mongo;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public boolean handle(ChatMessage message) {
        if (message.postbackData() == null || !message.chat().isGroup()) {
            return false;
        }
        Postback postback = message.postback();
        String id = postback.get("checkin");
        switch (postback.action()) {
            case "checkin-cancel" -> reply(message, store.cancel(id, message.chat().id()).isPresent()
                    ? text("checkin.cancelled") : text("checkin.not-found"));
            case "checkin-edit" -> {
                if (store.find(id, message.chat().id()).filter(c -> !c.cancelled()).isEmpty() || message.userId() == null) {
                    reply(message, text("checkin.not-found"));
                } else {
                    mongo.upsert(Query.query(Criteria.where("_id").is(message.chat().id() + "|" + message.userId())),
                            new Update().set("checkinId", id).set("until", clock.instant().plus(settings.editWindow())),
                            Document.class, CheckInRecorder.PENDING_EDITS);
                    reply(message, texts.getMessage("checkin.edit-prompt", new Object[]{"ผลิต 200 ห่อ ขาย 150 ห่อ"}, Locale.forLanguageTag("th")));
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private String text(String key) {
        return texts.getMessage(key, null, Locale.forLanguageTag("th"));
    }

    private void reply(ChatMessage message, String text) {
        outbox.enqueue(OutgoingMessage.reply("correction:" + message.eventKey(), message.chat().id(), message.replyToken(),
                message.at(), "checkin-correction", List.of(new TextMessage(text))));
    }
}
