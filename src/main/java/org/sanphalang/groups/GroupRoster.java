package org.sanphalang.groups;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.linecorp.bot.webhook.model.Event;
import com.linecorp.bot.webhook.model.FollowEvent;
import com.linecorp.bot.webhook.model.GroupSource;
import com.linecorp.bot.webhook.model.JoinEvent;
import com.linecorp.bot.webhook.model.LeaveEvent;
import com.linecorp.bot.webhook.model.MemberJoinedEvent;
import com.linecorp.bot.webhook.model.MemberLeftEvent;
import com.linecorp.bot.webhook.model.MessageEvent;
import com.linecorp.bot.webhook.model.UnfollowEvent;
import com.linecorp.bot.webhook.model.UserSource;
import org.sanphalang.flex.FlexTemplates;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.LineEventReceived;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Keeps the roster true to LINE's events. Every change is an upsert keyed by LINE ids, so handling an event
 * twice leaves the same state; the welcome is keyed by the event, so it is sent once.
 */
@Component
class GroupRoster {

    /** Names change rarely; asking LINE again after this long keeps them fresh without a call per message. */
    private static final Duration PROFILE_REFRESH = Duration.ofDays(7);

    private final MongoTemplate mongo;
    private final LineDirectory directory;
    private final Outbox outbox;
    private final FlexTemplates flex;
    private final RecentlyRecorded recent;
    private final Clock clock;

    GroupRoster(MongoTemplate mongo, LineDirectory directory, Outbox outbox, FlexTemplates flex, RecentlyRecorded recent, Clock clock) {
        this.mongo = mongo;
        this.recent = recent;
        this.directory = directory;
        this.outbox = outbox;
        this.flex = flex;
        this.clock = clock;
    }

    @EventListener
    void on(LineEventReceived received) {
        Event event = received.event();
        Instant at = event.timestamp() != null ? Instant.ofEpochMilli(event.timestamp()) : received.receivedAt();
        String groupId = event.source() instanceof GroupSource group ? group.groupId() : null;
        if (event instanceof JoinEvent join && groupId != null) {
            joined(received.eventKey(), groupId, join.replyToken(), at);
        } else if (event instanceof LeaveEvent && groupId != null) {
            left(groupId, at);
        } else if (event instanceof MemberJoinedEvent joined && groupId != null && joined.joined() != null) {
            joined.joined().members().forEach(member -> memberSeen(groupId, member.userId(), at, true));
        } else if (event instanceof MemberLeftEvent left && groupId != null && left.left() != null) {
            left.left().members().forEach(member -> memberLeft(groupId, member.userId(), at));
        } else if (event instanceof FollowEvent && event.source() instanceof UserSource user) {
            followed(user.userId(), at);
        } else if (event instanceof UnfollowEvent && event.source() instanceof UserSource user) {
            unfollowed(user.userId(), at);
        } else if (event instanceof MessageEvent && groupId != null && event.source() instanceof GroupSource group
                && group.userId() != null) {
            // Every message says the group and the member are there; writing it once per few minutes is enough.
            if (!recent.recentlyRecorded(groupId, at)) {
                ensureGroup(groupId, at);
                recent.recorded(groupId, at);
            }
            String member = GroupMember.idOf(groupId, group.userId());
            if (!recent.recentlyRecorded(member, at)) {
                memberSeen(groupId, group.userId(), at, false);
                recent.recorded(member, at);
            }
        }
    }

    private void joined(String eventKey, String groupId, String replyToken, Instant at) {
        recent.forget(groupId);
        mongo.upsert(new Query(where("_id").is(groupId)),
                new Update().set("active", true).set("joinedAt", at).unset("leftAt"), LineGroup.class);
        Map<String, Object> values = new HashMap<>();
        values.put("groupName", refreshGroup(groupId).map(LineDirectory.GroupInfo::name).orElse(null));
        outbox.enqueue(OutgoingMessage.reply("welcome:" + eventKey, groupId, replyToken, at, "welcome",
                List.of(flex.render("welcome", values))));
    }

    private void left(String groupId, Instant at) {
        recent.forget(groupId);
        mongo.upsert(new Query(where("_id").is(groupId)),
                new Update().set("active", false).set("leftAt", at), LineGroup.class);
    }

    /** A group the bot was in before it was watching (or whose join event was lost) appears when someone speaks. */
    private void ensureGroup(String groupId, Instant at) {
        LineGroup before = mongo.findAndModify(new Query(where("_id").is(groupId)),
                new Update().setOnInsert("active", true).setOnInsert("joinedAt", at),
                FindAndModifyOptions.options().upsert(true).returnNew(false), LineGroup.class);
        if (before == null) {
            refreshGroup(groupId);
        }
    }

    /** Asks LINE for the group's name and size, keeps them, and hands them back (empty if LINE did not answer). */
    private Optional<LineDirectory.GroupInfo> refreshGroup(String groupId) {
        Optional<LineDirectory.GroupInfo> info = directory.group(groupId);
        info.ifPresent(i -> mongo.updateFirst(new Query(where("_id").is(groupId)),
                new Update().set("lineName", i.name()).set("pictureUrl", i.pictureUrl())
                        .set("memberCount", i.memberCount()).set("summaryFetchedAt", clock.instant()),
                LineGroup.class));
        return info;
    }

    private void memberSeen(String groupId, String userId, Instant at, boolean joinedNow) {
        if (userId == null) {
            return;
        }
        if (joinedNow) {
            recent.forget(GroupMember.idOf(groupId, userId));
        }
        String id = GroupMember.idOf(groupId, userId);
        Update update = new Update().set("groupId", groupId).set("userId", userId).set("active", true)
                .max("lastSeenAt", at).min("firstSeenAt", at);
        if (joinedNow) {
            update.unset("leftAt");
        }
        GroupMember member = mongo.findAndModify(new Query(where("_id").is(id)), update,
                FindAndModifyOptions.options().upsert(true).returnNew(true), GroupMember.class);
        if (member != null && stale(member.profileFetchedAt())) {
            directory.memberName(groupId, userId).ifPresent(name -> mongo.updateFirst(new Query(where("_id").is(id)),
                    new Update().set("displayName", name).set("profileFetchedAt", clock.instant()), GroupMember.class));
        }
    }

    private void memberLeft(String groupId, String userId, Instant at) {
        if (userId == null) {
            return;
        }
        recent.forget(GroupMember.idOf(groupId, userId));
        mongo.upsert(new Query(where("_id").is(GroupMember.idOf(groupId, userId))),
                new Update().set("groupId", groupId).set("userId", userId).set("active", false).set("leftAt", at),
                GroupMember.class);
    }

    private void followed(String userId, Instant at) {
        mongo.upsert(new Query(where("_id").is(userId)),
                new Update().set("following", true).set("followedAt", at).unset("unfollowedAt"), LineUser.class);
        directory.userName(userId).ifPresent(name -> mongo.updateFirst(new Query(where("_id").is(userId)),
                new Update().set("displayName", name).set("profileFetchedAt", clock.instant()), LineUser.class));
    }

    private void unfollowed(String userId, Instant at) {
        mongo.upsert(new Query(where("_id").is(userId)),
                new Update().set("following", false).set("unfollowedAt", at), LineUser.class);
    }

    private boolean stale(Instant fetchedAt) {
        return fetchedAt == null || fetchedAt.isBefore(clock.instant().minus(PROFILE_REFRESH));
    }
}
