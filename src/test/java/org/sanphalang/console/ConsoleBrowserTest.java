package org.sanphalang.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.sanphalang.testing.EndToEndTest;
import org.sanphalang.testing.HeadlessChromium;

/** The officers' console in real headless Chromium: login, dashboard, needs board, a broadcast, an export. */
class ConsoleBrowserTest extends EndToEndTest {

    HeadlessChromium chromium;
    WebDriver browser;

    @BeforeEach
    void openBrowser() {
        chromium = HeadlessChromium.start(1280, 900);
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anOfficerLogsInSeesWhoIsSilentMovesANeedOnAndBroadcasts() throws Exception {
        String active = registeredGroup("กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String silent = registeredGroup("กลุ่มส้มเกลี้ยงบ้านเกาะหัวช้าง", "[\"ส้มเกลี้ยง\"]", "แม่พริก");
        deliver(postback(active, id("U"), "action=report&p=-&w=revenue&q=3750"));
        deliver(text(silent, id("U"), "ฝนตกทั้งอาทิตย์ ตากกล้วยไม่ได้"));
        awaitOutboxDrained();
        LINE.reset();

        browser.get(http.base() + "/console");
        chromium.waitFor(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("admin-test-password");
        browser.findElement(By.id("login")).click();

        chromium.waitFor(By.id("groups"));
        assertThat(browser.findElement(By.id("on-track")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("silent")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("groups")).getText()).contains("กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง").contains("3,750")
                .contains("ยังไม่รายงาน");
        chromium.screenshotIfAsked("console.screenshot");

        browser.get(http.base() + "/console/needs");
        chromium.waitText(By.tagName("main"), "สำนักงานพลังงานจังหวัด");
        new Select(browser.findElement(By.cssSelector("tr[data-need] select[name=status]"))).selectByValue("FORWARDED");
        browser.findElement(By.cssSelector("tr[data-need] input[name=note]")).sendKeys("ส่งเรื่องถึงพลังงานจังหวัดแล้ว");
        browser.findElement(By.cssSelector("tr[data-need] button")).click();
        chromium.waitText(By.tagName("main"), "บันทึกแล้ว");
        assertThat(mongo.findOne(new org.springframework.data.mongodb.core.query.Query(), Document.class, "needs").getString("status"))
                .isEqualTo("FORWARDED");

        browser.get(http.base() + "/console/broadcasts/new");
        chromium.waitFor(By.id("text")).sendKeys("อบรมบรรจุภัณฑ์ วันเสาร์ 9 โมง");
        new Select(browser.findElement(By.id("product"))).selectByValue("ข้าวแต๋น");
        browser.findElement(By.id("preview")).click();
        chromium.waitText(By.id("recipients"), "1");
        browser.findElement(By.id("confirm")).click();
        chromium.waitText(By.id("status"), "SENT");
        awaitOutboxDrained();
        browser.navigate().refresh();
        chromium.waitText(By.id("sent"), "1");
        assertThat(LINE.requests("POST", "/v2/bot/message/push")).filteredOn(r -> r.body().contains("อบรมบรรจุภัณฑ์"))
                .extracting(r -> r.json().path("to").asText()).containsExactly(active);
        assertThat(LINE.requests("POST", "/v2/bot/message/push")).filteredOn(r -> r.body().contains("ส่งเรื่องถึงพลังงานจังหวัดแล้ว"))
                .extracting(r -> r.json().path("to").asText()).containsExactly(silent);

        browser.get(http.base() + "/console/reports");
        String href = chromium.waitFor(By.id("checkins-csv")).getAttribute("href");
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                .header("Cookie", "JSESSIONID=" + session.getValue()).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).contains("วันที่ (พ.ศ.)").contains("3750");
        LINE.assertNoViolations();
    }

    @Test
    void theConsoleAsksForALoginAndRefusesFormsWithoutItsCsrfToken() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(http.base() + "/console"))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/console/login");

        browser.get(http.base() + "/console/login");
        chromium.waitFor(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("admin-test-password");
        browser.findElement(By.id("login")).click();
        chromium.waitFor(By.id("groups"));
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();

        HttpResponse<String> forged = client.send(HttpRequest.newBuilder(URI.create(http.base() + "/console/codes"))
                .header("Cookie", "JSESSIONID=" + session).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=forged")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> apiWithCookie = client.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/groups"))
                .header("Cookie", "JSESSIONID=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(apiWithCookie.statusCode()).as("the API takes HTTP Basic only, never the console's session").isEqualTo(401);
    }

    @Test
    void anAdministratorEditsASchedulesTimeAndAddsAnOfficerWhoCanThenLogIn() {
        login("admin", "admin-test-password");

        browser.get(http.base() + "/console/schedules");
        var nudge = chromium.waitFor(By.cssSelector("tr[data-job=nudge] input[name=cron]"));
        nudge.clear();
        nudge.sendKeys("0 30 8 ? * TUE");
        browser.findElement(By.cssSelector("tr[data-job=nudge] button")).click();
        chromium.waitText(By.tagName("main"), "บันทึกแล้ว");
        assertThat(mongo.findById("nudge", Document.class, "schedules").getString("cron")).isEqualTo("0 30 8 ? * TUE");
        var bad = chromium.waitFor(By.cssSelector("tr[data-job=nudge] input[name=cron]"));
        bad.clear();
        bad.sendKeys("every monday");
        browser.findElement(By.cssSelector("tr[data-job=nudge] button")).click();
        // the page already says "cron" in its headings: wait for the refusal itself
        chromium.waitText(By.cssSelector("main .error"), "Quartz cron");
        assertThat(browser.findElements(By.cssSelector("main .notice"))).as("a refused change is not reported as saved").isEmpty();
        assertThat(mongo.findById("nudge", Document.class, "schedules").getString("cron")).isEqualTo("0 30 8 ? * TUE");

        browser.get(http.base() + "/console/officers");
        chromium.waitFor(By.id("new-username")).sendKeys("somsri");
        browser.findElement(By.id("new-password")).sendKeys("officer-password-9");
        browser.findElement(By.id("new-amphoe")).sendKeys("แม่พริก");
        browser.findElement(By.id("create-officer")).click();
        chromium.waitText(By.id("officers"), "somsri");
        browser.findElement(By.id("logout")).click();

        login("somsri", "officer-password-9");
        browser.get(http.base() + "/console/officers");
        assertThat(browser.getPageSource()).doesNotContain("new-officer");
    }

    @Test
    void supportGivenIsRecordedFromTheConsoleAndToldToEveryGroup() {
        String helped = registeredGroup("กลุ่มกล้วยตาก", "[\"กล้วยตาก\"]", "แม่พริก");
        String neighbour = registeredGroup("กลุ่มส้มเกลี้ยง", "[\"ส้มเกลี้ยง\"]", "แม่พริก");
        login("admin", "admin-test-password");

        browser.get(http.base() + "/console/support");
        new Select(chromium.waitFor(By.id("support-group"))).selectByValue(helped);
        new Select(browser.findElement(By.id("support-agency"))).selectByValue("ENERGY_OFFICE");
        browser.findElement(By.id("support-what")).sendKeys("ตู้อบพลังงานแสงอาทิตย์ 1 ตู้");
        browser.findElement(By.id("support-reason")).sendKeys("ตากกล้วยไม่ได้ช่วงฝนตก 3 สัปดาห์ และกลุ่มพร้อมดูแลตู้");
        browser.findElement(By.id("record-support")).click();
        chromium.waitText(By.id("support-log"), "ตู้อบพลังงานแสงอาทิตย์");
        awaitOutboxDrained();

        assertThat(LINE.requests("POST", "/v2/bot/message/push")).extracting(r -> r.json().path("to").asText())
                .containsExactlyInAnyOrder(helped, neighbour);
        browser.get(http.base() + "/console/groups/" + helped);
        String chart = chromium.waitFor(By.id("chart-png")).getAttribute("href");
        assertThat(http.get(chart.substring(http.base().length())).statusCode()).isEqualTo(200);
    }

    private void login(String user, String password) {
        browser.get(http.base() + "/console/login");
        chromium.waitFor(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login")).click();
        chromium.waitFor(By.id("groups"));
    }

    @Test
    void anOfficerCannotOpenAGroupOutsideTheirArea() {
        String elsewhere = registeredGroup("กลุ่มเมือง", "[\"ข้าวแต๋น\"]", "เมืองลำปาง");
        asAdmin("POST", "/api/v1/officers", """
                {"username":"maephrik3","password":"officer-password-1","role":"OFFICER","area":{"amphoe":"แม่พริก"}}""");

        browser.get(http.base() + "/console/login");
        chromium.waitFor(By.id("username")).sendKeys("maephrik3");
        browser.findElement(By.id("password")).sendKeys("officer-password-1");
        browser.findElement(By.id("login")).click();
        chromium.waitFor(By.id("groups"));
        assertThat(browser.findElement(By.id("groups")).getText()).doesNotContain("กลุ่มเมือง");

        browser.get(http.base() + "/console/groups/" + elsewhere);
        assertThat(browser.getPageSource()).doesNotContain("กลุ่มเมือง");
    }
}
