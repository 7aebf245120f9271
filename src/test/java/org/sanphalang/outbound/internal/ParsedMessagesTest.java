package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import org.junit.jupiter.api.Test;

class ParsedMessagesTest {

    private final ParsedMessages parsed = new ParsedMessages();

    @Test
    void theSameJsonIsParsedOnceAndServesEveryPush() throws IOException {
        String json = json(new TextMessage("ประชุมกลุ่มวันศุกร์นี้ 09:00 น."));

        List<Message> first = parsed.of(json);
        List<Message> again = parsed.of(new String(json.toCharArray())); // as each entry read from the store is its own string

        assertThat(first).containsExactly(new TextMessage("ประชุมกลุ่มวันศุกร์นี้ 09:00 น."));
        assertThat(again).isSameAs(first);
        assertThatThrownBy(() -> first.add(new TextMessage("x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void differentMessagesStayDifferentPastTheRoomKept() throws IOException {
        for (int i = 0; i < 3 * ParsedMessages.KEPT_MAX; i++) {
            assertThat(parsed.of(json(new TextMessage("ข้อความ " + i)))).containsExactly(new TextMessage("ข้อความ " + i));
        }
        assertThat(parsed.of(json(new TextMessage("ข้อความ 0")))).containsExactly(new TextMessage("ข้อความ 0"));
    }

    @Test
    void contentStoredOnceForManyEntriesIsReadFromTheStoreOnceAndWhatIsNotStoredIsAskedForAgain() throws IOException {
        String json = json(new TextMessage("ประกาศ"));
        List<String> asked = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            assertThat(parsed.shared("card", id -> {
                asked.add(id);
                return Optional.of(json);
            })).contains(List.of(new TextMessage("ประกาศ")));
            assertThat(parsed.shared("gone", id -> {
                asked.add(id);
                return Optional.empty();
            })).isEmpty();
        }

        assertThat(asked).containsExactly("card", "gone", "gone", "gone");
        assertThat(parsed.of(json)).as("an entry's own JSON is not taken for the content's id").containsExactly(new TextMessage("ประกาศ"));
    }

    @Test
    void unreadableJsonIsRefusedEveryTime() {
        assertThatThrownBy(() -> parsed.of("[{\"type\":\"no-such-type\"}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parsed.of("[{\"type\":\"no-such-type\"}")).isInstanceOf(IOException.class);
    }

    private static String json(Message... messages) throws IOException {
        return ModelObjectMapper.createNewObjectMapper().writerFor(OutboxDispatcher.MESSAGE_LIST).writeValueAsString(List.of(messages));
    }
}
