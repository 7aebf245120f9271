package org.sanphalang.webhook;

/**
 * A feature's part of the conversation. Handlers are asked in {@link org.springframework.core.annotation.Order}
 * until one takes the message; commands come first, free text (check-ins) last, and a message no one takes
 * gets no answer — the bot stays quiet on ordinary chatter.
 * <p>
 * A handler may be asked again for the same message after a crash or failure: key effects on
 * {@link ChatMessage#eventKey()}.
 */
public interface ChatHandler {

    /** @return true when this handler took the message */
    boolean handle(ChatMessage message);
}
