package org.sanphalang.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** A bar chart as inline SVG, drawn on the server: no chart library, no JavaScript, readable on a phone. */
record TrendChart(List<String> labels, List<BigDecimal> values) {

    String svg() {
        int width = 640;
        int height = 200;
        int bottom = 170;
        BigDecimal max = values.stream().max(BigDecimal::compareTo).filter(m -> m.signum() > 0).orElse(BigDecimal.ONE);
        int n = Math.max(1, values.size());
        int slot = width / n;
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 " + width + " " + height
                + "' role='img' aria-label='รายได้รายสัปดาห์ weekly revenue' class='chart'>");
        for (int i = 0; i < values.size(); i++) {
            int h = values.get(i).multiply(BigDecimal.valueOf(bottom - 20)).divide(max, 0, RoundingMode.HALF_UP).intValue();
            int x = i * slot + slot / 6;
            svg.append("<rect x='").append(x).append("' y='").append(bottom - h).append("' width='").append(slot * 2 / 3)
                    .append("' height='").append(h).append("' fill='#2E7D32'><title>").append(values.get(i).toPlainString())
                    .append("</title></rect>");
            svg.append("<text x='").append(x + slot / 3).append("' y='").append(height - 10)
                    .append("' font-size='12' text-anchor='middle'>").append(escape(labels.get(i))).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
