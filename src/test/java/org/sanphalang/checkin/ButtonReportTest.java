package org.sanphalang.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;

/** A check-in with no typing: รายงานผล → product → what → amount, and the card's undo button. */
class ButtonReportTest extends EndToEndTest {

    @Test
    void walksAVillagerThroughProductWhatAndAmountWithButtons() {
        String group = registeredGroup("กลุ่มแม่บ้านเกาะหัวช้าง", "[\"ข้าวแต๋น\",\"กล้วยตาก\"]", "แม่พริก");
        String villager = id("U");

        deliver(text(group, villager, "รายงานผล"));
        awaitOutboxDrained();
        JsonNode products = sentMessages().get(0).path("quickReply").path("items");
        assertThat(products).extracting(i -> i.path("action").path("label").asText()).contains("ข้าวแต๋น", "กล้วยตาก");

        LINE.reset();
        deliver(postback(group, villager, products.get(0).path("action").path("data").asText()));
        awaitOutboxDrained();
        JsonNode what = sentMessages().get(0).path("quickReply").path("items");
        assertThat(what).extracting(i -> i.path("action").path("label").asText()).containsExactly("ผลิต", "ขาย", "รายได้");

        LINE.reset();
        deliver(postback(group, villager, what.get(0).path("action").path("data").asText()));
        awaitOutboxDrained();
        JsonNode amounts = sentMessages().get(0).path("quickReply").path("items");
        assertThat(amounts).extracting(i -> i.path("action").path("label").asText()).contains("200 ห่อ");
        assertThat(amounts.get(amounts.size() - 1).path("action").path("inputOption").asText()).isEqualTo("openKeyboard");

        LINE.reset();
        String twoHundred = List.copyOf(java.util.stream.StreamSupport.stream(amounts.spliterator(), false).toList()).stream()
                .filter(i -> i.path("action").path("label").asText().equals("200 ห่อ")).findFirst().orElseThrow()
                .path("action").path("data").asText();
        deliver(postback(group, villager, twoHundred));
        awaitOutboxDrained();

        Document checkIn = mongo.findOne(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("groupId").is(group)), Document.class, "checkins");
        assertThat(checkIn.getString("source")).isEqualTo("buttons");
        assertThat(checkIn.getString("product")).isEqualTo("ข้าวแต๋น");
        assertThat(checkIn.get("produced", Document.class).get("qty").toString()).isEqualTo("200");
        assertThat(checkIn.get("produced", Document.class).getString("unit")).isEqualTo("pack");
        assertThat(LINE.requests("POST", "/v2/bot/message/reply").get(0).body()).contains("บันทึกผลเรียบร้อย").contains("200 ห่อ");
        LINE.assertNoViolations();
    }

    @Test
    void theCardsUndoButtonTakesTheCheckInOutOfTheTotals() {
        String group = registeredGroup("กลุ่มกล้วยตาก", "[\"กล้วยตาก\"]", "แม่พริก");
        String villager = id("U");
        deliver(postback(group, villager, "action=report&p=%E0%B8%81%E0%B8%A5%E0%B9%89%E0%B8%A7%E0%B8%A2%E0%B8%95%E0%B8%B2%E0%B8%81&w=sold&q=50"));
        Document checkIn = mongo.findOne(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("groupId").is(group)), Document.class, "checkins");
        assertThat(weekly()).contains("\"sold\":{\"pack\":50}");

        deliver(postback(group, villager, "action=checkin-cancel&checkin=" + checkIn.getString("_id")));
        awaitOutboxDrained();

        assertThat(mongo.findById(checkIn.getString("_id"), Document.class, "checkins").getBoolean("cancelled")).isTrue();
        assertThat(weekly()).contains("\"checkins\":0");
        assertThat(sentMessages()).anySatisfy(m -> assertThat(m.path("text").asText()).contains("ยกเลิก"));
    }

    @Test
    void aButtonFromAnotherGroupCannotUndoThisGroupsCheckIn() {
        String group = registeredGroup("กลุ่ม A", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String other = registeredGroup("กลุ่ม B", "[\"ข้าวแต๋น\"]", "แม่พริก");
        deliver(postback(group, id("U"), "action=report&p=-&w=revenue&q=1000"));
        Document checkIn = mongo.findOne(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("groupId").is(group)), Document.class, "checkins");

        deliver(postback(other, id("U"), "action=checkin-cancel&checkin=" + checkIn.getString("_id")));
        awaitOutboxDrained();

        assertThat(mongo.findById(checkIn.getString("_id"), Document.class, "checkins").getBoolean("cancelled")).isFalse();
        assertThat(sentMessages()).anySatisfy(m -> assertThat(m.path("text").asText()).contains("ไม่พบรายการ"));
    }

    @Test
    void answersHelpWithButtonsAndSummaryWithTwoCards() {
        String group = registeredGroup("กลุ่มส้มเกลี้ยง", "[\"ส้มเกลี้ยง\"]", "แม่พริก");
        deliver(postback(group, id("U"), "action=report&p=-&w=revenue&q=2000"));
        awaitOutboxDrained();
        LINE.reset();

        assertThat(say(group, id("U"), "ช่วยเหลือ")).singleElement().asString().contains("รายงานผล");
        LINE.reset();
        deliver(text(group, id("U"), "สรุป"));
        awaitOutboxDrained();
        List<JsonNode> cards = sentMessages();
        assertThat(cards).hasSize(2).allSatisfy(card -> assertThat(card.path("type").asText()).isEqualTo("flex"));
        assertThat(cards.get(0).toString()).contains("สรุปผลประจำสัปดาห์").contains("2,000");
        assertThat(cards.get(1).toString()).contains("สรุปผลประจำเดือน");
        LINE.assertNoViolations();
    }

    private String weekly() {
        return asAdmin("GET", "/api/v1/summaries/weekly", null).body();
    }
}
