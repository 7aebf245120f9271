package org.sanphalang.checkin;

import java.math.BigDecimal;

/**
 * An amount of goods.
 *
 * @param qty  the amount, without trailing zeros (1.5 stays 1.5, 180 is never 180.0)
 * @param unit a normalised unit code ({@code pack bag box kg ton piece bottle}), or {@code null} when the message
 *             named none and no earlier quantity in it gave one
 */
public record Quantity(BigDecimal qty, String unit) {
}
