package org.sanphalang.privacy;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.audit.AuditLog;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** "ลบข้อมูลของฉัน" / "delete my data": records the request for an officer and tells the person it was heard. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class ErasureRequests implements ChatHandler {

    private static final Pattern COMMAND = Pattern.compile("^(?:ลบข้อมูลของฉัน|ลบข้อมูลฉัน|delete my data)$", Pattern.CASE_INSENSITIVE);

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final AuditLog audit;
    private final MessageSource texts;
    private final Clock clock;

    ErasureRequests(MongoTemplate mongo, Outbox outbox, AuditLog audit, MessageSource texts, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.audit = audit;
        this.texts = texts;
        this.clock = clock;
    }

    @Override
    public boolean handle(ChatMessage message) {
        if (!message.isText() || message.userId() == null || !COMMAND.matcher(message.text()).matches()) {
            return false;
        }
        mongo.upsert(Query.query(Criteria.where("_id").is(message.userId())),
                new Update().set("chatId", message.chat().id()).set("requestedAt", clock.instant()).unset("erasedAt"),
                ErasureRequest.class);
        audit.record("line:" + message.userId(), "person.erasure-requested", message.userId(), java.util.Map.of());
        String text = texts.getMessage("privacy.erasure-requested", null, Locale.forLanguageTag("th"));
        outbox.enqueue(OutgoingMessage.reply("erasure:" + message.eventKey(), message.chat().id(), message.replyToken(),
                message.at(), "privacy", List.of(new TextMessage(text))));
        return true;
    }
}
