package org.sanphalang.broadcast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PostbackAction;
import com.linecorp.bot.messaging.model.QuickReply;
import com.linecorp.bot.messaging.model.QuickReplyItem;
import com.linecorp.bot.messaging.model.ShowLoadingAnimationRequest;
import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officer;
import org.sanphalang.officers.Officers;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * "ประกาศ <ข้อความ>" from a linked officer in a 1:1 chat: a preview (the card, how many groups, the quota cost) with
 * ยืนยัน / ยกเลิก buttons. Anyone else — a villager, an unlinked account, anyone in a group — is told politely that
 * it is an officer's command, and nothing is sent.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
class OfficerAnnouncements implements ChatHandler {

    private static final Logger log = LoggerFactory.getLogger(OfficerAnnouncements.class);
    private static final Pattern COMMAND = Pattern.compile("^(?:ประกาศ|broadcast)\\s+(.+)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Locale THAI = Locale.forLanguageTag("th");

    private final Broadcasts broadcasts;
    private final Officers officers;
    private final Outbox outbox;
    private final MessagingApiClient line;
    private final MessageSource texts;

    OfficerAnnouncements(Broadcasts broadcasts, Officers officers, Outbox outbox, MessagingApiClient line, MessageSource texts) {
        this.broadcasts = broadcasts;
        this.officers = officers;
        this.outbox = outbox;
        this.line = line;
        this.texts = texts;
    }

    @Override
    public boolean handle(ChatMessage message) {
        if (message.isText()) {
            Matcher command = COMMAND.matcher(message.text());
            if (!command.matches()) {
                return false;
            }
            if (!message.chat().isPrivate() && !message.mentionsBot()) {
                // "ประกาศ ..." is also ordinary Thai in a group chat: no answer unless the bot is addressed.
                return false;
            }
            Optional<Officer> officer = commandingOfficer(message);
            if (officer.isEmpty()) {
                reply(message, List.of(new TextMessage(text("broadcast.officers-only"))));
                return true;
            }
            preview(message, officer.get(), command.group(1).strip());
            return true;
        }
        String action = message.postback().action();
        String id = message.postback().get("id");
        if (id == null || !(action.equals("broadcast-confirm") || action.equals("broadcast-cancel"))) {
            return false;
        }
        Optional<Officer> officer = commandingOfficer(message);
        if (officer.isEmpty()) {
            reply(message, List.of(new TextMessage(text("broadcast.officers-only"))));
            return true;
        }
        if (action.equals("broadcast-confirm")) {
            String answer = broadcasts.find(id).filter(b -> b.createdBy().equals(officer.get().username()))
                    .flatMap(b -> broadcasts.send(id, officer.get()))
                    .map(b -> texts.getMessage("broadcast.sent", new Object[]{b.recipients().size()}, THAI))
                    .orElseGet(() -> text("broadcast.not-sendable"));
            reply(message, List.of(new TextMessage(answer)));
        } else {
            reply(message, List.of(new TextMessage(text(broadcasts.cancel(id, officer.get().username())
                    ? "broadcast.cancelled" : "broadcast.not-sendable"))));
        }
        return true;
    }

    /** Only a linked officer, and only in their 1:1 chat with the bot. */
    private Optional<Officer> commandingOfficer(ChatMessage message) {
        if (!message.chat().isPrivate()) {
            return Optional.empty();
        }
        return officers.byLineUser(message.userId()).filter(Officer::mayCommand);
    }

    private void preview(ChatMessage message, Officer officer, String text) {
        showLoading(message.chat().id());
        Area area = officer.isAdmin() || officer.area() == null ? Area.EVERYWHERE : officer.area();
        Broadcast draft = broadcasts.create(officer, area, null, text, null, null, Broadcast.Status.PREVIEW);
        List<QuickReplyItem> buttons = List.of(
                new QuickReplyItem(new PostbackAction(text("broadcast.confirm"), "action=broadcast-confirm&id=" + draft.id(),
                        text("broadcast.confirm"), null, null, null)),
                new QuickReplyItem(new PostbackAction(text("broadcast.cancel"), "action=broadcast-cancel&id=" + draft.id(),
                        text("broadcast.cancel"), null, null, null)));
        List<Message> messages = new ArrayList<>();
        messages.add(new TextMessage(new QuickReply(buttons), null, texts.getMessage("broadcast.preview",
                new Object[]{draft.recipients().size(), draft.membersCharged(), text}, THAI), null, null));
        reply(message, messages);
    }

    /** The dots in the officer's chat while the preview is prepared; purely cosmetic, so failures are ignored. */
    private void showLoading(String userId) {
        try {
            line.showLoadingAnimation(new ShowLoadingAnimationRequest(userId, 10)).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Loading animation not shown: {}", e.toString());
        }
    }

    private String text(String key) {
        return texts.getMessage(key, null, THAI);
    }

    private void reply(ChatMessage message, List<Message> messages) {
        outbox.enqueue(OutgoingMessage.reply("announce:" + message.eventKey(), message.chat().id(), message.replyToken(),
                message.at(), "officer-broadcast", messages));
    }
}
