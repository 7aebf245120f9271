package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.ImageMessage;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.MessageAction;
import com.linecorp.bot.messaging.model.MulticastRequest;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.QuickReply;
import com.linecorp.bot.messaging.model.QuickReplyItem;
import com.linecorp.bot.messaging.model.TextMessage;
import org.junit.jupiter.api.Test;
import org.sanphalang.flex.FlexSettings;
import org.sanphalang.flex.FlexTemplates;

/** A broadcast's messages written once as the SDK's JSON must give LINE the very body the SDK writes from the model. */
class RenderedMessagesTest {

    final ObjectMapper sdk = ModelObjectMapper.createNewObjectMapper();
    final RenderedMessages rendered = new RenderedMessages();

    final List<Message> card = List.of(
            new FlexTemplates(new FlexSettings(Path.of("flex-templates"))).render("broadcast-card", Map.of(
                    "groupName", "วิสาหกิจชุมชนกล้วยตากบ้านหนองบัว", "groupId", "Ca56f94637cc4347f90a25382909b24b9",
                    "title", "อบรมการทำบัญชีครัวเรือน 📒", "body", "ขอเชิญสมาชิก \"ทุกคน\" เข้าร่วมอบรม\nณ ศาลาประชาคมหมู่ 3",
                    "sender", "นางสาวสุดา ใจดี", "date", "1 ธ.ค. 2569", "linkUrl", "https://sanphalang.example.org/news/42")),
            new TextMessage.Builder("รายงานวันนี้ได้เลยค่ะ \\ </script> \u0000")
                    .quickReply(new QuickReply(List.of(new QuickReplyItem(null, new MessageAction("ผลิต", "ผลิต"), "action"))))
                    .build(),
            new ImageMessage(URI.create("https://sanphalang.example.org/charts/week-48.png"),
                    URI.create("https://sanphalang.example.org/charts/week-48-s.png")));

    @Test
    void aPushOrMulticastWithRenderedMessagesHasTheBodyTheSdkWritesByteForByte() throws Exception {
        rendered.of(card);
        List<Message> asJson = rendered.of(card);
        assertThat(asJson).hasSize(3).allMatch(RenderedMessages.Rendered.class::isInstance);

        assertThat(sdk.writeValueAsString(new PushMessageRequest("Ca56f94637cc4347f90a25382909b24b9", asJson, false, null)))
                .isEqualTo(sdk.writeValueAsString(new PushMessageRequest("Ca56f94637cc4347f90a25382909b24b9", card, false, null)));
        assertThat(sdk.writeValueAsString(new MulticastRequest(asJson, List.of("U1", "U2"), false, null)))
                .isEqualTo(sdk.writeValueAsString(new MulticastRequest(card, List.of("U1", "U2"), false, null)));
        // and what LINE reads back from it is the model it was written from
        assertThat(sdk.readValue(sdk.writeValueAsString(new PushMessageRequest("C1", asJson, false, null)), PushMessageRequest.class)
                .messages()).isEqualTo(card);
    }

    @Test
    void onlyTheListSeenJustBeforeIsRenderedSoMessagesSentOnceCostNothingMore() {
        List<Message> reply = List.of(new TextMessage("บันทึกแล้วค่ะ"));
        assertThat(rendered.of(card)).isSameAs(card); // first sight: as it is
        assertThat(rendered.of(reply)).isSameAs(reply);
        assertThat(rendered.of(card)).isSameAs(card); // another list came between
        List<Message> again = rendered.of(card);
        assertThat(again).isNotSameAs(card).allMatch(RenderedMessages.Rendered.class::isInstance);
        assertThat(rendered.of(card)).isSameAs(again); // rendered once for all the pushes that follow
        assertThat(again).extracting(m -> ((RenderedMessages.Rendered) m).message()).isEqualTo(card);
        assertThat(again.get(1).quickReply()).isEqualTo(card.get(1).quickReply());
    }
}
