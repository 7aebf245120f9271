package org.sanphalang.needs;

import java.util.List;
import java.util.Locale;

import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The need card's 👍 button: a member says "us too"; only for a need of the group it is tapped in. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 130)
class NeedVoices implements ChatHandler {

    private final Needs needs;
    private final Outbox outbox;
    private final MessageSource texts;

    NeedVoices(Needs needs, Outbox outbox, MessageSource texts) {
        this.needs = needs;
        this.outbox = outbox;
        this.texts = texts;
    }

    @Override
    public boolean handle(ChatMessage message) {
        String needId = message.postback().get("need");
        if (!"need-plus".equals(message.postback().action()) || needId == null || !message.chat().isGroup()
                || message.userId() == null) {
            return false;
        }
        String text = needs.plusOne(needId, message.chat().id(), message.userId())
                .map(n -> texts.getMessage("need.plus-one", new Object[]{n.plusOnes().size()}, Locale.forLanguageTag("th")))
                .orElseGet(() -> texts.getMessage("need.not-found", null, Locale.forLanguageTag("th")));
        outbox.enqueue(OutgoingMessage.reply("need-plus:" + message.eventKey(), message.chat().id(), message.replyToken(),
                message.at(), "need-plus", List.of(new TextMessage(text))));
        return true;
    }
}
