package org.sanphalang.checkin;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.linecorp.bot.messaging.model.FlexMessage;
import org.sanphalang.checkin.internal.CheckInCards;
import org.sanphalang.checkin.internal.Rollups;
import org.sanphalang.groups.LineGroup;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** A group's outcomes for a period, compared with the period before — for the สรุป command and the scheduled cards. */
@Component
public class Summaries {

    private final Rollups rollups;
    private final CheckInCards cards;
    private final ObjectProvider<OpenNeeds> needs;
    private final Clock clock;

    Summaries(Rollups rollups, CheckInCards cards, ObjectProvider<OpenNeeds> needs, Clock clock) {
        this.rollups = rollups;
        this.cards = cards;
        this.needs = needs;
        this.clock = clock;
    }

    public Totals totals(String groupId, Period period) {
        return rollups.totals(groupId, period);
    }

    public Map<String, Totals> totals(List<String> groupIds, Period period) {
        return rollups.totals(groupIds, period);
    }

    public long openNeeds(String groupId) {
        OpenNeeds open = needs.getIfAvailable();
        return open == null ? 0 : open.count(groupId);
    }

    /** Open needs of many groups in one query; a group with none is 0. */
    public Map<String, Long> openNeeds(List<String> groupIds) {
        OpenNeeds open = needs.getIfAvailable();
        return open == null || groupIds.isEmpty() ? Map.of() : open.counts(groupIds);
    }

    public FlexMessage card(LineGroup group, Period period, String chartUrl) {
        OpenNeeds open = needs.getIfAvailable();
        return cards.summary(group.displayName(), period, totals(group.id(), period), totals(group.id(), period.previous()),
                open == null ? 0 : open.count(group.id()), open == null ? List.of() : open.describe(group.id(), 3), chartUrl);
    }

    public Period thisWeek() {
        return Period.weekOf(clock.instant(), clock.getZone());
    }

    public Period thisMonth() {
        return Period.monthOf(clock.instant(), clock.getZone());
    }
}
