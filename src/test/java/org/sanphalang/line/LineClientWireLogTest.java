package org.sanphalang.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.LineApiStandIn;
import org.slf4j.LoggerFactory;

/**
 * Calls to LINE leave nothing in the logs by themselves, whatever level the SDK's wire logger is set to: no channel
 * token, no villager's words — through either client, the Messaging API's or its content API's.
 */
class LineClientWireLogTest {

    static final String TOKEN = "token-that-must-never-be-logged";

    private final Logger wire = (Logger) LoggerFactory.getLogger("com.linecorp.bot.client.wire");
    private final ListAppender<ILoggingEvent> written = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void listenAtTheMostTalkativeLevel() {
        levelBefore = wire.getLevel();
        wire.setLevel(Level.TRACE);
        written.start();
        wire.addAppender(written);
    }

    @AfterEach
    void restore() {
        wire.detachAppender(written);
        wire.setLevel(levelBefore);
    }

    @Test
    void aPushWritesNeitherTheChannelTokenNorTheMessageToTheWireLog() throws Exception {
        try (LineApiStandIn line = LineApiStandIn.start()) {
            MessagingApiClient client = new LineClientConfiguration().messagingApiClient(channelAt(line.baseUrl()),
                    settings(line.baseUrl()));

            client.pushMessage(UUID.randomUUID(), new PushMessageRequest("C" + "0".repeat(32),
                    List.of(new TextMessage("ขายได้ ๑๕๐ ห่อ")), false, null)).get();

            assertThat(line.requests("POST", "/v2/bot/message/push")).singleElement()
                    .satisfies(r -> assertThat(r.headers().get("Authorization")).containsExactly("Bearer " + TOKEN));
            assertThat(written.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains(TOKEN) || m.contains("ขายได้"));
        }
    }

    @Test
    void downloadingAPhotoWritesNotTheChannelTokenToTheWireLog() throws Exception {
        try (LineApiStandIn line = LineApiStandIn.start()) {
            MessagingApiBlobClient blobs = new LineClientConfiguration().messagingApiBlobClient(channelAt(line.baseUrl()),
                    settings(line.baseUrl()));

            assertThat(blobs.getMessageContent("photo-1").get().body().byteStream().readAllBytes()).isNotEmpty();

            assertThat(line.requests("GET", "/v2/bot/message/photo-1/content")).singleElement()
                    .satisfies(r -> assertThat(r.headers().get("Authorization")).containsExactly("Bearer " + TOKEN));
            assertThat(written.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(TOKEN));
        }
    }

    private static LineSettings settings(URI base) {
        return new LineSettings("secret", TOKEN, base, base, false, Duration.ofSeconds(5), Duration.ofSeconds(10), 64);
    }

    private static LineChannel channelAt(URI base) {
        return new LineChannel(settings(base), 8080);
    }
}
