package org.sanphalang.webhook;

import java.time.Instant;

/**
 * A text message or a button tap (postback) in a chat, as the feature handlers see it.
 *
 * @param eventKey    the event's unique key: key what you store or send on it
 * @param chat        where it was said
 * @param userId      who said it (may be null when LINE withholds it)
 * @param text        the text, tidied: zero-width characters removed, spaces collapsed, the bot's own
 *                    @mention cut out; null for a postback
 * @param postbackData the postback's data; null for text
 * @param messageId   LINE's message id (for unsend and edits), null for a postback
 * @param replyToken  to answer it for free within a minute
 * @param at          when LINE says it happened
 * @param mentionsBot whether the bot was @mentioned
 */
public record ChatMessage(String eventKey, Chat chat, String userId, String text, String postbackData,
                          String messageId, String replyToken, Instant at, boolean mentionsBot) {

    public record Chat(Type type, String id) {
        public enum Type { GROUP, ROOM, USER }

        public boolean isGroup() {
            return type == Type.GROUP;
        }

        public boolean isPrivate() {
            return type == Type.USER;
        }
    }

    public boolean isText() {
        return text != null;
    }

    /** The postback's data read as parameters; empty (no action) for a text message. */
    public Postback postback() {
        return postbackData == null ? Postback.NONE : Postback.parse(postbackData);
    }

    /** The text with Thai digits (๐–๙) as Arabic ones, for commands that carry codes. */
    public String textWithArabicDigits() {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= '\u0E50' && c <= '\u0E59' ? (char) ('0' + (c - '\u0E50')) : c);
        }
        return out.toString();
    }
}
