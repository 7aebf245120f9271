package org.sanphalang.flex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.FlexMessage;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sanphalang.testing.LineApiSpec;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlexTemplatesTest {

    static final String GROUP = "Ca56f94637cc4347f90a25382909b24b9";
    static final ObjectMapper SDK = ModelObjectMapper.createNewObjectMapper();
    static final List<String> ALL = List.of("checkin-confirmation", "nudge", "weekly-summary", "broadcast-card",
            "need-status", "welcome", "outcome-story");

    final FlexTemplates templates = new FlexTemplates(new FlexSettings(Path.of("flex-templates")));

    static Map<String, Object> realistic(String name) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("groupName", "วิสาหกิจชุมชนกล้วยตากบ้านหนองบัว");
        v.put("groupId", GROUP);
        switch (name) {
            case "checkin-confirmation" -> {
                v.put("product", "กล้วยตากอบน้ำผึ้ง");
                v.put("date", "พฤหัสบดี 26 พ.ย. 2569");
                v.put("produced", "250 ห่อ");
                v.put("sold", "180 ห่อ");
                v.put("revenue", 4500);
                v.put("cost", 1250.5);
                v.put("visitors", 12);
                v.put("checkinId", "665f1c2ab9e3a1");
            }
            case "nudge" -> {
                v.put("period", "สัปดาห์นี้");
                v.put("example", "ผลิต 200 ห่อ ขาย 150 ห่อ ได้ 3,000 บาท");
                v.put("lastReport", "จันทร์ 23 พ.ย.");
            }
            case "weekly-summary" -> {
                v.put("title", "📊 สรุปผลประจำสัปดาห์");
                v.put("current", "สัปดาห์นี้");
                v.put("versus", "เทียบสัปดาห์ก่อน");
                v.put("period", "23–29 พ.ย. 2569");
                v.put("produced", "1,250 ห่อ");
                v.put("producedChange", "▲ 12%");
                v.put("sold", "980 ห่อ");
                v.put("soldChange", "▲ 5%");
                v.put("revenue", 24500);
                v.put("revenueChange", "▼ 3%");
                v.put("cost", 8200);
                v.put("costChange", "เท่าเดิม");
                v.put("visitors", 45);
                v.put("visitorsChange", "▲ 20 คน");
                v.put("checkins", 6);
                v.put("openNeeds", 2);
                v.put("needs", List.of(Map.of("text", "เครื่องซีลถุงเสีย"), Map.of("text", "ขอช่องทางขายออนไลน์")));
                v.put("chartUrl", "https://sanphalang.example.org/charts/week-48.png");
            }
            case "broadcast-card" -> {
                v.put("title", "อบรมการทำบัญชีครัวเรือน");
                v.put("body", "ขอเชิญสมาชิกกลุ่มเข้าร่วมอบรม วันเสาร์ที่ 5 ธ.ค. เวลา 09:00 น.\nณ ศาลาประชาคมหมู่ 3");
                v.put("sender", "นางสาวสุดา ใจดี พัฒนาการอำเภอ");
                v.put("date", "1 ธ.ค. 2569");
                v.put("linkUrl", "https://sanphalang.example.org/news/42");
            }
            case "need-status" -> {
                v.put("need", "เครื่องซีลถุงเสีย ต้องการซ่อม");
                v.put("category", "อุปกรณ์");
                v.put("agency", "สำนักงานเกษตรอำเภอ");
                v.put("status", "กำลังดำเนินการ");
                v.put("note", "ช่างจะเข้าไปดูวันอังคารหน้า");
                v.put("updatedAt", "2 ธ.ค. 2569 14:30");
                v.put("needId", "n325708");
            }
            case "outcome-story" -> {
                v.put("title", "🌱 ผลลัพธ์ของเรา");
                v.put("scope", "วิสาหกิจชุมชนกล้วยตากบ้านหนองบัว");
                v.put("period", "เดือน พ.ย. 2569");
                v.put("headline", "วิสาหกิจชุมชนกล้วยตากบ้านหนองบัว เดือน พ.ย. 2569 รายได้ 24,500 บาท เพิ่มขึ้น 12% จากเดือนก่อน");
                v.put("text", "เดือน พ.ย. 2569 ผลิต 1,250 ห่อ ขายได้ 980 ห่อ รายได้รวม 24,500 บาท มีผู้มาเยือน 45 คน");
                v.put("figures", List.of(Map.of("label", "ผลิต", "value", "1,250 ห่อ", "change", "▲ 12%"),
                        Map.of("label", "รายได้", "value", "24,500 บาท", "change", "▼ 3%")));
                v.put("imageUrl", "https://sanphalang.example.org/stories/0b6f/chart.png");
                v.put("storyUrl", "https://sanphalang.example.org/stories/0b6f");
                v.put("buttonLabel", "อ่านเรื่องราว");
            }
            default -> {
            }
        }
        return v;
    }

    static String pushBody(Object message) throws IOException {
        Map<String, Object> push = new LinkedHashMap<>();
        push.put("to", GROUP);
        push.put("messages", List.of(message));
        return SDK.writeValueAsString(push);
    }

    @Test
    void allSixTemplatesAreThere() {
        assertThat(templates.names()).containsAll(ALL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkin-confirmation", "nudge", "weekly-summary", "broadcast-card", "need-status", "welcome",
            "outcome-story"})
    void everyTemplateRendersIntoAPushThatLinesSpecAccepts(String name) throws IOException {
        JsonNode tree = templates.renderTree(name, realistic(name));
        FlexMessage message = templates.render(name, realistic(name));

        assertThat(LineApiSpec.validate("POST", "/v2/bot/message/push", pushBody(tree))).isEmpty();
        // what the bot really sends: the SDK's model, serialised by the SDK
        String sdkBody = SDK.writeValueAsString(new PushMessageRequest(GROUP, List.of(message), false, null));
        assertThat(LineApiSpec.validate("POST", "/v2/bot/message/push", sdkBody)).isEmpty();
        assertThat(tree.toString()).doesNotContain("{{").doesNotContain("x-if").doesNotContain("x-each");
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkin-confirmation", "nudge", "weekly-summary", "broadcast-card", "need-status", "welcome",
            "outcome-story"})
    void everyTemplateRendersWithNoValuesAtAllAndStillPassesTheSpec(String name) throws IOException {
        JsonNode tree = templates.renderTree(name, Map.of());

        assertThat(LineApiSpec.validate("POST", "/v2/bot/message/push", pushBody(tree))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkin-confirmation", "nudge", "weekly-summary", "broadcast-card", "need-status", "welcome",
            "outcome-story"})
    void everyTemplateIsWithinLinesSizeLimits(String name) throws IOException {
        JsonNode tree = templates.renderTree(name, realistic(name));

        assertThat(tree.path("altText").asText()).isNotBlank().hasSizeLessThanOrEqualTo(1500);
        assertThat(SDK.writeValueAsBytes(tree.path("contents")).length).isLessThanOrEqualTo(30 * 1024);
    }

    @Test
    void checkinConfirmationShowsTheFiguresAndCarriesTheIdInBothButtons() {
        JsonNode tree = templates.renderTree("checkin-confirmation", realistic("checkin-confirmation"));

        String json = tree.toString();
        assertThat(json).contains("กล้วยตากอบน้ำผึ้ง", "250 ห่อ", "4,500 บาท", "1,250.5 บาท", "12 คน");
        assertThat(tree.findValuesAsText("data")).containsExactly("action=checkin-edit&checkin=665f1c2ab9e3a1",
                "action=checkin-cancel&checkin=665f1c2ab9e3a1");
        assertThat(tree.findValuesAsText("label")).containsExactly("แก้ไข", "ยกเลิก");
        assertThat(tree.path("contents").path("header").path("backgroundColor").asText()).isEqualTo("#2E7D32");
    }

    @Test
    void optionalRowsDisappearWhenTheirValueIsMissing() {
        Map<String, Object> values = realistic("checkin-confirmation");
        values.remove("cost");
        values.put("visitors", null);
        values.put("date", "  ");

        String json = templates.renderTree("checkin-confirmation", values).toString();

        assertThat(json).doesNotContain("ต้นทุน").doesNotContain("ผู้มาเยี่ยม").contains("ผลิต", "ขาย", "รายได้");
    }

    @Test
    void aMissingValueWithoutXIfRendersAsADash() {
        JsonNode tree = templates.renderTree("need-status", Map.of("need", "ขอถุงบรรจุภัณฑ์"));

        assertThat(tree.toString()).contains("\"text\":\"-\"").doesNotContain("หมายเหตุ");
        assertThat(tree.path("altText").asText()).isEqualTo("อัปเดตเรื่อง ขอถุงบรรจุภัณฑ์: -");
    }

    @Test
    void theHeroChartIsDroppedWithoutAUrlAndTheNeedListRepeatsPerItem() {
        Map<String, Object> values = realistic("weekly-summary");
        values.remove("chartUrl");

        JsonNode tree = templates.renderTree("weekly-summary", values);

        assertThat(tree.path("contents").has("hero")).isFalse();
        assertThat(tree.toString()).contains("• เครื่องซีลถุงเสีย", "• ขอช่องทางขายออนไลน์", "24,500");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ป้า \"สมศรี\" {ขาย} 100",
            "{{checkinId}} {{product}}",
            "\"},{\"type\":\"button\",\"action\":{\"type\":\"uri\",\"uri\":\"https://evil.example\"}},{\"x\":\"",
            "{\"$gt\": \"\"} $where: sleep(1000)",
            "back\\slash \\u0022 \\n",
            "บรรทัดแรก\nบรรทัดสอง\r\n\tแท็บ",
            "🍌🍌 กล้วย 👍🏽 ครับ",
            "zero\u200Bwidth\u200Dspace\uFEFF",
            "$1 $0 \\$ ${product}",
            "</script><b>x</b>"})
    void whateverAVillagerTypesComesOutVerbatimAsText(String typed) throws IOException {
        Map<String, Object> values = realistic("checkin-confirmation");
        values.put("product", typed);
        values.put("groupName", typed);

        JsonNode tree = templates.renderTree("checkin-confirmation", values);

        JsonNode body = tree.path("contents").path("body").path("contents");
        assertThat(body.get(0).path("text").asText()).isEqualTo(typed);
        assertThat(tree.path("contents").path("header").path("contents").get(1).path("text").asText()).isEqualTo(typed);
        assertThat(tree.path("altText").asText()).startsWith("บันทึกผลแล้ว " + typed + ":");
        // the structure did not change: same components, still valid for LINE, and it re-parses to the same tree
        assertThat(body).hasSize(templates.renderTree("checkin-confirmation", realistic("checkin-confirmation"))
                .path("contents").path("body").path("contents").size());
        assertThat(tree.findValues("uri")).isEmpty();
        assertThat(new ObjectMapper().readTree(tree.toString())).isEqualTo(tree);
        assertThat(LineApiSpec.validate("POST", "/v2/bot/message/push", pushBody(tree))).isEmpty();
    }

    @Test
    void aWholeStringPlaceholderTakesTheTypedValue(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("typed.json"), """
                {"type":"flex","altText":"{{alt}}","contents":{"type":"bubble","body":{"type":"box",
                 "layout":"vertical","contents":"{{rows}}","spacing":"{{spacing}}","flex":"{{flex}}"}}}
                """, StandardCharsets.UTF_8);
        FlexTemplates t = new FlexTemplates(new FlexSettings(dir));
        ObjectNode row = new ObjectMapper().createObjectNode().put("type", "text").put("text", "แถวที่ {{x}}");

        JsonNode tree = t.renderTree("typed", Map.of("alt", "สรุป", "spacing", "md", "flex", 2,
                "rows", List.of(row, Map.of("type", "separator"))));

        JsonNode box = tree.path("contents").path("body");
        assertThat(box.path("flex").isInt()).isTrue();
        assertThat(box.path("contents")).hasSize(2);
        assertThat(box.path("contents").get(0).path("text").asText()).isEqualTo("แถวที่ {{x}}"); // not re-scanned
        assertThat(LineApiSpec.validate("POST", "/v2/bot/message/push", pushBody(tree))).isEmpty();
    }

    @Test
    void anOverrideFolderWinsFileByFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("nudge.json"), """
                {"type":"flex","altText":"ทดสอบ","contents":{"type":"bubble","body":{"type":"box","layout":"vertical",
                 "contents":[{"type":"text","text":"ข้อความของผู้ดูแลระบบ {{groupName}}","wrap":true}]}}}
                """, StandardCharsets.UTF_8);
        FlexTemplates t = new FlexTemplates(new FlexSettings(dir));

        assertThat(t.renderTree("nudge", Map.of("groupName", "กลุ่มผ้าทอ")).toString())
                .contains("ข้อความของผู้ดูแลระบบ กลุ่มผ้าทอ");
        assertThat(t.origin("nudge")).startsWith(dir.toString());
        assertThat(t.names()).containsAll(ALL);
        assertThat(t.origin("welcome")).startsWith("classpath:");
    }

    @Test
    void theTemplatesAreAlsoOnTheClasspathForThePackagedJar(@TempDir Path empty) {
        FlexTemplates fromJar = new FlexTemplates(new FlexSettings(empty.resolve("missing")));

        assertThat(fromJar.names()).containsAll(ALL);
        assertThat(fromJar.renderTree("welcome", Map.of()).toString()).contains("ลงทะเบียน 123456");
    }

    @Test
    void aBrokenTemplateFailsTheSchemaCheck(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.json"), """
                {"type":"flex","altText":"x","contents":{"type":"bubble","body":{"type":"box","layout":"vertical",
                 "contents":[{"type":"marquee","text":"{{product}}"}]}}}
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("huge.json"), """
                {"type":"flex","altText":"x","contents":{"type":"bubble","size":"huge","body":{"type":"box",
                 "layout":"vertical","contents":[{"type":"text","text":"x"}]}}}
                """, StandardCharsets.UTF_8);
        FlexTemplates t = new FlexTemplates(new FlexSettings(dir));

        assertThat(LineApiSpec.validate("POST", "/v2/bot/message/push",
                pushBody(t.renderTree("broken", Map.of("product", "กล้วย"))))).isNotEmpty()
                .anySatisfy(v -> assertThat(v).contains("marquee"));
        assertThat(LineApiSpec.validate("POST", "/v2/bot/message/push", pushBody(t.renderTree("huge", Map.of()))))
                .anySatisfy(v -> assertThat(v).contains("huge"));
    }

    @Test
    void aHugeAltTextAndTextAreCutWithAnEllipsis() {
        Map<String, Object> values = realistic("broadcast-card");
        values.put("title", "ประกาศ".repeat(400));
        values.put("body", "🍌".repeat(1500));

        JsonNode tree = templates.renderTree("broadcast-card", values);

        assertThat(tree.path("altText").asText()).hasSize(1500).endsWith("…");
        String body = tree.path("contents").path("body").path("contents").get(1).path("text").asText();
        assertThat(body.length()).isLessThanOrEqualTo(2000);
        assertThat(body).endsWith("🍌…");
    }

    @Test
    void aBubbleOver30KbIsRefusedClearly(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("rows.json"), """
                {"type":"flex","altText":"x","contents":{"type":"bubble","body":{"type":"box","layout":"vertical",
                 "contents":[{"x-each":"rows","type":"text","text":"{{text}}","wrap":true}]}}}
                """, StandardCharsets.UTF_8);
        FlexTemplates t = new FlexTemplates(new FlexSettings(dir));
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(Map.of("text", "กล้วยตาก".repeat(100)));
        }

        assertThatThrownBy(() -> t.renderTree("rows", Map.of("rows", rows)))
                .isInstanceOf(FlexTemplateException.class).hasMessageContaining("30720");
    }

    @Test
    void aCarouselOfMoreThan12BubblesIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cards.json"), """
                {"type":"flex","altText":"x","contents":{"type":"carousel","contents":[{"x-each":"cards",
                 "type":"bubble","body":{"type":"box","layout":"vertical","contents":[{"type":"text","text":"{{name}}"}]}}]}}
                """, StandardCharsets.UTF_8);
        FlexTemplates t = new FlexTemplates(new FlexSettings(dir));
        List<Map<String, Object>> cards = new java.util.ArrayList<>();
        for (int i = 0; i < 13; i++) {
            cards.add(Map.of("name", "กลุ่ม " + i));
        }

        assertThat(t.renderTree("cards", Map.of("cards", cards.subList(0, 12))).path("contents").path("contents"))
                .hasSize(12);
        assertThatThrownBy(() -> t.renderTree("cards", Map.of("cards", cards)))
                .isInstanceOf(FlexTemplateException.class).hasMessageContaining("13 bubbles");
    }

    @Test
    void anUnknownTemplateNameIsAClearError() {
        assertThatThrownBy(() -> templates.render("nope", Map.of()))
                .isInstanceOf(FlexTemplateException.class).hasMessageContaining("nope").hasMessageContaining("welcome");
    }

    @Test
    void theTemplatesFolderIsASetting(@TempDir Path dir) {
        new ApplicationContextRunner()
                .withUserConfiguration(Config.class)
                .withPropertyValues("sanphalang.flex.templates-dir=" + dir)
                .run(context -> assertThat(context.getBean(FlexSettings.class).templatesDir()).isEqualTo(dir));
        new ApplicationContextRunner()
                .withUserConfiguration(Config.class)
                .run(context -> assertThat(context.getBean(FlexSettings.class).templatesDir()).isNull());
    }

    @EnableConfigurationProperties(FlexSettings.class)
    static class Config {
    }

    @Test
    void aNumberInATextPropertyBecomesFormattedTextButStaysANumberForFlex(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("n.json"), """
                {"type":"flex","altText":"x","contents":{"type":"bubble","body":{"type":"box","layout":"vertical",
                 "contents":[{"type":"text","text":"{{revenue}}","flex":"{{flex}}","wrap":"{{wrap}}"}]}}}
                """, StandardCharsets.UTF_8);

        JsonNode text = new FlexTemplates(new FlexSettings(dir))
                .renderTree("n", Map.of("revenue", 24500, "flex", 3, "wrap", true))
                .path("contents").path("body").path("contents").get(0);

        assertThat(text.path("text").asText()).isEqualTo("24,500");
        assertThat(text.path("flex").isInt()).isTrue();
        assertThat(text.path("wrap").isBoolean()).isTrue();
    }

    @Test
    void renderingDoesNotChangeTheTemplate() {
        Map<String, Object> values = new HashMap<>(realistic("checkin-confirmation"));
        String first = templates.renderTree("checkin-confirmation", values).toString();
        values.put("product", "ข้าวกล้องงอก");
        templates.renderTree("checkin-confirmation", values);

        assertThat(templates.renderTree("checkin-confirmation", realistic("checkin-confirmation")).toString())
                .isEqualTo(first);
    }
}
