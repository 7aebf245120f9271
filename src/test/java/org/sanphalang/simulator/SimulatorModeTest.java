package org.sanphalang.simulator;

import org.sanphalang.testing.ChildApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application in simulator mode, as {@code mvn spring-boot:run} with no LINE credentials starts it. The port is fixed
 * (a free one, chosen once) because the bot's SDK client is pointed at the application's own address when it is built,
 * before a random port would be known. All simulator-mode tests share this one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "sanphalang.line.simulator=true",
        "sanphalang.webhook.poll-interval=100ms", "sanphalang.outbound.poll-interval=100ms",
        "sanphalang.outbound.retry-backoff=50ms"})
abstract class SimulatorModeTest {

    static final int PORT = ChildApplication.freePort();

    @DynamicPropertySource
    static void ownPort(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    static String base() {
        return "http://127.0.0.1:" + PORT;
    }
}
