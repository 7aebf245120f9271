package org.sanphalang.checkin.internal;

import java.math.BigDecimal;
import java.util.List;

/**
 * Reads one amount that may span several tokens: "๒,๓๗๕", "หนึ่งร้อยยี่สิบ", "3 หมื่น 5 พัน", "1.5 หมื่น", "4k".
 * <p>
 * Digits and Thai digit words set the pending figure; a place word (สิบ ร้อย พัน หมื่น แสน) multiplies it and adds it
 * to the total, so Arabic and Thai numerals mix freely; ล้าน multiplies everything before it. Two figures in a row
 * ("ผลิต 70 50") end the amount at the first.
 * <p>
 * Speech drops the last place word: "หมื่นห้า" is 15,000 and "2 หมื่น 5" is 25,000. A lone digit right after
 * พัน or a larger place is read that way; after ร้อย it is not, because "ร้อยห้า" is as often written for 105.
 */
public final class NumberReader {

    /** Beyond this the "number" is a serial, an account or junk; no village reports a trillion baht. */
    private static final BigDecimal LIMIT = new BigDecimal("1000000000000");
    private static final BigDecimal MILLION = new BigDecimal(1_000_000);
    private static final BigDecimal THOUSAND = new BigDecimal(1_000);
    private static final BigDecimal TEN = BigDecimal.TEN;

    /**
     * An amount and the index of the first token after it. {@code value} is null when the tokens looked like a
     * number but make no sense as one (too large); the caller skips them.
     */
    public record Amount(BigDecimal value, int next) {
    }

    /** Reads the amount starting at {@code start}, or returns null when no amount starts there. */
    public Amount read(List<Token> tokens, int start) {
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal pending = null;
        BigDecimal lastPlace = null;
        boolean pendingRightAfterPlace = false;
        boolean placeJustRead = false;
        boolean any = false;
        int i = start;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.type() == Token.Type.NUMBER || t.has(Role.DIGIT)) {
                if (pending != null || (t.type() == Token.Type.NUMBER && t.laughter() && any)) {
                    break;
                }
                pending = t.type() == Token.Type.NUMBER ? t.number() : new BigDecimal(t.arg(Role.DIGIT));
                pendingRightAfterPlace = placeJustRead;
                placeJustRead = false;
                any = true;
                i++;
                if (t.type() == Token.Type.NUMBER && i < tokens.size() && tokens.get(i).has(Role.MULT)) {
                    pending = pending.multiply(new BigDecimal(tokens.get(i).arg(Role.MULT)));
                    pendingRightAfterPlace = false;
                    i++;
                }
            } else if (t.has(Role.PLACE)) {
                BigDecimal place = new BigDecimal(t.arg(Role.PLACE));
                BigDecimal times = pending == null ? BigDecimal.ONE : pending;
                if (place.compareTo(MILLION) >= 0) {
                    total = total.add(pending == null && any ? BigDecimal.ZERO : times).multiply(place);
                } else {
                    total = total.add(times.multiply(place));
                }
                pending = null;
                lastPlace = place;
                placeJustRead = true;
                any = true;
                i++;
            } else if (any && t.has(Role.APPROX)) {
                i++;
            } else {
                break;
            }
            if (total.compareTo(LIMIT) > 0 || (pending != null && pending.compareTo(LIMIT) > 0)) {
                return new Amount(null, skipNumeric(tokens, i));
            }
        }
        if (!any) {
            return null;
        }
        if (pending != null) {
            if (pendingRightAfterPlace && lastPlace.compareTo(THOUSAND) >= 0 && isSingleDigit(pending)) {
                total = total.add(pending.multiply(lastPlace).divide(TEN));
            } else {
                total = total.add(pending);
            }
        }
        return total.compareTo(LIMIT) > 0 ? new Amount(null, i) : new Amount(total, i);
    }

    private static int skipNumeric(List<Token> tokens, int i) {
        while (i < tokens.size() && (tokens.get(i).isNumeric() || tokens.get(i).has(Role.MULT))) {
            i++;
        }
        return i;
    }

    private static boolean isSingleDigit(BigDecimal value) {
        return value.signum() > 0 && value.compareTo(TEN) < 0 && value.stripTrailingZeros().scale() <= 0;
    }
}
