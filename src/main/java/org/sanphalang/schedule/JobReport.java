package org.sanphalang.schedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of a job did.
 *
 * @param job         the job's name
 * @param period      the period it was about ({@code 2026-W48}, {@code 2026-11})
 * @param lineGroupId the one group it ran for, or null for all groups
 * @param ran         false when it did nothing (another instance had run it, or the schedule no longer fires then)
 * @param note        why it did not run, or null
 * @param counts      what happened, e.g. {@code nudged}, {@code alreadyCheckedIn}, {@code deferred}, {@code paused}
 */
record JobReport(String job, String period, String lineGroupId, boolean ran, String note, Map<String, Integer> counts) {

    static JobReport notRun(JobName job, String period, String lineGroupId, String note) {
        return new JobReport(job.id, period, lineGroupId, false, note, Map.of());
    }

    /** Counts in the order first seen, so the JSON reads in the order things happen. */
    static final class Counts {
        private final Map<String, Integer> counts = new LinkedHashMap<>();

        Counts add(String what) {
            return add(what, 1);
        }

        Counts add(String what, int n) {
            counts.merge(what, n, Integer::sum);
            return this;
        }

        Counts outcome(String prefix, ScheduledSends.Outcome outcome) {
            return add(switch (outcome) {
                case SENT -> prefix;
                case ALREADY_SENT -> prefix + "AlreadySent";
                case DEFERRED -> prefix + "Deferred";
            });
        }

        Map<String, Integer> asMap() {
            return new LinkedHashMap<>(counts);
        }
    }
}
