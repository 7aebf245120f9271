package org.sanphalang.checkin;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a group reported in a period. Quantities are kept per unit: 200 ห่อ and 45 kg do not add up.
 *
 * @param produced per unit code ({@code pack}, {@code kg}, …; {@code "-"} for a quantity with no unit)
 * @param byProduct revenue per product named in the check-ins ({@code "-"} when none was named)
 */
public record Totals(Map<String, BigDecimal> produced, Map<String, BigDecimal> sold, BigDecimal revenueBaht,
                     BigDecimal costBaht, int visitors, int checkins, Map<String, BigDecimal> byProduct) {

    public static final Totals NONE = new Totals(Map.of(), Map.of(), BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, Map.of());

    public Totals plus(Totals other) {
        return new Totals(add(produced, other.produced), add(sold, other.sold), revenueBaht.add(other.revenueBaht),
                costBaht.add(other.costBaht), visitors + other.visitors, checkins + other.checkins, add(byProduct, other.byProduct));
    }

    private static Map<String, BigDecimal> add(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        Map<String, BigDecimal> sum = new TreeMap<>(a);
        b.forEach((k, v) -> sum.merge(k, v, BigDecimal::add));
        return sum;
    }
}
