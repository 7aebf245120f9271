package org.sanphalang.schedule;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.sanphalang.checkin.Period;
import org.sanphalang.checkin.Summaries;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The summary card's picture: revenue of the period and the five before it, as bars, drawn with plain Java2D.
 * Public (LINE fetches it without a login) and free of personal data: only totals and period labels, in ASCII so no
 * Thai font is needed on the server.
 */
@RestController
class ChartController {

    static final int WIDTH = 800;
    static final int HEIGHT = 520;

    private final Groups groups;
    private final Summaries summaries;

    ChartController(Groups groups, Summaries summaries) {
        this.groups = groups;
        this.summaries = summaries;
    }

    @GetMapping(value = "/charts/{groupId}/{period}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> chart(@PathVariable String groupId, @PathVariable String period) {
        LineGroup group = groups.find(groupId).filter(LineGroup::registered).orElse(null);
        Period p;
        try {
            p = Period.parse(period);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.notFound().build();
        }
        if (group == null) {
            return ResponseEntity.notFound().build();
        }
        List<Period> periods = new ArrayList<>();
        for (Period q = p; periods.size() < 6; q = q.previous()) {
            periods.add(q);
        }
        Collections.reverse(periods);
        List<BigDecimal> revenue = periods.stream().map(q -> summaries.totals(groupId, q).revenueBaht()).toList();
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePublic())
                .body(render(periods, revenue));
    }

    static byte[] render(List<Period> periods, List<BigDecimal> values) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int left = 40;
            int right = WIDTH - 40;
            int top = 70;
            int bottom = HEIGHT - 70;
            double max = values.stream().mapToDouble(BigDecimal::doubleValue).max().orElse(0);
            g.setColor(new Color(0x21, 0x21, 0x21));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
            g.drawString("THB", left, 45);
            g.setColor(new Color(0xC8, 0xE6, 0xC9));
            g.setStroke(new BasicStroke(2));
            g.drawLine(left, bottom, right, bottom);
            int n = values.size();
            int slot = (right - left) / Math.max(n, 1);
            int bar = (int) (slot * 0.6);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < n; i++) {
                double v = values.get(i).doubleValue();
                int h = max <= 0 ? 0 : (int) Math.round((bottom - top) * v / max);
                int x = left + i * slot + (slot - bar) / 2;
                boolean current = i == n - 1;
                g.setColor(current ? new Color(0x2E, 0x7D, 0x32) : new Color(0xA5, 0xD6, 0xA7));
                g.fillRect(x, bottom - h, bar, Math.max(h, v > 0 ? 2 : 0));
                g.setColor(new Color(0x42, 0x42, 0x42));
                String amount = abbreviate(v);
                g.drawString(amount, x + (bar - metrics.stringWidth(amount)) / 2, bottom - h - 8);
                String label = label(periods.get(i));
                g.drawString(label, x + (bar - metrics.stringWidth(label)) / 2, bottom + 32);
            }
        } finally {
            g.dispose();
        }
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String label(Period p) {
        return p.kind() == Period.Kind.WEEK ? p.key().substring(5) : p.key().substring(5) + "/" + p.key().substring(2, 4);
    }

    private static String abbreviate(double v) {
        if (v >= 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1fM", v / 1_000_000);
        }
        if (v >= 10_000) {
            return String.format(java.util.Locale.ROOT, "%.0fk", v / 1_000);
        }
        return String.format(java.util.Locale.ROOT, "%,.0f", v);
    }
}
