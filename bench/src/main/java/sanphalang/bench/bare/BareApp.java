package sanphalang.bench.bare;

import java.io.IOException;
import java.util.Map;

import com.linecorp.bot.parser.LineSignatureValidator;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The practical limit for the webhook benchmark: a bare Spring MVC app (same Spring Boot, Tomcat and JVM
 * settings as the bot, no store, no security filter chain) whose {@code POST /callback} only reads the body,
 * verifies {@code X-Line-Signature} with the LINE SDK's validator and answers 200 {}.
 * Only part of the bench harness (bench/), never of the bot.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.metrics.MongoMetricsAutoConfiguration",
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoRepositoriesAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration",
        "org.springframework.boot.quartz.autoconfigure.QuartzEndpointAutoConfiguration"})
public class BareApp {

    public static void main(String[] args) {
        SpringApplication.run(BareApp.class, args);
    }

    @RestController
    static class BareCallback {

        private final LineSignatureValidator validator;

        BareCallback(@Value("${sanphalang.line.channel-secret}") String secret) {
            this.validator = new LineSignatureValidator(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @PostMapping("/callback")
        ResponseEntity<Map<String, Object>> callback(@RequestHeader(name = "X-Line-Signature", required = false) String signature,
                                                     HttpServletRequest request) throws IOException {
            byte[] body = request.getInputStream().readNBytes(1024 * 1024 + 1);
            if (signature == null || !validator.validateSignature(body, signature)) {
                return ResponseEntity.status(401).body(Map.of("error", "invalid_signature"));
            }
            return ResponseEntity.ok(Map.of());
        }
    }
}
