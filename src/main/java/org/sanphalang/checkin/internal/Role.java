package org.sanphalang.checkin.internal;

import java.util.Locale;

/**
 * What a lexicon word does in a check-in. The lexicon files name roles in lower case, optionally with an
 * argument after a colon ({@code unit:pack}, {@code digit:5}, {@code topic:ENERGY}).
 */
public enum Role {
    /** A unit after a number; argument is the contract's unit code, or {@code other} for units nobody tracks. */
    UNIT,
    MONEY,
    PEOPLE,
    /** After a number it makes a time, date or duration ("10 โมง", "3 วัน"), which is never a figure. */
    TIME,
    /** Before a number it makes a time, a date, an address or a phone number ("บ่ายสอง", "วันที่ 15", "โทร"). */
    SKIPNEXT,
    /** "ห่อละ", "คนละ", "per": the next amount is a unit price. */
    PER,
    PRICE,
    /** "รวม", "total": the next amount replaces what was added up so far instead of adding to it. */
    TOTAL,
    /** "กว่า", "เศษ": "3 พันกว่าบาท" is still read as 3000. */
    APPROX,
    LAUGH,
    /** A word that says what the next figures are; argument is a {@link Cue}. */
    CUE,
    /** Someone who buys from the group: after it, "ซื้อ" is a sale, and "ต้องการ" is an order, not a need. */
    BUYER,
    DIGIT,
    PLACE,
    /** Right after a digit number only: "4k". */
    MULT,
    /** A word that on its own reports a problem or asks for help. */
    NEED,
    /** A word that is a need only with a topic or a production word nearby ("ไม่ได้", "ขอ"). */
    WEAKNEED,
    TOPIC,
    /** A topic used only when the message names no real topic (drying words hint at energy). */
    WEAKTOPIC,
    PRODUCT,
    /** A product that is a service (community tourism); a named good wins over it. */
    SERVICE,
    /** Known words with no role: they stop longest-match from finding cues inside other words. */
    FILLER;

    static Role fromLexicon(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
