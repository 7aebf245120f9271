package org.sanphalang.officers;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * "เชื่อมบัญชี 12345678" / "link 12345678" in a 1:1 chat links the speaker's LINE account to the officer who was
 * given that code in the console. Only in a 1:1 chat: a code typed in a group would be seen by villagers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class LineAccountLinking implements ChatHandler {

    private static final Pattern COMMAND = Pattern.compile("^(?:เชื่อมบัญชี|link)\\s*(\\d{8})$", Pattern.CASE_INSENSITIVE);

    private final Officers officers;
    private final Outbox outbox;
    private final MessageSource texts;

    LineAccountLinking(Officers officers, Outbox outbox, MessageSource texts) {
        this.officers = officers;
        this.outbox = outbox;
        this.texts = texts;
    }

    @Override
    public boolean handle(ChatMessage message) {
        if (!message.isText()) {
            return false;
        }
        Matcher command = COMMAND.matcher(message.textWithArabicDigits());
        if (!command.matches()) {
            return false;
        }
        if (!message.chat().isPrivate()) {
            reply(message, "officer.link.private-only");
            return true;
        }
        Optional<Officer> linked = officers.link(command.group(1), message.userId());
        reply(message, linked.isPresent() ? "officer.link.done" : "officer.link.bad-code",
                linked.map(Officer::displayName).orElse(""));
        return true;
    }

    private void reply(ChatMessage message, String key, Object... args) {
        String text = texts.getMessage(key, args, Locale.forLanguageTag("th"));
        outbox.enqueue(OutgoingMessage.reply("officer-link:" + message.eventKey(), message.chat().id(),
                message.replyToken(), message.at(), "officer-link", List.of(new TextMessage(text))));
    }
}
