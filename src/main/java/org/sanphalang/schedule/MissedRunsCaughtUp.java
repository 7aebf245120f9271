package org.sanphalang.schedule;

/**
 * The start-up catch-up of missed schedule firings is over (see the package's description): published by the thread
 * that ran it, once per start, whether it went well or not.
 *
 * @param ran     firings run now, within the grace period
 * @param notRun  firings not run now: missed by more than the grace period (recorded as skipped), or run meanwhile by
 *                another instance
 * @param failed  whether the catch-up stopped on an error (logged)
 */
public record MissedRunsCaughtUp(int ran, int notRun, boolean failed) {
}
