package org.sanphalang.checkin;

import java.math.BigDecimal;

public record ParsedMessage(Kind kind, Quantity produced, Quantity sold, BigDecimal revenueBaht,
                            BigDecimal costBaht, Integer visitors, String product, NeedCategory needCategory) {
    public enum Kind {
        CHECKIN, NEED, OTHER;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase();
        }
    }
}
