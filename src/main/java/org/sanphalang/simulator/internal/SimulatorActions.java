package org.sanphalang.simulator.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.sanphalang.groups.GroupMember;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.simulator.SimulatorTranscript;
import org.sanphalang.simulator.internal.SimulatorWorld.Group;
import org.sanphalang.simulator.internal.SimulatorWorld.Person;
import org.sanphalang.simulator.internal.WebhookPoster.Delivery;
import org.sanphalang.simulator.internal.WebhookPoster.Source;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What a person can do in the simulator, each done the way LINE would do it: the simulated world changes, the line
 * appears in the chat, and the matching webhook event goes, signed, to the bot's {@code /callback}. Whatever the bot
 * sends back arrives at the stand-in Messaging API and is put into the chat it belongs to.
 */
@Component
public class SimulatorActions {

    private final SimulatorWorld world;
    private final WebhookPoster poster;
    private final Groups groups;
    private final Clock clock;

    SimulatorActions(SimulatorWorld world, WebhookPoster poster, SimulatorTranscript transcript, Groups groups, Clock clock) {
        this.world = world;
        this.poster = poster;
        this.groups = groups;
        this.clock = clock;
        transcript.broadcastTo(world::followers);
        transcript.listen(sent -> {
            for (String chat : sent.chats()) {
                for (JsonNode message : sent.messages()) {
                    world.botSent(chat, message, sent.at(), sent.endpoint());
                }
            }
        });
    }

    /** The groups and people the bot already knows from its store (after a restart), so their chats can go on. */
    public void adoptKnown() {
        if (!world.isEmpty()) {
            return;
        }
        for (LineGroup group : groups.all()) {
            if (!group.active()) {
                continue;
            }
            List<GroupMember> members = groups.members(group.id()).stream().filter(GroupMember::active).toList();
            members.forEach(m -> world.knownPerson(m.userId(), m.displayName()));
            world.knownGroup(group.id(), group.displayName() != null ? group.displayName() : "กลุ่ม " + group.id().substring(0, 6),
                    members.stream().map(GroupMember::userId).toList());
        }
    }

    public Person addPerson(String name, SimulatorWorld.Role role) {
        return world.addPerson(name, role);
    }

    public Group addGroup(String name) {
        return world.addGroup(name);
    }

    public Delivery botJoins(String groupId, Instant at) {
        world.botIn(groupId, true);
        world.note(groupId, "สานพลังเข้าร่วมกลุ่ม · the bot joined", when(at));
        return poster.deliver(poster.join(groupId, at));
    }

    public Delivery botLeaves(String groupId) {
        world.botIn(groupId, false);
        world.note(groupId, "สานพลังออกจากกลุ่ม · the bot left", clock.instant());
        return poster.deliver(poster.leave(groupId, null));
    }

    public Delivery memberJoins(String groupId, String userId, Instant at) {
        world.members(groupId, List.of(userId), true);
        world.note(groupId, world.nameOf(userId) + " เข้าร่วมกลุ่ม · joined", when(at));
        return poster.deliver(poster.memberJoined(groupId, List.of(userId), at));
    }

    public Delivery memberLeaves(String groupId, String userId) {
        world.members(groupId, List.of(userId), false);
        world.note(groupId, world.nameOf(userId) + " ออกจากกลุ่ม · left", clock.instant());
        return poster.deliver(poster.memberLeft(groupId, List.of(userId), null));
    }

    public Delivery follows(String userId) {
        world.following(userId, true);
        world.note(userId, world.nameOf(userId) + " เพิ่มสานพลังเป็นเพื่อน · followed the bot", clock.instant());
        return poster.deliver(poster.follow(userId, null));
    }

    public Delivery unfollows(String userId) {
        world.following(userId, false);
        world.note(userId, world.nameOf(userId) + " บล็อกสานพลัง · blocked the bot", clock.instant());
        return poster.deliver(poster.unfollow(userId, null));
    }

    /** Someone types in a chat (a group id, or their own id for their 1:1 chat with the bot). */
    public Delivery says(String chat, String userId, String text, Instant at) {
        Source source = source(chat, userId);
        world.said(source.chat(), userId, Map.of("type", "text", "text", text), when(at));
        return poster.deliver(poster.text(source, text, at));
    }

    /** Someone taps a postback button; LINE shows its display text as their message, when it has one. */
    public Delivery taps(String chat, String userId, String data, String displayText, Instant at) {
        Source source = source(chat, userId);
        if (displayText != null && !displayText.isBlank()) {
            world.said(source.chat(), userId, Map.of("type", "text", "text", displayText), when(at));
        }
        return poster.deliver(poster.postback(source, data, at));
    }

    /** Is this chat one the simulator knows: a group, or a person (their 1:1 chat)? */
    public boolean knows(String chat) {
        return world.group(chat).isPresent() || world.person(chat).isPresent();
    }

    private Source source(String chat, String userId) {
        return chat.startsWith("C") ? Source.group(chat, userId) : Source.user(userId);
    }

    private Instant when(Instant at) {
        return at != null ? at : clock.instant();
    }
}
