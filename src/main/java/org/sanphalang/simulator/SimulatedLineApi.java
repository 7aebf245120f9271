package org.sanphalang.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import org.sanphalang.line.LineChannel;
import org.sanphalang.simulator.internal.SimulatorWorld;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The part of LINE's Messaging API the bot uses, played by the application itself in simulator mode. It keeps
 * LINE's rules that matter for delivery: a retry key is accepted once (409 after), a reply token once.
 * Outside simulator mode every path answers 404.
 */
@RestController
@RequestMapping(LineChannel.SIMULATOR_API_PATH)
class SimulatedLineApi {

    private final LineChannel channel;
    private final SimulatorTranscript transcript;
    private final Set<String> acceptedRetryKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> usedReplyTokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong messageIds = new AtomicLong(100_000);

    private final SimulatorWorld world;

    SimulatedLineApi(LineChannel channel, SimulatorTranscript transcript, SimulatorWorld world) {
        this.channel = channel;
        this.transcript = transcript;
        this.world = world;
    }

    @PostMapping("/message/push")
    ResponseEntity<Object> push(@RequestHeader(name = "X-Line-Retry-Key", required = false) String retryKey,
                                @RequestBody JsonNode body) {
        return send("push", body.path("to").asText(), retryKey, body.path("messages"));
    }

    @PostMapping("/message/multicast")
    ResponseEntity<Object> multicast(@RequestHeader(name = "X-Line-Retry-Key", required = false) String retryKey,
                                     @RequestBody JsonNode body) {
        if (!channel.simulator()) {
            return notFound();
        }
        if (retryKey != null && !acceptedRetryKeys.add(retryKey)) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("message", "The retry key is already accepted"));
        }
        transcript.recordMulticast(body.path("to"), body.path("messages"));
        return ResponseEntity.ok(sentMessages(body.path("messages").size()));
    }

    @PostMapping("/message/broadcast")
    ResponseEntity<Object> broadcast(@RequestHeader(name = "X-Line-Retry-Key", required = false) String retryKey,
                                     @RequestBody JsonNode body) {
        return send("broadcast", "*", retryKey, body.path("messages"));
    }

    @PostMapping("/message/reply")
    ResponseEntity<Object> reply(@RequestBody JsonNode body) {
        if (!channel.simulator()) {
            return notFound();
        }
        if (!usedReplyTokens.add(body.path("replyToken").asText())) {
            return ResponseEntity.badRequest().body(Map.of("message", "Invalid reply token"));
        }
        transcript.record("reply", body.path("replyToken").asText(), body.path("messages"));
        return ResponseEntity.ok(sentMessages(body.path("messages").size()));
    }

    @GetMapping("/group/{groupId}/summary")
    ResponseEntity<Object> groupSummary(@PathVariable String groupId) {
        String name = world.nameOf(groupId);
        return simulator(Map.of("groupId", groupId, "groupName", name != null ? name : "กลุ่มจำลอง " + tail(groupId)));
    }

    @GetMapping("/group/{groupId}/members/count")
    ResponseEntity<Object> memberCount(@PathVariable String groupId) {
        int count = world.memberCount(groupId);
        return simulator(Map.of("count", count > 0 ? count : 3));
    }

    @GetMapping({"/group/{groupId}/member/{userId}", "/profile/{userId}"})
    ResponseEntity<Object> profile(@PathVariable String userId) {
        String name = world.nameOf(userId);
        return simulator(Map.of("userId", userId, "displayName", name != null ? name : "ผู้ใช้จำลอง " + tail(userId)));
    }

    @GetMapping("/message/quota")
    ResponseEntity<Object> quota() {
        return simulator(Map.of("type", "none"));
    }

    @GetMapping("/message/quota/consumption")
    ResponseEntity<Object> consumption() {
        return simulator(Map.of("totalUsage", 0));
    }

    @PostMapping("/chat/loading/start")
    ResponseEntity<Object> loading() {
        return channel.simulator() ? ResponseEntity.accepted().body(Map.of()) : notFound();
    }

    private ResponseEntity<Object> send(String endpoint, String to, String retryKey, JsonNode messages) {
        if (!channel.simulator()) {
            return notFound();
        }
        if (retryKey != null && !acceptedRetryKeys.add(retryKey)) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("message", "The retry key is already accepted"));
        }
        transcript.record(endpoint, to, messages);
        return ResponseEntity.ok(sentMessages(messages.size()));
    }

    private Map<String, Object> sentMessages(int count) {
        List<Map<String, String>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = messageIds.incrementAndGet();
            sent.add(Map.of("id", Long.toString(id), "quoteToken", "q" + id));
        }
        return Map.of("sentMessages", sent);
    }

    private ResponseEntity<Object> simulator(Object body) {
        return channel.simulator() ? ResponseEntity.ok(body) : notFound();
    }

    private static ResponseEntity<Object> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("message", "Not found"));
    }

    private static String tail(String id) {
        return id.length() <= 4 ? id : id.substring(id.length() - 4);
    }
}
