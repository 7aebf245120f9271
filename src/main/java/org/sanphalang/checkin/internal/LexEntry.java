package org.sanphalang.checkin.internal;

/** One role of one lexicon word; {@code arg} is what followed the colon in the lexicon, or null. */
public record LexEntry(Role role, String arg) {
}
