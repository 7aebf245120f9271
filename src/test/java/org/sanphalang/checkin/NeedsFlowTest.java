package org.sanphalang.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;

/** The Pracharat loop: a need in the group's words → the usual agency → officers move it on → the group hears. */
class NeedsFlowTest extends EndToEndTest {

    @Test
    void aNeedIsRecordedWithItsCategoryAndAgencyAndEveryChangeIsAnnounced() {
        String group = registeredGroup("กลุ่มกล้วยตาก", "[\"กล้วยตาก\"]", "แม่พริก");
        String villager = id("U");

        deliver(text(group, villager, "ฝนตกทั้งอาทิตย์ ตากกล้วยไม่ได้"));
        awaitOutboxDrained();
        Document need = mongo.findOne(new org.springframework.data.mongodb.core.query.Query(), Document.class, "needs");
        assertThat(need.getString("category")).isEqualTo("ENERGY");
        assertThat(need.getString("agency")).isEqualTo("ENERGY_OFFICE");
        assertThat(need.getString("status")).isEqualTo("OPEN");
        assertThat(sentMessages().toString()).contains("สำนักงานพลังงานจังหวัด").contains("action=need-plus");

        LINE.reset();
        deliver(postback(group, id("U"), "action=need-plus&need=" + need.getString("_id")));
        awaitOutboxDrained();
        assertThat(sentMessages().toString()).contains("2 คน");

        LINE.reset();
        HttpResponse<String> changed = asAdmin("PATCH", "/api/v1/needs/" + need.getString("_id"),
                "{\"status\":\"FORWARDED\",\"priority\":\"HIGH\",\"note\":\"ส่งเรื่องตู้อบพลังงานแสงอาทิตย์แล้ว\"}");
        assertThat(changed.statusCode()).isEqualTo(200);
        awaitOutboxDrained();
        assertThat(LINE.requests("POST", "/v2/bot/message/push")).singleElement()
                .satisfies(push -> assertThat(push.body()).contains(group).contains("ส่งต่อหน่วยงานแล้ว").contains("ตู้อบพลังงานแสงอาทิตย์"));
        assertThat(asAdmin("GET", "/api/v1/needs?status=FORWARDED", null).body()).contains(need.getString("_id"));
        LINE.assertNoViolations();
    }

    @Test
    void supportGivenToOneGroupIsExplainedToEveryGroupInTheAmphoe() {
        String helped = registeredGroup("กลุ่มข้าวแต๋น", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String neighbour = registeredGroup("กลุ่มส้มเกลี้ยง", "[\"ส้มเกลี้ยง\"]", "แม่พริก");
        String elsewhere = registeredGroup("กลุ่มเมือง", "[\"ข้าวแต๋น\"]", "เมืองลำปาง");

        HttpResponse<String> recorded = asAdmin("POST", "/api/v1/support", """
                {"lineGroupId":"%s","what":"เครื่องซีลถุง 1 เครื่อง","agency":"UNIVERSITY","reason":"ยอดขายโตต่อเนื่อง 3 เดือน และยังไม่เคยได้รับการสนับสนุน"}"""
                .formatted(helped));
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        awaitOutboxDrained();

        assertThat(LINE.requests("POST", "/v2/bot/message/push")).extracting(r -> r.json().path("to").asText())
                .containsExactlyInAnyOrder(helped, neighbour).doesNotContain(elsewhere);
        assertThat(LINE.requests("POST", "/v2/bot/message/push").get(0).body()).contains("เครื่องซีลถุง").contains("เหตุผล");
        assertThat(asAdmin("GET", "/api/v1/support", null).body()).contains("เครื่องซีลถุง");
    }

    @Test
    void theNeedsCommandListsTheGroupsOpenNeedsOnly() {
        String group = registeredGroup("กลุ่ม N", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String other = registeredGroup("กลุ่ม M", "[\"ข้าวแต๋น\"]", "แม่พริก");
        deliver(text(group, id("U"), "อยากได้เครื่องซีลถุงใหม่ครับ"));
        deliver(text(other, id("U"), "ต้องการความรู้เรื่องการทำบัญชี"));
        awaitOutboxDrained();
        LINE.reset();

        assertThat(say(group, id("U"), "ความต้องการ")).singleElement().asString().contains("เครื่องซีลถุง").doesNotContain("บัญชี");
    }

    @Test
    void theWeeklySummaryCountsEachGroupsOpenNeedsButNotResolvedOnes() throws Exception {
        String twoOpen = registeredGroup("กลุ่ม O", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String oneResolved = registeredGroup("กลุ่ม R", "[\"ข้าวแต๋น\"]", "แม่พริก");
        deliver(text(twoOpen, id("U"), "อยากได้เครื่องซีลถุงใหม่ครับ"));
        deliver(text(twoOpen, id("U"), "ต้องการความรู้เรื่องการทำบัญชี"));
        deliver(text(oneResolved, id("U"), "อยากได้เครื่องซีลถุงใหม่ครับ"));
        awaitOutboxDrained();
        Document resolved = mongo.findOne(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("groupId").is(oneResolved)), Document.class, "needs");
        assertThat(asAdmin("PATCH", "/api/v1/needs/" + resolved.getString("_id"), "{\"status\":\"RESOLVED\"}").statusCode()).isEqualTo(200);

        com.fasterxml.jackson.databind.JsonNode rows = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(asAdmin("GET", "/api/v1/summaries/weekly", null).body()).path("groups");
        java.util.Map<String, Integer> open = new java.util.HashMap<>();
        rows.forEach(row -> open.put(row.path("lineGroupId").asText(), row.path("openNeeds").asInt(-1)));
        assertThat(open).containsEntry(twoOpen, 2).containsEntry(oneResolved, 0);
    }
}
