package org.sanphalang.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;

/** Registration codes bind LINE groups; officers see and change only the groups in their own area. */
class RegistrationAndAreasTest extends EndToEndTest {

    @Test
    void aGroupRegistersWithAnOfficersCodeAndShowsAsRegistered() {
        String group = id("C");
        String code = newCode("admin", "admin-test-password", "กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง", "ข้าวแต๋น", "บ้านเกาะหัวช้าง", "พระบาทวังตวง", "แม่พริก");

        List<String> answer = say(group, id("U"), "ลงทะเบียน " + code);

        assertThat(answer).singleElement().asString().contains("ลงทะเบียนกลุ่ม กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง เรียบร้อย");
        HttpResponse<String> groups = asAdmin("GET", "/api/v1/groups", null);
        assertThat(groups.statusCode()).isEqualTo(200);
        assertThat(groups.body()).contains("\"lineGroupId\":\"" + group + "\"").contains("\"registered\":true")
                .contains("\"product\":\"ข้าวแต๋น\"").contains("\"village\":\"บ้านเกาะหัวช้าง\"");
        assertThat(mongo.findAll(Document.class, "audit")).anySatisfy(e ->
                assertThat(e.getString("action")).isEqualTo("group.registered"));
    }

    @Test
    void acceptsThaiDigitsAndEnglishInTheRegisterCommand() {
        String code = newCode("admin", "admin-test-password", "กลุ่มกล้วยตาก", "กล้วยตาก", "บ้านเกาะหัวช้าง", "พระบาทวังตวง", "แม่พริก");
        String thaiDigits = code.chars().mapToObj(c -> String.valueOf((char) ('๐' + (c - '0')))).reduce("", String::concat);

        assertThat(say(id("C"), id("U"), "ลงทะเบียน" + thaiDigits)).singleElement().asString().contains("เรียบร้อย");
        String other = newCode("admin", "admin-test-password", "กลุ่มส้มเกลี้ยง", "ส้มเกลี้ยง", "บ้านเกาะหัวช้าง", "พระบาทวังตวง", "แม่พริก");
        assertThat(say(id("C"), id("U"), "REGISTER  " + other)).singleElement().asString().contains("เรียบร้อย");
    }

    @Test
    void aCodeWorksOnceSoAnotherGroupCannotTakeItOver() {
        String code = newCode("admin", "admin-test-password", "กลุ่ม A", "ข้าวแต๋น", "บ้าน A", "ตำบล A", "แม่พริก");
        String groupA = id("C");
        String groupB = id("C");
        say(groupA, id("U"), "ลงทะเบียน " + code);

        List<String> answer = say(groupB, id("U"), "ลงทะเบียน " + code);

        assertThat(answer).singleElement().asString().contains("รหัสไม่ถูกต้องหรือหมดอายุ");
        assertThat(mongo.findById(groupB, Document.class, "groups").getBoolean("registered", false)).isFalse();
        assertThat(mongo.findById(groupA, Document.class, "groups").getString("name")).isEqualTo("กลุ่ม A");
    }

    @Test
    void slowsDownAGroupThatKeepsGuessingCodes() {
        String group = id("C");
        String code = newCode("admin", "admin-test-password", "กลุ่ม C", "ข้าวแต๋น", "บ้าน C", "ตำบล C", "แม่พริก");
        for (int i = 0; i < 5; i++) {
            assertThat(say(group, id("U"), "ลงทะเบียน 00000" + i)).singleElement().asString().contains("รหัสไม่ถูกต้อง");
        }

        List<String> answer = say(group, id("U"), "ลงทะเบียน " + code);

        assertThat(answer).singleElement().asString().contains("รอสักครู่");
        assertThat(mongo.findById(group, Document.class, "groups").getBoolean("registered", false)).isFalse();
    }

    @Test
    void explainsThatCodesAreTypedInTheGroupNotInAPrivateChat() {
        String code = newCode("admin", "admin-test-password", "กลุ่ม D", "ข้าวแต๋น", "บ้าน D", "ตำบล D", "แม่พริก");

        assertThat(say(null, id("U"), "ลงทะเบียน " + code)).singleElement().asString().contains("ในกลุ่ม LINE");
    }

    @Test
    void anOfficerSeesAndChangesOnlyGroupsInTheirArea() {
        createOfficer("maephrik", "OFFICER", "แม่พริก");
        String inArea = registeredGroup("กลุ่มแม่พริก", "แม่พริก");
        String elsewhere = registeredGroup("กลุ่มเมือง", "เมืองลำปาง");

        HttpResponse<String> list = api("GET", "/api/v1/groups", "maephrik", "officer-password-1", null);
        assertThat(list.body()).contains(inArea).doesNotContain(elsewhere);
        assertThat(api("GET", "/api/v1/groups/" + elsewhere, "maephrik", "officer-password-1", null).statusCode()).isEqualTo(404);
        assertThat(api("PATCH", "/api/v1/groups/" + elsewhere, "maephrik", "officer-password-1", "{\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(api("PATCH", "/api/v1/groups/" + inArea, "maephrik", "officer-password-1", "{\"amphoe\":\"เมืองลำปาง\"}").statusCode()).isEqualTo(403);
        assertThat(api("POST", "/api/v1/registration-codes", "maephrik", "officer-password-1",
                "{\"name\":\"x\",\"amphoe\":\"เมืองลำปาง\"}").statusCode()).isEqualTo(403);

        HttpResponse<String> renamed = api("PATCH", "/api/v1/groups/" + inArea, "maephrik", "officer-password-1",
                "{\"name\":\"กลุ่มแม่บ้านเกาะหัวช้าง\",\"active\":false}");
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(renamed.body()).contains("กลุ่มแม่บ้านเกาะหัวช้าง").contains("\"active\":false");
        assertThat(asAdmin("GET", "/api/v1/groups", null).body()).contains(inArea).contains(elsewhere);
    }

    @Test
    void viewersLookButCannotChangeAndStrangersGetNothing() {
        createOfficer("viewer1", "VIEWER", "แม่พริก");

        assertThat(api("GET", "/api/v1/groups", "viewer1", "officer-password-1", null).statusCode()).isEqualTo(200);
        assertThat(api("POST", "/api/v1/registration-codes", "viewer1", "officer-password-1", "{\"name\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(api("GET", "/api/v1/groups", null, null, null).statusCode()).isEqualTo(401);
        assertThat(api("GET", "/api/v1/groups", "admin", "wrong-password", null).statusCode()).isEqualTo(401);
        assertThat(api("GET", "/api/v1/officers", "viewer1", "officer-password-1", null).statusCode()).isEqualTo(403);
    }

    @Test
    void refusesBadRequestBodiesWithAClearJsonError() {
        HttpResponse<String> response = asAdmin("POST", "/api/v1/registration-codes", "{\"name\": {\"$gt\": \"\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(asAdmin("POST", "/api/v1/registration-codes", "not json").statusCode()).isEqualTo(400);
    }

    private String registeredGroup(String name, String amphoe) {
        String group = id("C");
        String code = newCode("admin", "admin-test-password", name, "ข้าวแต๋น", "บ้าน", "ตำบล", amphoe);
        say(group, id("U"), "ลงทะเบียน " + code);
        return group;
    }

    private void createOfficer(String username, String role, String amphoe) {
        HttpResponse<String> created = asAdmin("POST", "/api/v1/officers", """
                {"username":"%s","password":"officer-password-1","displayName":"%s","role":"%s","area":{"amphoe":"%s"}}"""
                .formatted(username, username, role, amphoe));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private String newCode(String user, String password, String name, String product, String village, String tambon, String amphoe) {
        HttpResponse<String> response = api("POST", "/api/v1/registration-codes", user, password, """
                {"name":"%s","product":"%s","village":"%s","tambon":"%s","amphoe":"%s"}"""
                .formatted(name, product, village, tambon, amphoe));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body()).path("code").asString();
    }
}
