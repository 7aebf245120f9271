package org.sanphalang.checkin;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * What the parser read from one group message (the contract's "Check-in language" result, plus {@code product}
 * and {@code needCategory}).
 *
 * @param kind         {@code CHECKIN} when any figure was read, else {@code NEED} when the message reports a problem
 *                     or asks for help, else {@code OTHER}
 * @param product      canonical Thai product name when the message names a known product, else {@code null}
 * @param needCategory set whenever the message raises a need, also on a check-in that carries one (then it is the
 *                     only sign of the need); {@code null} when there is none
 */
public record ParsedMessage(Kind kind, Quantity produced, Quantity sold, BigDecimal revenueBaht,
        BigDecimal costBaht, Integer visitors, String product, NeedCategory needCategory) {

    public enum Kind {
        CHECKIN, NEED, OTHER;

        /** The contract spells kinds in lower case. */
        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ParsedMessage other() {
        return new ParsedMessage(Kind.OTHER, null, null, null, null, null, null, null);
    }

    /** True when the message raised a need, whatever its kind. */
    public boolean raisesNeed() {
        return needCategory != null;
    }
}
