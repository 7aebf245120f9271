package org.sanphalang.checkin.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.linecorp.bot.messaging.model.FlexMessage;
import org.sanphalang.checkin.CheckIn;
import org.sanphalang.checkin.Period;
import org.sanphalang.checkin.Quantity;
import org.sanphalang.checkin.Totals;
import org.sanphalang.flex.FlexTemplates;
import org.sanphalang.flex.ThaiDates;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** Fills the check-in and summary Flex templates with figures written the way Thai readers expect. */
@Component
public class CheckInCards {

    public static final Locale THAI_LOCALE = Locale.forLanguageTag("th");
    static final Locale THAI = THAI_LOCALE;

    private final FlexTemplates flex;
    private final MessageSource texts;

    CheckInCards(FlexTemplates flex, MessageSource texts) {
        this.flex = flex;
        this.texts = texts;
    }

    public FlexMessage confirmation(CheckIn c, String groupName, ZoneId zone) {
        Map<String, Object> v = new HashMap<>();
        v.put("checkinId", c.id());
        v.put("groupName", groupName);
        v.put("product", c.product() != null ? c.product() : "รายงานผล");
        v.put("date", ThaiDates.date(c.at(), zone));
        v.put("produced", quantity(c.produced()));
        v.put("sold", quantity(c.sold()));
        v.put("revenue", c.revenueBaht() == null ? null : number(c.revenueBaht()));
        v.put("cost", c.costBaht() == null ? null : number(c.costBaht()));
        v.put("visitors", c.visitors() == null ? null : number(BigDecimal.valueOf(c.visitors())));
        return flex.render("checkin-confirmation", v);
    }

    public FlexMessage summary(String groupName, Period period, Totals now, Totals before, long openNeeds, List<String> needs,
                               String chartUrl) {
        boolean week = period.kind() == Period.Kind.WEEK;
        Map<String, Object> v = new HashMap<>();
        v.put("title", week ? "📊 สรุปผลประจำสัปดาห์" : "📊 สรุปผลประจำเดือน");
        v.put("current", texts.getMessage(week ? "checkin.summary.week" : "checkin.summary.month", null, THAI));
        v.put("versus", week ? "เทียบสัปดาห์ก่อน" : "เทียบเดือนก่อน");
        v.put("groupName", groupName);
        v.put("period", period.thaiLabel());
        v.put("produced", quantities(now.produced()));
        v.put("producedChange", change(sum(now.produced()), sum(before.produced())));
        v.put("sold", quantities(now.sold()));
        v.put("soldChange", change(sum(now.sold()), sum(before.sold())));
        v.put("revenue", number(now.revenueBaht()));
        v.put("revenueChange", change(now.revenueBaht(), before.revenueBaht()));
        v.put("cost", number(now.costBaht()));
        v.put("costChange", change(now.costBaht(), before.costBaht()));
        v.put("visitors", number(BigDecimal.valueOf(now.visitors())));
        v.put("visitorsChange", change(BigDecimal.valueOf(now.visitors()), BigDecimal.valueOf(before.visitors())));
        v.put("checkins", now.checkins());
        v.put("openNeeds", openNeeds == 0 ? null : openNeeds);
        v.put("needs", needs.stream().map(n -> Map.of("text", n)).toList());
        v.put("chartUrl", chartUrl);
        return flex.render("weekly-summary", v);
    }

    /** "200 ห่อ"; null when there is no quantity, so the template drops the row. */
    public String quantity(Quantity q) {
        if (q == null) {
            return null;
        }
        String unit = q.unit() == null ? "" : texts.getMessage("unit." + q.unit(), null, q.unit(), THAI);
        return (number(q.qty()) + " " + unit).strip();
    }

    String quantities(Map<String, BigDecimal> byUnit) {
        if (byUnit.isEmpty()) {
            return "-";
        }
        return byUnit.entrySet().stream().map(e -> quantity(new Quantity(e.getValue(), "-".equals(e.getKey()) ? null : e.getKey())))
                .collect(Collectors.joining(", "));
    }

    public static String number(BigDecimal value) {
        DecimalFormat format = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.US));
        return format.format(value);
    }

    /** "▲ 12%", "▼ 3%", "เท่าเดิม", or "ใหม่" when there was nothing before. */
    static String change(BigDecimal now, BigDecimal before) {
        int cmp = now.compareTo(before);
        if (cmp == 0) {
            return "เท่าเดิม";
        }
        if (before.signum() == 0) {
            return "ใหม่";
        }
        BigDecimal percent = now.subtract(before).multiply(BigDecimal.valueOf(100)).divide(before.abs(), 0, RoundingMode.HALF_UP);
        return (cmp > 0 ? "▲ " : "▼ ") + percent.abs() + "%";
    }

    private static BigDecimal sum(Map<String, BigDecimal> byUnit) {
        return byUnit.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

}
