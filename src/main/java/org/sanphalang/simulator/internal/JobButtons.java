package org.sanphalang.simulator.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * "Fire now" for the scheduled jobs: calls the application's own {@code POST /api/v1/jobs/{name}/run} over HTTP with
 * the administrator set in {@code sanphalang.admin.user/password}, exactly as an operator would, and says plainly what
 * came back (404 while the jobs do not exist yet, 401 when the password is not the administrator's).
 */
@Component
public class JobButtons {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final Environment environment;
    private final WebhookPoster poster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    JobButtons(Environment environment, WebhookPoster poster) {
        this.environment = environment;
        this.poster = poster;
    }

    /**
     * @param status  the jobs endpoint's HTTP status; 0 when it was not called
     * @param message what it means, in Thai and English
     * @param body    what the endpoint answered
     */
    public record Outcome(String job, int status, String message, String body) {
    }

    /** The jobs the page offers: {@code sanphalang.simulator.jobs}, by default the contract's nudge and weekly-summary. */
    public List<String> jobs() {
        String list = environment.getProperty("sanphalang.simulator.jobs", "nudge,weekly-summary");
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> NAME.matcher(s).matches()).toList();
    }

    public Outcome run(String job) {
        if (!NAME.matcher(job).matches()) {
            return new Outcome(job, 0, "ชื่องานไม่ถูกต้อง · not a job name", "");
        }
        String user = environment.getProperty("sanphalang.admin.user", "admin");
        String password = environment.getProperty("sanphalang.admin.password", "");
        if (password.isBlank()) {
            return new Outcome(job, 0, "ตั้งรหัสผ่านผู้ดูแลก่อน (SANPHALANG_ADMIN_PASSWORD) แล้วเริ่มระบบใหม่ · "
                    + "set SANPHALANG_ADMIN_PASSWORD so the simulator can run jobs as the administrator", "");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(poster.ownBase() + "api/v1/jobs/" + job + "/run"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            String message = switch (status / 100) {
                case 2 -> "สั่งงานแล้ว · the job ran";
                default -> switch (status) {
                    case 404 -> "ยังไม่มีงานนี้ในระบบ (404) · the jobs endpoint or this job does not exist yet";
                    case 401 -> "รหัสผ่านผู้ดูแลไม่ถูกต้อง (401) · the administrator's password is not the configured one";
                    case 403 -> "ไม่มีสิทธิ์ (403) · the configured user is not an administrator";
                    default -> "งานไม่สำเร็จ (" + status + ") · the job failed";
                };
            };
            String body = response.body();
            return new Outcome(job, status, message, body.length() > 2000 ? body.substring(0, 2000) : body);
        } catch (IOException e) {
            return new Outcome(job, 0, "เรียกงานไม่ได้ · could not call the jobs endpoint: " + e.getMessage(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(job, 0, "interrupted", "");
        }
    }
}
