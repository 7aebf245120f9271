package org.sanphalang.schedule;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.checkin.CheckInActivity;
import org.sanphalang.checkin.Period;
import org.sanphalang.checkin.Summaries;
import org.sanphalang.checkin.Totals;
import org.sanphalang.flex.FlexTemplates;
import org.sanphalang.flex.ThaiDates;
import org.sanphalang.groups.GroupMember;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.needs.Agency;
import org.sanphalang.needs.Needs;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officer;
import org.sanphalang.officers.Officers;
import org.sanphalang.officers.Role;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What each job does for a set of groups and a period. Every message is keyed by (job, group or person, period),
 * so running a job twice for the same period — a retry, a second instance, a manual run — sends nothing twice.
 */
@Component
class FollowUpJobs {

    private static final java.util.Locale THAI = java.util.Locale.forLanguageTag("th");

    private final Groups groups;
    private final CheckInActivity activity;
    private final Attendance attendance;
    private final Summaries summaries;
    private final Needs needs;
    private final Officers officers;
    private final FlexTemplates flex;
    private final MessageSource texts;
    private final ScheduledSends sends;
    private final ScheduleSettings settings;
    private final Clock clock;
    private final String publicBaseUrl;

    FollowUpJobs(Groups groups, CheckInActivity activity, Attendance attendance, Summaries summaries, Needs needs,
                 Officers officers, FlexTemplates flex, MessageSource texts, ScheduledSends sends, ScheduleSettings settings,
                 Clock clock, @Value("${sanphalang.public-base-url:}") String publicBaseUrl) {
        this.groups = groups;
        this.activity = activity;
        this.attendance = attendance;
        this.summaries = summaries;
        this.needs = needs;
        this.officers = officers;
        this.flex = flex;
        this.texts = texts;
        this.sends = sends;
        this.settings = settings;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
    }

    /**
     * @param only     the one group to run for, or null for all
     * @param excluded groups left out of an all-groups run (they have a schedule of their own)
     */
    JobReport run(JobName job, Period period, String only, Set<String> excluded, Instant firedAt) {
        List<LineGroup> scope = groups.all().stream()
                .filter(g -> only == null ? !excluded.contains(g.id()) : g.id().equals(only))
                .toList();
        JobReport.Counts counts = new JobReport.Counts();
        switch (job) {
            case NUDGE -> nudge(scope, period, firedAt, counts);
            case ESCALATION -> escalate(scope, period, counts);
            case WEEKLY_SUMMARY, MONTHLY_SUMMARY -> {
                summarise(job, scope, period, counts);
                if (only == null) {
                    rollups(job, period, counts);
                }
            }
        }
        return new JobReport(job.id, period.key(), only, true, null, counts.asMap());
    }

    // --- reminders -------------------------------------------------------------------------------------------

    private void nudge(List<LineGroup> scope, Period week, Instant firedAt, JobReport.Counts counts) {
        for (LineGroup group : scope) {
            if (!group.registered() || !group.active()) {
                continue;
            }
            counts.add("groups");
            if (group.nudgesPaused()) {
                counts.add("paused");
            } else if (everyoneOptedOut(group)) {
                counts.add("optedOut");
            } else if (activity.checkedIn(group.id(), week)) {
                counts.add("alreadyCheckedIn");
            } else {
                counts.outcome("nudged", sends.remind(key(JobName.NUDGE, group.id(), week), group, week,
                        List.of(nudgeCard(group, week)), firedAt));
            }
        }
    }

    Message nudgeCard(LineGroup group, Period week) {
        int variant = Math.floorMod(Objects.hash(group.id(), week.key()), 1 << 16);
        Map<String, Object> v = new HashMap<>();
        v.put("groupName", group.displayName());
        v.put("period", pick("schedule.nudge.period", variant, week.thaiLabel()));
        v.put("example", pick("schedule.nudge.example", variant / 7, group.product() == null ? "" : group.product()));
        v.put("lastReport", activity.lastCheckIn(group.id()).map(at -> ThaiDates.date(at, clock.getZone())).orElse(null));
        v.put("groupId", group.id());
        return flex.render("nudge", v);
    }

    /** One of the variants {@code prefix.0}, {@code prefix.1}, …: the wording changes from week to week. */
    private String pick(String prefix, int seed, Object arg) {
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String text = texts.getMessage(prefix + "." + i, new Object[]{arg}, null, THAI);
            if (text == null) {
                break;
            }
            variants.add(text);
        }
        return variants.isEmpty() ? String.valueOf(arg) : variants.get(Math.floorMod(seed, variants.size()));
    }

    /** A group push reaches everyone; when every member we know of asked for no reminders, there is no one to remind. */
    private boolean everyoneOptedOut(LineGroup group) {
        List<GroupMember> members = groups.members(group.id()).stream().filter(GroupMember::active).toList();
        return !members.isEmpty() && members.stream().allMatch(GroupMember::nudgesOff);
    }

    // --- escalations -----------------------------------------------------------------------------------------

    private void escalate(List<LineGroup> scope, Period week, JobReport.Counts counts) {
        Period lastFinished = week.previous();
        for (LineGroup group : scope) {
            if (!group.registered() || !group.active()) {
                continue;
            }
            counts.add("groups");
            int missed = attendance.missedUpTo(group, lastFinished);
            if (missed < settings.missedBeforeEscalation()) {
                counts.add("onTrack");
                continue;
            }
            counts.add("escalatedGroups");
            Set<String> optedOut = groups.members(group.id()).stream().filter(GroupMember::nudgesOff)
                    .map(GroupMember::userId).collect(Collectors.toSet());
            String last = activity.lastCheckIn(group.id()).map(at -> ThaiDates.date(at, clock.getZone()))
                    .orElseGet(() -> text("schedule.never"));
            Set<String> told = new LinkedHashSet<>();
            if (!group.nudgesPaused()) {
                for (String leader : group.leaders()) {
                    if (optedOut.contains(leader)) {
                        counts.add("leaderOptedOut");
                    } else if (told.add(leader)) {
                        counts.outcome("leadersTold", sends.send(key(JobName.ESCALATION, group.id(), week) + "|" + leader, leader,
                                "escalation", List.of(new TextMessage(text("schedule.escalation.leader", group.displayName(), missed, last)))));
                    }
                }
            }
            for (Officer officer : officers.responsibleFor(group.amphoe(), group.tambon())) {
                String lineUserId = officer.lineUserId();
                if (lineUserId == null) {
                    counts.add("officersNotLinked");
                } else if (optedOut.contains(lineUserId)) {
                    counts.add("officerOptedOut");
                } else if (told.add(lineUserId)) {
                    counts.outcome("officersTold", sends.send(key(JobName.ESCALATION, group.id(), week) + "|" + lineUserId, lineUserId,
                            "escalation", List.of(new TextMessage(text("schedule.escalation.officer", group.displayName(),
                                    place(group), missed, last)))));
                }
            }
        }
    }

    private String place(LineGroup group) {
        return text("schedule.place", group.tambon() == null ? "-" : group.tambon(), group.amphoe() == null ? "-" : group.amphoe());
    }

    // --- summaries -------------------------------------------------------------------------------------------

    private void summarise(JobName job, List<LineGroup> scope, Period period, JobReport.Counts counts) {
        for (LineGroup group : scope) {
            if (!group.registered() || !group.active()) {
                continue;
            }
            counts.add("groups");
            Totals now = summaries.totals(group.id(), period);
            if (now.checkins() == 0 && summaries.totals(group.id(), period.previous()).checkins() == 0) {
                counts.add("nothingToSummarise");
                continue;
            }
            List<Message> messages = new ArrayList<>();
            messages.add(summaries.card(group, period, chartUrl(group.id(), period)));
            if (job == JobName.WEEKLY_SUMMARY) {
                int streak = attendance.streakUpTo(group, period);
                if (streak >= settings.streakToCelebrate()) {
                    messages.add(new TextMessage(pick("schedule.streak", streak, streak)));
                    counts.add("streaksCelebrated");
                }
            }
            counts.outcome("cardsSent", sends.send(key(job, group.id(), period), group.id(), job.id, messages));
        }
    }

    String chartUrl(String groupId, Period period) {
        return publicBaseUrl.isEmpty() ? null : publicBaseUrl + "/charts/" + groupId + "/" + period.key() + ".png";
    }

    /** The district picture for each officer with a linked LINE account: who reports, who is silent, what sells, what is needed. */
    private void rollups(JobName job, Period period, JobReport.Counts counts) {
        List<LineGroup> live = groups.live();
        for (Officer officer : officers.all()) {
            if (!officer.enabled() || officer.lineUserId() == null || (officer.role() != Role.OFFICER && officer.role() != Role.ADMIN)) {
                continue;
            }
            Area area = officer.isAdmin() ? Area.EVERYWHERE : officer.area();
            if (area == null) {
                continue;
            }
            List<LineGroup> mine = live.stream().filter(g -> g.within(area)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            String text = rollupText(job, period, mine);
            counts.outcome("officerRollups", sends.send("rollup|" + job.id + "|" + officer.username() + "|" + period.key(),
                    officer.lineUserId(), job.id + "-rollup", List.of(new TextMessage(text))));
        }
    }

    String rollupText(JobName job, Period period, List<LineGroup> mine) {
        List<String> ids = mine.stream().map(LineGroup::id).toList();
        Map<String, Totals> totals = summaries.totals(ids, period);
        List<String> silent = mine.stream().filter(g -> totals.getOrDefault(g.id(), Totals.NONE).checkins() == 0)
                .map(LineGroup::displayName).toList();
        Map<String, BigDecimal> byProduct = new TreeMap<>();
        totals.values().forEach(t -> t.byProduct().forEach((product, baht) -> byProduct.merge(product, baht, BigDecimal::add)));
        StringBuilder out = new StringBuilder(text(job == JobName.WEEKLY_SUMMARY ? "schedule.rollup.week" : "schedule.rollup.month",
                period.thaiLabel()));
        out.append('\n').append(text("schedule.rollup.on-track", mine.size() - silent.size(), mine.size()));
        if (!silent.isEmpty()) {
            out.append('\n').append(text("schedule.rollup.silent", silent.size(), list(silent, 10)));
        }
        if (!byProduct.isEmpty()) {
            out.append('\n').append(text("schedule.rollup.products"));
            byProduct.entrySet().stream().sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed()).limit(10)
                    .forEach(e -> out.append("\n• ").append("-".equals(e.getKey()) ? text("schedule.rollup.no-product") : e.getKey())
                            .append(' ').append(baht(e.getValue())).append(' ').append(text("schedule.baht")));
        }
        Map<Agency, Long> open = needs.openByAgency(ids);
        if (!open.isEmpty()) {
            out.append('\n').append(text("schedule.rollup.needs"));
            open.entrySet().stream().sorted(Map.Entry.<Agency, Long>comparingByValue().reversed()).limit(5)
                    .forEach(e -> out.append("\n• ").append(text("agency." + e.getKey().name())).append(' ')
                            .append(text("schedule.rollup.need-count", e.getValue())));
        }
        return out.toString();
    }

    private static String list(Collection<String> names, int max) {
        String shown = names.stream().sorted(Comparator.naturalOrder()).limit(max).collect(Collectors.joining(", "));
        return names.size() > max ? shown + " …" : shown;
    }

    private static String baht(BigDecimal value) {
        return new java.text.DecimalFormat("#,##0.##", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.US)).format(value);
    }

    static String key(JobName job, String groupId, Period period) {
        return job.id + "|" + groupId + "|" + period.key();
    }

    private String text(String key, Object... args) {
        return texts.getMessage(key, args, THAI);
    }
}
