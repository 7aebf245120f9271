package org.sanphalang.checkin;

import java.math.BigDecimal;

public record Quantity(BigDecimal qty, String unit) {
}
