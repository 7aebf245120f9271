package org.sanphalang.webhook.internal;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import com.linecorp.bot.webhook.model.Event;
import com.linecorp.bot.webhook.model.GroupSource;
import com.linecorp.bot.webhook.model.Mention;
import com.linecorp.bot.webhook.model.MessageEvent;
import com.linecorp.bot.webhook.model.PostbackEvent;
import com.linecorp.bot.webhook.model.RoomSource;
import com.linecorp.bot.webhook.model.Source;
import com.linecorp.bot.webhook.model.TextMessageContent;
import com.linecorp.bot.webhook.model.UserMentionee;
import com.linecorp.bot.webhook.model.UserSource;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.sanphalang.webhook.LineEventReceived;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Turns text messages and postbacks into {@link ChatMessage}s and offers them to the features' handlers in order. */
@Component
class ChatRouter {

    /** Longer than any message a person types on a phone; beyond it the rest is not read. */
    static final int MAX_TEXT = 5_000;

    private static final Pattern INVISIBLE = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u3000]+");

    private final ObjectProvider<ChatHandler> handlers;
    /**
     * The handlers in order, looked up once, at the first message, when every feature's handler exists: resolving
     * them through the provider for every message was 2 % of handling's CPU (a JFR profile of the inbox drain).
     */
    private volatile List<ChatHandler> ordered;

    ChatRouter(ObjectProvider<ChatHandler> handlers) {
        this.handlers = handlers;
    }

    @EventListener
    void on(LineEventReceived received) {
        ChatMessage message = toChatMessage(received);
        if (message == null) {
            return;
        }
        List<ChatHandler> inOrder = ordered;
        if (inOrder == null) {
            ordered = inOrder = handlers.orderedStream().toList();
        }
        for (ChatHandler handler : inOrder) {
            if (handler.handle(message)) {
                return;
            }
        }
    }

    static ChatMessage toChatMessage(LineEventReceived received) {
        Event event = received.event();
        ChatMessage.Chat chat = chatOf(event.source());
        if (chat == null) {
            return null;
        }
        Instant at = event.timestamp() != null ? Instant.ofEpochMilli(event.timestamp()) : received.receivedAt();
        String userId = userOf(event.source());
        if (event instanceof MessageEvent message && message.message() instanceof TextMessageContent text && text.text() != null) {
            boolean mentioned = mentionsSelf(text.mention());
            return new ChatMessage(received.eventKey(), chat, userId, tidy(withoutSelfMention(text.text(), text.mention())),
                    null, text.id(), message.replyToken(), at, mentioned);
        }
        if (event instanceof PostbackEvent postback && postback.postback() != null && postback.postback().data() != null) {
            return new ChatMessage(received.eventKey(), chat, userId, null, postback.postback().data(), null,
                    postback.replyToken(), at, false);
        }
        return null;
    }

    static String tidy(String text) {
        String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        return SPACES.matcher(INVISIBLE.matcher(cut).replaceAll("")).replaceAll(" ").strip();
    }

    private static boolean mentionsSelf(Mention mention) {
        return mention != null && mention.mentionees() != null && mention.mentionees().stream()
                .anyMatch(m -> m instanceof UserMentionee user && Boolean.TRUE.equals(user.isSelf()));
    }

    /** "@Sanphalang สรุป" reads as "สรุป": the bot's own name is not part of the command. */
    private static String withoutSelfMention(String text, Mention mention) {
        if (mention == null || mention.mentionees() == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        mention.mentionees().stream()
                .filter(m -> m instanceof UserMentionee user && Boolean.TRUE.equals(user.isSelf()))
                .filter(m -> m.index() != null && m.length() != null)
                .sorted((a, b) -> Integer.compare(b.index(), a.index()))
                .forEach(m -> {
                    int from = Math.max(0, Math.min(m.index(), out.length()));
                    int to = Math.max(from, Math.min(m.index() + m.length(), out.length()));
                    out.delete(from, to);
                });
        return out.toString();
    }

    private static ChatMessage.Chat chatOf(Source source) {
        if (source instanceof GroupSource group) {
            return new ChatMessage.Chat(ChatMessage.Chat.Type.GROUP, group.groupId());
        }
        if (source instanceof RoomSource room) {
            return new ChatMessage.Chat(ChatMessage.Chat.Type.ROOM, room.roomId());
        }
        if (source instanceof UserSource user && user.userId() != null) {
            return new ChatMessage.Chat(ChatMessage.Chat.Type.USER, user.userId());
        }
        return null;
    }

    private static String userOf(Source source) {
        if (source instanceof GroupSource group) {
            return group.userId();
        }
        if (source instanceof RoomSource room) {
            return room.userId();
        }
        return source instanceof UserSource user ? user.userId() : null;
    }
}
