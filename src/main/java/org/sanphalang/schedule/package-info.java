/**
 * Follow-up that runs itself: weekly check-in reminders (nudges), escalations to leaders and officers after missed
 * weeks, and weekly/monthly outcome summaries with a district rollup for officers — driven by Quartz, timed by
 * schedules officers can edit ({@code schedules} collection, {@code /api/v1/schedules}), in {@code sanphalang.zone}.
 *
 * <h2>Manners</h2>
 * Nothing scheduled is sent in quiet hours (default 20:00–07:00): it waits in {@code schedule_deferred} for the
 * end of them. A reminder due on a Thai public holiday, วันพระ ({@code calendar/thai-holidays.csv}, or the operator's
 * {@code sanphalang.schedule.holidays-file}) or one of the group's busy days waits for the next working day, and is
 * dropped if the group reports meanwhile. Groups that paused reminders are never nudged; people who said หยุดเตือน never
 * receive an escalation or other 1:1 message about that group.
 *
 * <h2>Several instances, one MongoDB: why a lease and not a clustered job store</h2>
 * Each instance runs Quartz with its own RAM job store; all of them fire. Before doing anything a firing inserts
 * {@code {_id: "<job>[|<group>]|<period>"}} (e.g. {@code weekly-summary|2026-W48}) into {@code job_runs}; the unique
 * {@code _id} makes exactly one instance win, the others skip. We do not use a clustered Quartz job store because
 * there is no maintained MongoDB job store for Quartz (the community ones are unmaintained and lag Quartz 2.5), and
 * Quartz's JDBC store would need a relational database we do not otherwise run — mongo-java-server, our embedded
 * and test store, offers nothing a JDBC store can use. The {@code job_runs} record doubles as the misfire ledger:
 * at start, for each schedule, the last firing that should have happened is computed from its cron; if its period has
 * no record it runs now when within {@code sanphalang.schedule.grace} (default 6h), else it is recorded as skipped and
 * logged. That catch-up runs on a thread of its own once the app is ready, so a long one does not keep the app out of
 * service; {@link org.sanphalang.schedule.MissedRunsCaughtUp} says when it is over. Quartz's own misfire handling is
 * off (do-nothing) so the two cannot both catch up.
 * <p>
 * A lease alone is not exactly-once delivery: every message also goes through the outbox with a key derived from
 * (job, group or person, period), so a retried, doubled or manual run cannot send anything twice.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Schedules and follow-up")
package org.sanphalang.schedule;
