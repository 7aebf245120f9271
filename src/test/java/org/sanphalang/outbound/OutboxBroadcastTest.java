package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.linecorp.bot.messaging.model.TextMessage;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;
import org.springframework.beans.factory.annotation.Autowired;

/** A message to every follower goes through LINE's broadcast API once per key, with a retry key. */
class OutboxBroadcastTest extends EndToEndTest {

    @Autowired
    Outbox outbox;

    @Test
    void broadcastsOncePerKeyWithARetryKey() {
        assertThat(outbox.enqueueBroadcast("broadcast-test", "test", List.of(new TextMessage("ข่าวดีจากบ้านเกาะหัวช้าง")))).isTrue();
        assertThat(outbox.enqueueBroadcast("broadcast-test", "test", List.of(new TextMessage("ข่าวดีจากบ้านเกาะหัวช้าง")))).isFalse();
        awaitOutboxDrained();

        assertThat(LINE.requests("POST", "/v2/bot/message/broadcast")).singleElement().satisfies(request -> {
            assertThat(request.header("X-Line-Retry-Key")).matches("[0-9a-f-]{36}");
            assertThat(request.body()).contains("ข่าวดีจากบ้านเกาะหัวช้าง");
        });
        assertThat(LINE.requests("POST", "/v2/bot/message/push")).isEmpty();
        LINE.assertNoViolations();
    }
}
