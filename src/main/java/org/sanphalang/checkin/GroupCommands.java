package org.sanphalang.checkin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.MessageAction;
import com.linecorp.bot.messaging.model.QuickReply;
import com.linecorp.bot.messaging.model.QuickReplyItem;
import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.checkin.internal.CheckInCards;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The group's own questions: สรุป / summary, ความต้องการ / needs, ช่วยเหลือ / help. Forgiving of case and spaces. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 120)
class GroupCommands implements ChatHandler {

    private static final Map<String, String> COMMANDS = Map.of(
            "สรุป", "summary", "summary", "summary", "สรุปผล", "summary",
            "ความต้องการ", "needs", "needs", "needs",
            "ช่วยเหลือ", "help", "help", "help", "วิธีใช้", "help");

    private final Groups groups;
    private final Summaries summaries;
    private final ObjectProvider<OpenNeeds> needs;
    private final Outbox outbox;
    private final MessageSource texts;

    GroupCommands(Groups groups, Summaries summaries, ObjectProvider<OpenNeeds> needs, Outbox outbox, MessageSource texts) {
        this.groups = groups;
        this.summaries = summaries;
        this.needs = needs;
        this.outbox = outbox;
        this.texts = texts;
    }

    @Override
    public boolean handle(ChatMessage message) {
        if (!message.isText()) {
            return false;
        }
        String command = COMMANDS.get(message.text().replace(" ", "").toLowerCase(Locale.ROOT));
        if (command == null) {
            return false;
        }
        if (command.equals("help")) {
            send(message, List.of(help()));
            return true;
        }
        Optional<LineGroup> group = message.chat().isGroup() ? groups.find(message.chat().id()).filter(LineGroup::registered)
                : Optional.empty();
        if (group.isEmpty()) {
            send(message, List.of(new TextMessage(text("checkin.unregistered"))));
            return true;
        }
        if (command.equals("summary")) {
            send(message, List.of(summaries.card(group.get(), summaries.thisWeek(), null),
                    summaries.card(group.get(), summaries.thisMonth(), null)));
        } else {
            OpenNeeds open = needs.getIfAvailable();
            List<String> list = open == null ? List.of() : open.describe(group.get().id(), 10);
            send(message, List.of(new TextMessage(list.isEmpty() ? text("checkin.needs.none")
                    : texts.getMessage("checkin.needs.list", new Object[]{list.size(), "• " + String.join("\n• ", list)},
                    CheckInCards.THAI_LOCALE))));
        }
        return true;
    }

    private Message help() {
        List<QuickReplyItem> items = List.of(
                new QuickReplyItem(new MessageAction(text("checkin.help.report"), text("checkin.help.report"))),
                new QuickReplyItem(new MessageAction(text("checkin.help.summary"), text("checkin.help.summary"))),
                new QuickReplyItem(new MessageAction(text("checkin.help.needs"), text("checkin.help.needs"))));
        return new TextMessage(new QuickReply(items), null, text("checkin.help"), null, null);
    }

    private String text(String key) {
        return texts.getMessage(key, null, CheckInCards.THAI_LOCALE);
    }

    private void send(ChatMessage message, List<Message> messages) {
        outbox.enqueue(OutgoingMessage.reply("command:" + message.eventKey(), message.chat().id(), message.replyToken(),
                message.at(), "group-command", messages));
    }
}
