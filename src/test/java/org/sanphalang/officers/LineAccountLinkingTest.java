package org.sanphalang.officers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;

/** An officer links their LINE account with a one-time code typed in a 1:1 chat — and only there. */
class LineAccountLinkingTest extends EndToEndTest {

    @Test
    void linksTheLineAccountThatTypesTheCodeInAPrivateChat() {
        String lineUser = id("U");
        String code = linkCode();

        assertThat(say(null, lineUser, "เชื่อมบัญชี " + code)).singleElement().asString().contains("เรียบร้อย");

        assertThat(mongo.findById("admin", Document.class, "officers").getString("lineUserId")).isEqualTo(lineUser);
        assertThat(asAdmin("GET", "/api/v1/me", null).body()).contains("\"lineLinked\":true");
    }

    @Test
    void aCodeWorksOnceAndNotAfterUse() {
        String code = linkCode();
        say(null, id("U"), "link " + code);
        String intruder = id("U");

        assertThat(say(null, intruder, "link " + code)).singleElement().asString().contains("ไม่ถูกต้อง");
        assertThat(mongo.findById("admin", Document.class, "officers").getString("lineUserId")).isNotEqualTo(intruder);
    }

    @Test
    void refusesACodeTypedInAGroupWhereVillagersCanSeeIt() {
        String code = linkCode();
        String group = id("C");

        assertThat(say(group, id("U"), "เชื่อมบัญชี " + code)).singleElement().asString().contains("แชตส่วนตัว");
        assertThat(mongo.findById("admin", Document.class, "officers").get("lineUserId")).isNull();
    }

    private String linkCode() {
        HttpResponse<String> response = asAdmin("POST", "/api/v1/me/line-link-code", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body()).path("code").asString();
    }
}
