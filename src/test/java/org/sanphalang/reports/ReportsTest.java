package org.sanphalang.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;

/** Officers export check-ins and totals of their own area, in files Thai spreadsheets open correctly. */
class ReportsTest extends EndToEndTest {

    @Test
    void exportsTheAreasCheckInsAsCsvWithThaiHeadersAndBuddhistEraDates() {
        String mine = registeredGroup("กลุ่มข้าวแต๋น", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String theirs = registeredGroup("กลุ่มเมือง", "[\"ข้าวแต๋น\"]", "เมืองลำปาง");
        deliver(postback(mine, id("U"), "action=report&p=-&w=revenue&q=3750"));
        deliver(postback(theirs, id("U"), "action=report&p=-&w=revenue&q=9999"));
        asAdmin("POST", "/api/v1/officers", """
                {"username":"maephrik2","password":"officer-password-1","role":"OFFICER","area":{"amphoe":"แม่พริก"}}""");

        HttpResponse<byte[]> csv = download("/api/v1/reports/checkins.csv", "maephrik2", "officer-password-1");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFวันที่ (พ.ศ.),กลุ่ม").contains("รายได้ (บาท)").contains("/25").contains("3750")
                .contains("กลุ่มข้าวแต๋น").doesNotContain("9999").doesNotContain("กลุ่มเมือง");
    }

    @Test
    void exportsTheWeeksTotalsAsARealXlsxWorkbook() throws IOException {
        String group = registeredGroup("กลุ่มกล้วยตาก", "[\"กล้วยตาก\"]", "แม่พริก");
        deliver(postback(group, id("U"), "action=report&p=-&w=sold&q=60"));

        HttpResponse<byte[]> xlsx = download("/api/v1/reports/summary.xlsx", "admin", "admin-test-password");

        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElse("")).contains("summary-").contains(".xlsx");
        StringBuilder sheets = new StringBuilder();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("summary", ".xlsx");
        java.nio.file.Files.write(file, xlsx.body());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("xl/")) {
                    sheets.append(new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        // XLSX writers may store Thai as XML character references; read them back as text.
        String xml = java.util.regex.Pattern.compile("&#x([0-9a-fA-F]+);").matcher(sheets)
                .replaceAll(m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)));
        assertThat(xml).contains("กลุ่มกล้วยตาก").contains("รายได้ (บาท)").contains("60 pack");
    }

    @Test
    void refusesBadDatesAndFormatsWithAClearMessage() {
        assertThat(download("/api/v1/reports/checkins.csv?from=yesterday", "admin", "admin-test-password").statusCode()).isEqualTo(400);
        assertThat(download("/api/v1/reports/checkins.pdf", "admin", "admin-test-password").statusCode()).isEqualTo(400);
        assertThat(download("/api/v1/reports/summary.csv?period=2026-W99", "admin", "admin-test-password").statusCode()).isEqualTo(400);
        assertThat(download("/api/v1/reports/summary.csv", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void defusesCellsThatASpreadsheetWouldRunAsFormulas() {
        assertThat(ReportTable.csvCell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(ReportTable.csvCell("+66 81")).isEqualTo("'+66 81");
        assertThat(ReportTable.csvCell("ขาย 1,000")).isEqualTo("\"ขาย 1,000\"");
        assertThat(ReportTable.csvCell(new java.math.BigDecimal("-5"))).isEqualTo("-5");
    }

    private HttpResponse<byte[]> download(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path)).timeout(Duration.ofSeconds(20)).GET();
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
