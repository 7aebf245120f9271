package org.sanphalang.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;

/** Taking part is voluntary, and a person's data can be exported or erased — each change in its own group only. */
class ParticipationAndPrivacyTest extends EndToEndTest {

    @Test
    void stopTurnsOffRemindersForThatPersonInThatGroupOnly() {
        String groupA = id("C");
        String groupB = id("C");
        String villager = id("U");
        say(groupB, villager, "สวัสดีค่ะ");

        assertThat(say(groupA, villager, "หยุดเตือน")).singleElement().asString().contains("จะไม่เตือนคุณอีก");

        assertThat(member(groupA, villager).getBoolean("nudgesOff")).isTrue();
        assertThat(member(groupB, villager).getBoolean("nudgesOff", false)).isFalse();
        say(groupA, villager, "เริ่มเตือน");
        assertThat(member(groupA, villager).getBoolean("nudgesOff")).isFalse();
    }

    @Test
    void aGroupCanPauseAndResumeItsReminders() {
        String group = id("C");

        assertThat(say(group, id("U"), "หยุดเตือนกลุ่ม")).singleElement().asString().contains("หยุดเตือนทั้งกลุ่ม");
        assertThat(mongo.findById(group, Document.class, "groups").getBoolean("nudgesPaused")).isTrue();

        say(group, id("U"), "start group");
        assertThat(mongo.findById(group, Document.class, "groups").getBoolean("nudgesPaused")).isFalse();
    }

    @Test
    void aVillagerAsksForErasureAndAnOfficerExportsThenErasesWithAnAuditTrail() {
        String group = id("C");
        String villager = id("U");
        LINE.profile(villager, "ป้าจันทร์");
        say(group, villager, "สวัสดีค่ะ");

        assertThat(say(group, villager, "ลบข้อมูลของฉัน")).singleElement().asString().contains("รับคำขอลบข้อมูล");
        assertThat(asAdmin("GET", "/api/v1/privacy/erasure-requests", null).body()).contains(villager);

        HttpResponse<String> export = asAdmin("GET", "/api/v1/people/" + villager + "/export", null);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).contains("ป้าจันทร์").contains(group);

        HttpResponse<String> erased = asAdmin("DELETE", "/api/v1/people/" + villager, null);
        assertThat(erased.statusCode()).isEqualTo(200);
        assertThat(mongo.findById(group + "/" + villager, Document.class, "group_members")).isNull();
        assertThat(asAdmin("GET", "/api/v1/people/" + villager + "/export", null).body()).doesNotContain("ป้าจันทร์");
        assertThat(asAdmin("GET", "/api/v1/audit", null).body())
                .contains("person.erasure-requested").contains("person.exported").contains("person.erased");
    }

    @Test
    void anOfficerCannotExportSomeoneOutsideTheirArea() {
        String group = id("C");
        String villager = id("U");
        say(group, villager, "สวัสดีค่ะ");
        asAdmin("POST", "/api/v1/officers", """
                {"username":"farofficer","password":"officer-password-1","role":"OFFICER","area":{"amphoe":"งาว"}}""");

        assertThat(api("GET", "/api/v1/people/" + villager + "/export", "farofficer", "officer-password-1", null).statusCode()).isEqualTo(404);
        assertThat(api("DELETE", "/api/v1/people/" + villager, "farofficer", "officer-password-1", null).statusCode()).isEqualTo(404);
        assertThat(member(group, villager)).isNotNull();
    }

    private Document member(String group, String user) {
        return mongo.findById(group + "/" + user, Document.class, "group_members");
    }
}
