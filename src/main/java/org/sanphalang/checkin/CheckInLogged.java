package org.sanphalang.checkin;

/** A check-in was recorded, changed or undone (then {@code cancelled}); for streaks, alerts and summaries. */
public record CheckInLogged(CheckIn checkIn, boolean cancelled) {
}
