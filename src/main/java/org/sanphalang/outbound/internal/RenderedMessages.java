package org.sanphalang.outbound.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.QuickReply;
import com.linecorp.bot.messaging.model.Sender;

/**
 * Messages sent again and again (a broadcast's card, to each of 10,000 groups) as the SDK's JSON of them, written once.
 * <p>
 * Why: the SDK writes each request's body with Jackson, so every push wrote the whole Flex card again from its model:
 * 4–6 % of the bot's CPU samples in a 10,000-group broadcast (bench/RESULTS.md, session 26). A {@link Rendered} message
 * is written as the very JSON the SDK's mapper made of the model, so the body LINE receives does not change
 * ({@code RenderedMessagesTest} compares them byte for byte).
 * <p>
 * Only a list seen twice in a row is rendered — a broadcast's senders all pass the list {@link ParsedMessages} keeps
 * for its content — so messages sent once (replies, a single push) cost nothing more.
 */
final class RenderedMessages {

    private final ObjectWriter lineJson;
    /** The last list seen, and what it renders to once seen again (null until then). */
    private volatile Seen last;

    private record Seen(List<Message> source, List<Message> rendered) {
    }

    RenderedMessages() {
        this(ModelObjectMapper.createNewObjectMapper());
    }

    RenderedMessages(ObjectMapper lineJson) {
        this.lineJson = lineJson.writerFor(Message.class);
    }

    /** @return the same messages, as their JSON if this very list was seen just before; else the list itself */
    List<Message> of(List<Message> messages) {
        Seen seen = last;
        if (seen != null && seen.source() == messages) {
            if (seen.rendered() != null) {
                return seen.rendered();
            }
            List<Message> rendered = render(messages);
            last = new Seen(messages, rendered);
            return rendered;
        }
        last = new Seen(messages, null);
        return messages;
    }

    private List<Message> render(List<Message> messages) {
        List<Message> rendered = new ArrayList<>(messages.size());
        for (Message message : messages) {
            try {
                rendered.add(new Rendered(message, lineJson.writeValueAsString(message)));
            } catch (JsonProcessingException notWritable) {
                return messages; // the SDK's own write will report it for this send
            }
        }
        return List.copyOf(rendered);
    }

    /** A message and the SDK's JSON of it, type included, which is what a request's body gets. */
    @JsonSerialize(using = Rendered.AsWritten.class)
    record Rendered(Message message, String json) implements Message {

        @Override
        public QuickReply quickReply() {
            return message.quickReply();
        }

        @Override
        public Sender sender() {
            return message.sender();
        }

        static final class AsWritten extends StdSerializer<Rendered> {

            AsWritten() {
                super(Rendered.class);
            }

            @Override
            public void serialize(Rendered value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeRawValue(value.json());
            }

            // In a list of Message the SDK's mapper asks for the type too: the JSON written carries it already.
            @Override
            public void serializeWithType(Rendered value, JsonGenerator gen, SerializerProvider provider, TypeSerializer types)
                    throws IOException {
                gen.writeRawValue(value.json());
            }
        }
    }
}
