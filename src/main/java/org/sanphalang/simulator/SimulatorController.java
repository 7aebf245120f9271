package org.sanphalang.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.sanphalang.simulator.internal.DemoVillage;
import org.sanphalang.simulator.internal.JobButtons;
import org.sanphalang.simulator.internal.SimulatorActions;
import org.sanphalang.simulator.internal.SimulatorWorld;
import org.sanphalang.simulator.internal.WebhookPoster.Delivery;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

/**
 * The simulator page ({@code GET /simulator}) and the API it calls ({@code /simulator/api/...}). Every action becomes a
 * signed webhook event posted to the bot's own {@code /callback}; what the bot sends comes back live on
 * {@code /simulator/api/stream} (Server-Sent Events). Simulator mode only: {@link SimulatorOnlyFilter} answers 404 otherwise.
 */
@RestController
class SimulatorController {

    private static final int MAX_NAME = 80;
    private static final int MAX_TEXT = 5_000;

    private final SimulatorWorld world;
    private final SimulatorActions actions;
    private final DemoVillage demo;
    private final JobButtons jobs;

    SimulatorController(SimulatorWorld world, SimulatorActions actions, DemoVillage demo, JobButtons jobs) {
        this.world = world;
        this.actions = actions;
        this.demo = demo;
        this.jobs = jobs;
    }

    @GetMapping(value = {"/simulator", "/simulator/"}, produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    String page() throws IOException {
        String template;
        try (InputStream in = new ClassPathResource("templates/simulator.html").getInputStream()) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String buttons = jobs.jobs().stream()
                .map(job -> "<button type=\"button\" class=\"job\" data-job=\"" + HtmlUtils.htmlEscape(job) + "\">"
                        + HtmlUtils.htmlEscape(jobLabel(job)) + "</button>")
                .collect(Collectors.joining("\n"));
        return template.replace("{{jobButtons}}", buttons);
    }

    private static String jobLabel(String job) {
        return switch (job) {
            case "nudge" -> "⏰ เตือนรายงาน · nudge";
            case "weekly-summary" -> "📊 สรุปประจำสัปดาห์ · weekly summary";
            default -> "▶ " + job;
        };
    }

    @GetMapping(value = "/simulator/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        actions.adoptKnown();
        return world.watch();
    }

    @GetMapping("/simulator/api/state")
    Map<String, Object> state() {
        actions.adoptKnown();
        return Map.of("world", world.snapshot(), "jobs", jobs.jobs());
    }

    record NewPerson(String name, String role) {
    }

    @PostMapping("/simulator/api/people")
    ResponseEntity<Object> addPerson(@RequestBody NewPerson body) {
        if (blankOrLong(body.name(), MAX_NAME)) {
            return bad("ใส่ชื่อ (ไม่เกิน 80 ตัวอักษร) · a name is required");
        }
        SimulatorWorld.Role role = "officer".equalsIgnoreCase(body.role()) ? SimulatorWorld.Role.OFFICER : SimulatorWorld.Role.VILLAGER;
        return ResponseEntity.status(HttpStatus.CREATED).body(actions.addPerson(body.name().strip(), role));
    }

    record NewGroup(String name) {
    }

    @PostMapping("/simulator/api/groups")
    ResponseEntity<Object> addGroup(@RequestBody NewGroup body) {
        if (blankOrLong(body.name(), MAX_NAME)) {
            return bad("ใส่ชื่อกลุ่ม (ไม่เกิน 80 ตัวอักษร) · a group name is required");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(actions.addGroup(body.name().strip()));
    }

    record Presence(boolean in) {
    }

    /** The bot is added to the group (join) or removed from it (leave). */
    @PostMapping("/simulator/api/groups/{groupId}/bot")
    ResponseEntity<Object> bot(@PathVariable String groupId, @RequestBody Presence body) {
        if (world.group(groupId).isEmpty()) {
            return notFound();
        }
        return answer(body.in() ? actions.botJoins(groupId, null) : actions.botLeaves(groupId));
    }

    record Membership(String userId, boolean in) {
    }

    /** A person joins the group (memberJoined) or leaves it (memberLeft). */
    @PostMapping("/simulator/api/groups/{groupId}/members")
    ResponseEntity<Object> member(@PathVariable String groupId, @RequestBody Membership body) {
        if (world.group(groupId).isEmpty() || body.userId() == null || world.person(body.userId()).isEmpty()) {
            return notFound();
        }
        return answer(body.in() ? actions.memberJoins(groupId, body.userId(), null) : actions.memberLeaves(groupId, body.userId()));
    }

    /** A person adds the bot as a friend (follow) or blocks it (unfollow). */
    @PostMapping("/simulator/api/people/{userId}/follow")
    ResponseEntity<Object> follow(@PathVariable String userId, @RequestBody Presence body) {
        if (world.person(userId).isEmpty()) {
            return notFound();
        }
        return answer(body.in() ? actions.follows(userId) : actions.unfollows(userId));
    }

    record Said(String chat, String from, String text) {
    }

    @PostMapping("/simulator/api/messages")
    ResponseEntity<Object> say(@RequestBody Said body) {
        if (blankOrLong(body.text(), MAX_TEXT)) {
            return bad("พิมพ์ข้อความก่อน · type a message first");
        }
        if (!speaker(body.chat(), body.from())) {
            return notFound();
        }
        return answer(actions.says(body.chat(), body.from(), body.text(), null));
    }

    record Tapped(String chat, String from, String data, String displayText) {
    }

    @PostMapping("/simulator/api/postbacks")
    ResponseEntity<Object> tap(@RequestBody Tapped body) {
        if (blankOrLong(body.data(), 300)) {
            return bad("postback data is required (300 characters at most)");
        }
        if (!speaker(body.chat(), body.from())) {
            return notFound();
        }
        return answer(actions.taps(body.chat(), body.from(), body.data(), body.displayText(), null));
    }

    @PostMapping("/simulator/api/jobs/{name}")
    JobButtons.Outcome runJob(@PathVariable String name) {
        return jobs.run(name);
    }

    @PostMapping("/simulator/api/seed")
    DemoVillage.Seeded seed() {
        return demo.seed();
    }

    /** Someone can speak in a chat: their own 1:1 chat, or a group the simulator knows. */
    private boolean speaker(String chat, String from) {
        if (chat == null || from == null || world.person(from).isEmpty()) {
            return false;
        }
        return chat.equals(from) || world.group(chat).isPresent();
    }

    private static ResponseEntity<Object> answer(Delivery delivery) {
        Map<String, Object> body = Map.of("webhookStatus", delivery.status(), "webhookAnswer", delivery.body());
        return delivery.ok() ? ResponseEntity.ok(body) : ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(body);
    }

    private static boolean blankOrLong(String s, int max) {
        return s == null || s.isBlank() || s.length() > max;
    }

    private static ResponseEntity<Object> bad(String message) {
        return ResponseEntity.badRequest().body(Map.of("error", "bad_request", "message", message));
    }

    private static ResponseEntity<Object> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "message", "No such chat or person"));
    }

}
