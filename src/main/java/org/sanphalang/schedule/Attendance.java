package org.sanphalang.schedule;

import java.time.Clock;
import java.time.Instant;

import org.sanphalang.checkin.CheckInActivity;
import org.sanphalang.checkin.Period;
import org.sanphalang.groups.LineGroup;
import org.springframework.stereotype.Component;

/** Runs of weeks with and without check-ins, counted back from a week; weeks before the group registered (and the week it did) never count. */
@Component
class Attendance {

    private static final int LOOK_BACK = 104;

    private final CheckInActivity activity;
    private final Clock clock;

    Attendance(CheckInActivity activity, Clock clock) {
        this.activity = activity;
        this.clock = clock;
    }

    /** Consecutive periods without a check-in, ending with {@code last}. */
    int missedUpTo(LineGroup group, Period last) {
        int missed = 0;
        for (Period p = last; missed < LOOK_BACK && counts(group, p) && !activity.checkedIn(group.id(), p); p = p.previous()) {
            missed++;
        }
        return missed;
    }

    /** Consecutive periods with a check-in, ending with {@code last}. */
    int streakUpTo(LineGroup group, Period last) {
        int streak = 0;
        for (Period p = last; streak < LOOK_BACK && activity.checkedIn(group.id(), p); p = p.previous()) {
            streak++;
        }
        return streak;
    }

    /** A period counts only if the group was there (registered, else joined) when it began: a new group gets its first week free. */
    private boolean counts(LineGroup group, Period p) {
        Instant since = group.registeredAt() != null ? group.registeredAt() : group.joinedAt();
        return since == null || !since.isAfter(p.start(clock.getZone()));
    }
}
