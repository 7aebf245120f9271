package org.sanphalang.checkin.internal;

import java.math.BigDecimal;
import java.util.List;

/**
 * One piece of a message. Spaces are not tokens (Thai uses them between phrases, not words), but punctuation is,
 * because it ends the reach of a cue written after its number.
 */
public record Token(Type type, String text, BigDecimal number, List<LexEntry> entries, boolean laughter,
        boolean spaceBefore) {

    public enum Type {
        /** Arabic or Thai digits, with grouping and decimals already read. */
        NUMBER,
        /** Digits joined by - / or : (dates, phone numbers, clock times): never a figure. */
        NUMBERISH,
        WORD,
        UNKNOWN,
        PUNCT
    }

    static Token number(String text, BigDecimal value, boolean laughter) {
        return new Token(Type.NUMBER, text, value, List.of(), laughter, false);
    }

    static Token word(String text, List<LexEntry> entries) {
        return new Token(Type.WORD, text, null, entries, false, false);
    }

    static Token of(Type type, String text) {
        return new Token(type, text, null, List.of(), false, false);
    }

    /** Thai writes spaces between phrases, not words, so a space before a token ends the phrase before it. */
    Token afterSpace() {
        return new Token(type, text, number, entries, laughter, true);
    }

    public boolean has(Role role) {
        for (LexEntry e : entries) {
            if (e.role() == role) {
                return true;
            }
        }
        return false;
    }

    /** The argument of this token's first entry with the role, or null. */
    public String arg(Role role) {
        for (LexEntry e : entries) {
            if (e.role() == role) {
                return e.arg();
            }
        }
        return null;
    }

    public Cue cue() {
        String arg = arg(Role.CUE);
        return arg == null ? null : Cue.valueOf(arg.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean isNumeric() {
        return type == Type.NUMBER || has(Role.DIGIT) || has(Role.PLACE);
    }

    /** Known words that carry nothing a figure depends on. */
    public boolean isFillerOnly() {
        if (type != Type.WORD) {
            return false;
        }
        for (LexEntry e : entries) {
            if (e.role() != Role.FILLER && e.role() != Role.PRODUCT && e.role() != Role.SERVICE) {
                return false;
            }
        }
        return true;
    }
}
