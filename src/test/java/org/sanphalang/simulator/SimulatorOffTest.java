package org.sanphalang.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.sanphalang.line.LineChannel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With LINE credentials set (the test configuration has them) the simulator does not exist: every path is 404. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SimulatorOffTest {

    @LocalServerPort
    int port;

    @Autowired
    LineChannel channel;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everySimulatorPathAnswers404OutsideSimulatorMode() throws Exception {
        assertThat(channel.simulator()).isFalse();
        for (String path : new String[]{"/simulator", "/simulator/", "/simulator/simulator.js", "/simulator/flex.js",
                "/simulator/simulator.css", "/simulator/api/state", "/simulator/api/stream", "/v2/bot/message/quota",
                "/v2/bot/profile/U123"}) {
            assertThat(send("GET", path).statusCode()).as("GET " + path).isEqualTo(404);
        }
        for (String path : new String[]{"/simulator/api/seed", "/simulator/api/groups", "/simulator/api/people",
                "/simulator/api/messages", "/simulator/api/postbacks", "/simulator/api/jobs/nudge", "/v2/bot/message/push",
                "/v2/bot/message/reply"}) {
            assertThat(send("POST", path).statusCode()).as("POST " + path).isEqualTo(404);
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
