package org.sanphalang.stories;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.linecorp.bot.messaging.model.FlexMessage;
import org.sanphalang.audit.AuditLog;
import org.sanphalang.checkin.Totals;
import org.sanphalang.flex.FlexTemplates;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.officers.Area;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.SendCost;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.stories.internal.FacebookPage;
import org.sanphalang.stories.internal.Figures;
import org.sanphalang.stories.internal.PhotoConsent;
import org.sanphalang.stories.internal.StoryPeriod;
import org.sanphalang.stories.internal.StoryWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Drafts, edits, publishes and retracts outcome stories. Every operation takes the calling officer's {@link Area}:
 * a story is only seen or touched by officers whose area covers all of its groups, and a scope never resolves to a
 * group outside the area.
 */
@Component
public class Stories {

    public static final String LINE_GROUPS = "line-groups";
    public static final String LINE_FOLLOWERS = "line-followers";
    public static final String FACEBOOK = "facebook";
    public static final List<String> CHANNELS = List.of(LINE_GROUPS, LINE_FOLLOWERS, FACEBOOK);
    static final int MAX_PHOTOS = 4;

    private final MongoTemplate mongo;
    private final Groups groups;
    private final Figures figures;
    private final StoryWriter writer;
    private final PhotoConsent consent;
    private final FlexTemplates flex;
    private final Outbox outbox;
    private final SendCost sendCost;
    private final FacebookPage facebook;
    private final AuditLog audit;
    private final Clock clock;
    private final String publicBaseUrl;

    Stories(MongoTemplate mongo, Groups groups, Figures figures, StoryWriter writer, PhotoConsent consent, FlexTemplates flex,
            Outbox outbox, SendCost sendCost, FacebookPage facebook, AuditLog audit, Clock clock,
            @Value("${sanphalang.public-base-url:}") String publicBaseUrl) {
        this.mongo = mongo;
        this.groups = groups;
        this.figures = figures;
        this.writer = writer;
        this.consent = consent;
        this.flex = flex;
        this.outbox = outbox;
        this.sendCost = sendCost;
        this.facebook = facebook;
        this.audit = audit;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null
                : publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /** A request that cannot be carried out as asked; {@code status} is the HTTP status to answer with. */
    public static final class StoryException extends RuntimeException {
        private final int status;
        private final String error;

        public StoryException(int status, String error, String message) {
            super(message);
            this.status = status;
            this.error = error;
        }

        public int status() {
            return status;
        }

        public String error() {
            return error;
        }

        public static java.util.function.Supplier<StoryException> notFound() {
            return () -> new StoryException(404, "not_found", "No such story");
        }
    }

    // ------------------------------------------------------------------ drafting

    /** The registered, active groups of the scope inside the area. */
    public List<LineGroup> resolve(Area area, Story.Scope scope) {
        return groups.live().stream()
                .filter(g -> g.within(area))
                .filter(g -> scope.product() == null || (g.products() != null && g.products().contains(scope.product())))
                .filter(g -> scope.tambon() == null || scope.tambon().equals(g.tambon()))
                .filter(g -> scope.village() == null || scope.village().equals(g.village()))
                .filter(g -> scope.lineGroupId() == null || scope.lineGroupId().equals(g.id()))
                .toList();
    }

    public Story draft(String officer, Area area, String periodKey, Story.Scope requested, String lang) {
        StoryPeriod period;
        try {
            period = StoryPeriod.parse(periodKey);
        } catch (IllegalArgumentException e) {
            throw new StoryException(400, "bad_period", e.getMessage());
        }
        String language = lang == null || lang.isBlank() ? "th" : lang.trim().toLowerCase(java.util.Locale.ROOT);
        if (!language.equals("th") && !language.equals("en")) {
            throw new StoryException(400, "bad_lang", "lang is \"th\" (the default) or \"en\"");
        }
        Story.Scope scope = requested == null ? new Story.Scope(null, null, null, null)
                : new Story.Scope(blankToNull(requested.product()), blankToNull(requested.tambon()),
                blankToNull(requested.village()), blankToNull(requested.lineGroupId()));
        List<LineGroup> in = resolve(area, scope);
        if (in.isEmpty()) {
            if (scope.lineGroupId() != null) {
                throw new StoryException(404, "not_found", "No registered group with that id in your area");
            }
            throw new StoryException(422, "empty_scope", "No registered group in your area matches this scope");
        }
        List<String> ids = in.stream().map(LineGroup::id).toList();
        StoryPeriod before = period.previous();
        Totals current = figures.totals(ids, period);
        Totals previous = figures.totals(ids, before);
        int resolved = figures.needsResolved(ids, period);
        Figures.Support support = figures.support(ids, period);
        StoryWriter.Facts facts = new StoryWriter.Facts(language, writer.periodLabel(period, language),
                writer.previousLabel(period, language), writer.scopeLabel(scope, in, area, language), in.size(), current, previous,
                resolved, support.count());
        List<String> candidates = consent.candidates(ids, period);
        Instant now = clock.instant();
        Story story = new Story(UUID.randomUUID().toString(), Story.Status.DRAFT, period.key(), facts.periodLabel(),
                facts.previousLabel(), scope, facts.scopeLabel(), language, area.amphoe(), area.tambon(), ids,
                in.stream().map(LineGroup::displayName).toList(), current, previous, resolved, support.count(),
                support.agencies().stream().map(a -> writer.agency(a, "en".equals(language))).toList(),
                writer.headline(facts), writer.text(facts), candidates,
                candidates.size() > 3 ? candidates.subList(0, 3) : candidates, officer, now, now, null, null, null, null,
                List.of(), Map.of());
        mongo.insert(story);
        audit.record(officer, "story.drafted", story.id(), Map.of("period", period.key(), "groups", Integer.toString(ids.size())));
        return story;
    }

    // ------------------------------------------------------------------ reading and editing

    /** The story, if the area covers every one of its groups. */
    public Optional<Story> find(String id, Area area) {
        return find(id).filter(s -> covers(area, s));
    }

    /** The story regardless of area: for the public page, which checks the status itself. */
    public Optional<Story> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Story.class));
    }

    private boolean covers(Area area, Story story) {
        if (area.amphoe() == null || area.amphoe().isBlank()) {
            return true;
        }
        return story.groupIds().stream().allMatch(g -> groups.find(g, area).isPresent());
    }

    public Story edit(String id, Area area, String officer, String headline, String text, List<String> photos) {
        Story story = find(id, area).orElseThrow(() -> new StoryException(404, "not_found", "No such story"));
        if (story.status() != Story.Status.DRAFT) {
            throw new StoryException(409, "not_a_draft", "Only a draft can be edited; this story is " + story.status().name().toLowerCase());
        }
        Update update = new Update().set("updatedAt", clock.instant());
        if (headline != null) {
            if (headline.isBlank() || headline.length() > 150) {
                throw new StoryException(400, "bad_headline", "A headline has 1 to 150 characters");
            }
            update.set("headline", headline.strip());
        }
        if (text != null) {
            if (text.isBlank() || text.length() > 2000) {
                throw new StoryException(400, "bad_text", "A text has 1 to 2000 characters");
            }
            update.set("text", text.strip());
        }
        if (photos != null) {
            List<String> chosen = photos.stream().distinct().toList();
            if (chosen.size() > MAX_PHOTOS) {
                throw new StoryException(400, "too_many_photos", "At most " + MAX_PHOTOS + " photos");
            }
            for (String photo : chosen) {
                if (!story.photoCandidates().contains(photo) || consent.showable(photo, story.groupIds()).isEmpty()) {
                    throw new StoryException(400, "photo_not_allowed",
                            "Photo " + photo + " is not one of this story's photos that may be shown");
                }
            }
            update.set("selectedPhotos", chosen);
        }
        Story after = mongo.findAndModify(new Query(where("_id").is(id).and("status").is(Story.Status.DRAFT)), update,
                FindAndModifyOptions.options().returnNew(true), Story.class);
        if (after == null) {
            throw new StoryException(409, "not_a_draft", "The story was published meanwhile");
        }
        audit.record(officer, "story.edited", id, Map.of());
        return after;
    }

    // ------------------------------------------------------------------ publishing

    public record ChannelResult(String channel, String status, String message) {
    }

    public List<ChannelResult> publish(String id, Area area, String officer, List<String> channels) {
        Story story = find(id, area).orElseThrow(() -> new StoryException(404, "not_found", "No such story"));
        if (channels == null || channels.isEmpty()) {
            throw new StoryException(400, "no_channels", "Name at least one channel of " + CHANNELS);
        }
        for (String c : channels) {
            if (!CHANNELS.contains(c)) {
                throw new StoryException(400, "bad_channel", "Unknown channel \"" + c + "\"; channels are " + CHANNELS);
            }
        }
        if (story.status() == Story.Status.RETRACTED) {
            throw new StoryException(409, "retracted", "This story was retracted; draft a new one");
        }
        if (channels.contains(FACEBOOK) && !facebook.enabled()) {
            throw new StoryException(409, "facebook_disabled", "Publishing to Facebook is not set up: set "
                    + "sanphalang.facebook.page-id and sanphalang.facebook.page-token (SANPHALANG_FACEBOOK_PAGE_ID, "
                    + "SANPHALANG_FACEBOOK_PAGE_TOKEN). Nothing was published.");
        }
        if (channels.contains(FACEBOOK) && publicBaseUrl == null) {
            throw new StoryException(409, "public_url_missing", "Facebook needs the story's public address: set "
                    + "sanphalang.public-base-url (SANPHALANG_PUBLIC_BASE_URL). Nothing was published.");
        }
        Instant now = clock.instant();
        mongo.updateFirst(new Query(where("_id").is(id).and("status").is(Story.Status.DRAFT)),
                new Update().set("status", Story.Status.PUBLISHED).set("publishedAt", now).set("publishedBy", officer), Story.class);
        story = find(id).orElseThrow();
        if (story.status() != Story.Status.PUBLISHED) {
            throw new StoryException(409, "retracted", "This story was retracted meanwhile");
        }
        List<ChannelResult> results = new ArrayList<>();
        for (String channel : channels.stream().distinct().toList()) {
            if (!claim(id, channel)) {
                results.add(new ChannelResult(channel, "already-published", "Already published on " + channel + "; not sent again"));
                continue;
            }
            results.add(switch (channel) {
                case LINE_GROUPS -> toLineGroups(story, area, officer);
                case LINE_FOLLOWERS -> toFollowers(story, officer);
                default -> toFacebook(story, officer);
            });
        }
        Map<String, String> details = new LinkedHashMap<>();
        results.forEach(r -> details.put(r.channel(), r.status()));
        audit.record(officer, "story.published", id, details);
        return results;
    }

    /** Takes the channel for this caller only: a second publish (or a concurrent one) finds it taken. */
    private boolean claim(String id, String channel) {
        return mongo.updateFirst(new Query(where("_id").is(id).and("claims." + channel).exists(false)),
                new Update().set("claims." + channel, "publishing"), Story.class).getModifiedCount() == 1;
    }

    private void record(String id, String channel, Story.Publication publication, boolean keepClaim) {
        Update update = new Update().push("publications", publication);
        if (keepClaim) {
            update.set("claims." + channel, publication.status());
        } else {
            update.unset("claims." + channel);
        }
        mongo.updateFirst(new Query(where("_id").is(id)), update, Story.class);
    }

    private ChannelResult toLineGroups(Story story, Area area, String officer) {
        // Re-checked now: a group that left, was deactivated or moved out of the area since drafting gets nothing.
        List<LineGroup> to = story.groupIds().stream().map(groups::find).flatMap(Optional::stream)
                .filter(LineGroup::registered).filter(LineGroup::active).filter(g -> g.within(area)).toList();
        FlexMessage card = card(story);
        outbox.enqueueAll(to.stream()
                .map(group -> OutgoingMessage.push(keyPrefix(story.id()) + group.id(), group.id(), "story", List.of(card))).toList());
        List<String> targets = to.stream().map(LineGroup::id).toList();
        record(story.id(), LINE_GROUPS, new Story.Publication(LINE_GROUPS, "queued", targets, null, clock.instant(), officer,
                "A card to " + targets.size() + " LINE group(s) through the outbox", null, null), true);
        return new ChannelResult(LINE_GROUPS, "queued", "A card to " + targets.size() + " LINE group(s)");
    }

    /**
     * Every follower of the Official Account, through the outbox's broadcast (stored first, sent once). The quota is
     * checked first: with pushes paused or nothing left this month the story is not broadcast, and the officer is told.
     * (How many followers a broadcast reaches is not known in advance: LINE reports follower counts only to verified
     * accounts.)
     */
    private ChannelResult toFollowers(Story story, String officer) {
        String note;
        try {
            SendCost.Quota quota = sendCost.quota();
            if (quota.pushesPausedUntil() != null || (quota.remaining() != null && quota.remaining() <= 0)) {
                note = "Not sent: this month's message quota is used up";
                record(story.id(), LINE_FOLLOWERS, new Story.Publication(LINE_FOLLOWERS, "failed", List.of(), null, clock.instant(),
                        officer, note, null, null), false);
                return new ChannelResult(LINE_FOLLOWERS, "failed", note);
            }
        } catch (RuntimeException quotaUnknown) {
            // LINE did not answer the quota question: the broadcast is still stored; a used-up quota pauses it.
        }
        outbox.enqueueBroadcast(keyPrefix(story.id()) + "followers", "story", List.of(card(story)));
        note = "A card to every follower of the Official Account through the outbox (LINE broadcast API)";
        record(story.id(), LINE_FOLLOWERS, new Story.Publication(LINE_FOLLOWERS, "queued", List.of(), null, clock.instant(),
                officer, note, null, null), true);
        return new ChannelResult(LINE_FOLLOWERS, "queued", note);
    }

    private ChannelResult toFacebook(Story story, String officer) {
        String caption = story.headline() + "\n\n" + story.text() + "\n\n" + pageUrl(story.id());
        try {
            FacebookPage.Posted posted = facebook.postPhoto(imageUrl(story.id()), caption);
            record(story.id(), FACEBOOK, new Story.Publication(FACEBOOK, "posted", List.of(facebook.pageId()), posted.deletable(),
                    clock.instant(), officer, "Photo post with the chart on the Page", null, null), true);
            return new ChannelResult(FACEBOOK, "posted", "Posted to the Facebook Page");
        } catch (FacebookPage.FacebookException e) {
            record(story.id(), FACEBOOK, new Story.Publication(FACEBOOK, "failed", List.of(facebook.pageId()), null, clock.instant(),
                    officer, e.getMessage(), null, null), false);
            return new ChannelResult(FACEBOOK, "failed", e.getMessage());
        }
    }

    public FlexMessage card(Story story) {
        boolean en = story.english();
        Map<String, Object> v = new HashMap<>();
        v.put("title", en ? "🌱 Our results" : "🌱 ผลลัพธ์ของเรา");
        v.put("scope", story.scopeLabel());
        v.put("period", story.periodLabel());
        v.put("headline", story.headline());
        v.put("text", story.text());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoryWriter.Row row : writer.rows(StoryWriter.facts(story))) {
            rows.add(Map.of("label", row.label(), "value", row.value(), "change", row.change().isEmpty() ? " " : row.change()));
        }
        v.put("figures", rows);
        if (publicBaseUrl != null && publicBaseUrl.startsWith("https://")) {
            v.put("imageUrl", imageUrl(story.id()));
            v.put("storyUrl", pageUrl(story.id()));
        }
        v.put("buttonLabel", en ? "Read the story" : "อ่านเรื่องราว");
        return flex.render("outcome-story", v);
    }

    // ------------------------------------------------------------------ retracting

    public List<Story.Publication> retract(String id, Area area, String officer) {
        find(id, area).orElseThrow(() -> new StoryException(404, "not_found", "No such story"));
        Instant now = clock.instant();
        Story story = mongo.findAndModify(new Query(where("_id").is(id).and("status").is(Story.Status.PUBLISHED)),
                new Update().set("status", Story.Status.RETRACTED).set("retractedAt", now).set("retractedBy", officer),
                FindAndModifyOptions.options().returnNew(true), Story.class);
        if (story == null) {
            throw new StoryException(409, "not_published", "Only a published story can be retracted");
        }
        List<Story.Publication> after = new ArrayList<>();
        for (Story.Publication p : story.publications()) {
            String retraction;
            if (p.retractedAt() != null) {
                after.add(p);
                continue;
            }
            switch (p.status() + " " + p.channel()) {
                case "posted facebook" -> {
                    String result;
                    try {
                        facebook.delete(p.externalId());
                        result = "deleted";
                    } catch (FacebookPage.FacebookException e) {
                        result = "not deleted: " + e.getMessage();
                    }
                    retraction = result;
                }
                case "queued line-groups", "queued line-followers" ->
                        retraction = "not retractable on LINE: a bot cannot unsend pushed or broadcast messages";
                default -> retraction = "nothing to retract (" + p.status() + ")";
            }
            after.add(new Story.Publication(p.channel(), p.status(), p.targets(), p.externalId(), p.at(), p.by(), p.note(), now, retraction));
        }
        mongo.updateFirst(new Query(where("_id").is(id)), new Update().set("publications", after), Story.class);
        Map<String, String> details = new LinkedHashMap<>();
        after.forEach(p -> details.put(p.channel(), String.valueOf(p.retraction())));
        audit.record(officer, "story.retracted", id, details);
        return after;
    }

    // ------------------------------------------------------------------ addresses

    /** Absolute with {@code sanphalang.public-base-url}, else relative to this server. */
    public String imageUrl(String id) {
        return (publicBaseUrl == null ? "" : publicBaseUrl) + "/stories/" + id + "/chart.png";
    }

    public String pageUrl(String id) {
        return (publicBaseUrl == null ? "" : publicBaseUrl) + "/stories/" + id;
    }

    public Optional<String> publicBaseUrl() {
        return Optional.ofNullable(publicBaseUrl);
    }

    static String keyPrefix(String id) {
        return "story:" + id + ":";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
