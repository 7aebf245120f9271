package org.sanphalang.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sanphalang.checkin.internal.CheckInCards;
import org.sanphalang.checkin.internal.CheckInStore;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.PrivacyNotice;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.webhook.ChatMessage;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Which group messages the recorder looks at: it stays quiet on chatter, and asks the store nothing for it. */
class CheckInRecorderTest {

    static final String GROUP = "C" + "0".repeat(31) + "1";

    final Groups groups = mock(Groups.class);
    final Outbox outbox = mock(Outbox.class);
    final CheckInRecorder recorder = new CheckInRecorder(new CheckInParser(), mock(CheckInStore.class), mock(CheckInCards.class),
            groups, mock(PrivacyNotice.class), outbox, mock(ApplicationEventPublisher.class), mock(MongoTemplate.class),
            Clock.systemUTC());

    @Test
    void ordinaryChatterInAGroupIsLeftAloneWithoutLookingTheGroupUp() {
        assertThat(recorder.handle(text("สวัสดีค่ะทุกคน วันนี้อากาศดีนะ"))).isFalse();

        verifyNoInteractions(groups, outbox);
    }

    @Test
    void aCheckInInAGroupThatIsNotRegisteredIsLookedUpAndLeftAlone() {
        when(groups.find(GROUP)).thenReturn(Optional.empty());

        assertThat(recorder.handle(text("ผลิต ๒๐๐ ห่อ ขายได้ ๑๕๐ ได้เงิน ๓,๗๕๐ บาท"))).isFalse();

        verify(groups).find(GROUP);
        verifyNoInteractions(outbox);
    }

    static ChatMessage text(String text) {
        return new ChatMessage("event-1", new ChatMessage.Chat(ChatMessage.Chat.Type.GROUP, GROUP), "U" + "0".repeat(31) + "2", text,
                null, "m-1", "reply-token", Instant.parse("2026-11-24T03:00:00Z"), false);
    }
}
