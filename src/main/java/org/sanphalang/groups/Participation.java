package org.sanphalang.groups;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Taking part is voluntary: "หยุดเตือน" stops reminders for the person who says it, "หยุดเตือนกลุ่ม" for the
 * whole group; "เริ่มเตือน" / "เริ่มเตือนกลุ่ม" bring them back. Only ever changes the group it is said in.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 25)
class Participation implements ChatHandler {

    private static final Map<String, String> COMMANDS = Map.ofEntries(
            Map.entry("หยุดเตือน", "stop-person"), Map.entry("stop", "stop-person"),
            Map.entry("เริ่มเตือน", "start-person"), Map.entry("start", "start-person"), Map.entry("resume", "start-person"),
            Map.entry("หยุดเตือนกลุ่ม", "stop-group"), Map.entry("หยุดเตือนทั้งกลุ่ม", "stop-group"), Map.entry("stop group", "stop-group"),
            Map.entry("เริ่มเตือนกลุ่ม", "start-group"), Map.entry("เริ่มเตือนทั้งกลุ่ม", "start-group"), Map.entry("start group", "start-group"));

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final MessageSource texts;

    Participation(MongoTemplate mongo, Outbox outbox, MessageSource texts) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.texts = texts;
    }

    @Override
    public boolean handle(ChatMessage message) {
        if (!message.isText() || !message.chat().isGroup()) {
            return false;
        }
        String command = COMMANDS.get(message.text().toLowerCase(Locale.ROOT));
        if (command == null) {
            return false;
        }
        String groupId = message.chat().id();
        switch (command) {
            case "stop-person", "start-person" -> {
                if (message.userId() == null) {
                    return false;
                }
                mongo.upsert(new Query(where("_id").is(GroupMember.idOf(groupId, message.userId()))),
                        new Update().set("groupId", groupId).set("userId", message.userId())
                                .set("nudgesOff", command.startsWith("stop")), GroupMember.class);
            }
            default -> mongo.upsert(new Query(where("_id").is(groupId)),
                    new Update().set("nudgesPaused", command.startsWith("stop")), LineGroup.class);
        }
        String key = "participation." + (command.startsWith("stop") ? "stopped" : "started") + "." + command.substring(command.indexOf('-') + 1);
        outbox.enqueue(OutgoingMessage.reply("participation:" + message.eventKey(), groupId, message.replyToken(), message.at(),
                "participation", List.of(new TextMessage(texts.getMessage(key, null, Locale.forLanguageTag("th"))))));
        return true;
    }
}
