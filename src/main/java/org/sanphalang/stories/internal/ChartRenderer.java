package org.sanphalang.stories.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

import javax.imageio.ImageIO;

import org.sanphalang.checkin.Totals;
import org.sanphalang.stories.Story;
import org.springframework.stereotype.Component;

/**
 * The story's chart: a 1200×630 PNG (the 1.91:1 shape Facebook and LINE previews use), drawn with plain Java2D —
 * four pairs of bars (produced, sold, revenue, visitors), the period before in grey and this one in green, each pair
 * on its own scale with its values written on it. Thai labels need a font with Thai glyphs (Garuda, Loma, Waree,
 * Noto Sans Thai …); on a machine without one the labels are drawn in English rather than as empty boxes.
 */
@Component
public class ChartRenderer {

    static final int WIDTH = 1200;
    static final int HEIGHT = 630;
    private static final Color GREEN = new Color(0x2E7D32);
    private static final Color GREY = new Color(0xBDBDBD);
    private static final Color INK = new Color(0x212121);
    private static final Color MUTED = new Color(0x616161);
    private static final List<String> THAI_FONTS = List.of("Noto Sans Thai", "Noto Sans Thai UI", "Garuda", "Loma", "Waree",
            "Sarabun", "TH Sarabun New", "Tahoma", "Leelawadee UI");

    private final String thaiFont = findThaiFont();

    static {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
    }

    private static String findThaiFont() {
        try {
            List<String> installed = List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
            for (String name : THAI_FONTS) {
                if (installed.contains(name) && new Font(name, Font.PLAIN, 12).canDisplayUpTo("ผลิตขายได้รายได้") == -1) {
                    return name;
                }
            }
            for (String name : installed) {
                if (new Font(name, Font.PLAIN, 12).canDisplayUpTo("ผลิตขายได้รายได้") == -1) {
                    return name;
                }
            }
        } catch (Throwable noFonts) {
            // A JRE without font support: labels in English with the logical font.
        }
        return null;
    }

    /** Whether Thai labels can be drawn here. */
    public boolean canDrawThai() {
        return thaiFont != null;
    }

    public byte[] render(Story story) {
        boolean thai = !story.english() && canDrawThai();
        String family = canDrawThai() ? thaiFont : Font.SANS_SERIF;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(GREEN);
            g.fillRect(0, 0, WIDTH, 96);

            g.setColor(Color.WHITE);
            g.setFont(new Font(family, Font.BOLD, 34));
            drawFitted(g, thai ? story.scopeLabel() : latinOr(story.scopeLabel(), "Outcome story"), 40, 46, WIDTH - 80);
            g.setFont(new Font(family, Font.PLAIN, 24));
            drawFitted(g, thai ? story.periodLabel() : latinOr(story.periodLabel(), story.period()), 40, 82, WIDTH - 80);

            Totals now = story.current();
            Totals before = story.previous();
            String[] labels = thai ? new String[]{"ผลิต", "ขายได้", "รายได้ (บาท)", "ผู้มาเยือน (คน)"}
                    : new String[]{"Produced", "Sold", "Revenue (THB)", "Visitors"};
            BigDecimal[][] values = {
                    {StoryWriter.sum(before.produced()), StoryWriter.sum(now.produced())},
                    {StoryWriter.sum(before.sold()), StoryWriter.sum(now.sold())},
                    {before.revenueBaht(), now.revenueBaht()},
                    {BigDecimal.valueOf(before.visitors()), BigDecimal.valueOf(now.visitors())}};
            int panel = (WIDTH - 80) / 4;
            int baseline = HEIGHT - 110;
            int maxBar = baseline - 170;
            for (int i = 0; i < 4; i++) {
                int x0 = 40 + i * panel;
                BigDecimal max = values[i][0].max(values[i][1]);
                for (int j = 0; j < 2; j++) {
                    int barWidth = 90;
                    int x = x0 + panel / 2 - barWidth - 6 + j * (barWidth + 12);
                    int h = max.signum() <= 0 ? 0 : values[i][j].multiply(BigDecimal.valueOf(maxBar))
                            .divide(max, 0, java.math.RoundingMode.HALF_UP).intValue();
                    g.setColor(j == 0 ? GREY : GREEN);
                    g.fillRect(x, baseline - h, barWidth, Math.max(h, 2));
                    g.setColor(j == 0 ? MUTED : INK);
                    g.setFont(new Font(family, j == 0 ? Font.PLAIN : Font.BOLD, 22));
                    String value = StoryWriter.number(values[i][j]);
                    FontMetrics fm = g.getFontMetrics();
                    g.drawString(value, x + (barWidth - fm.stringWidth(value)) / 2, baseline - h - 10);
                }
                g.setColor(MUTED);
                g.setStroke(new BasicStroke(2));
                g.drawLine(x0 + 10, baseline, x0 + panel - 10, baseline);
                g.setColor(INK);
                g.setFont(new Font(family, Font.BOLD, 26));
                FontMetrics fm = g.getFontMetrics();
                g.drawString(labels[i], x0 + (panel - fm.stringWidth(labels[i])) / 2, baseline + 42);
            }
            g.setFont(new Font(family, Font.PLAIN, 22));
            legend(g, 40, HEIGHT - 28, GREY, thai ? story.previousLabel() : latinOr(story.previousLabel(), "before"));
            legend(g, 360, HEIGHT - 28, GREEN, thai ? "ช่วงนี้" : "this period");
            g.setColor(MUTED);
            String brand = thai ? "สานพลัง" : "Sanphalang";
            g.drawString(brand, WIDTH - 40 - g.getFontMetrics().stringWidth(brand), HEIGHT - 28);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void legend(Graphics2D g, int x, int y, Color color, String label) {
        g.setColor(color);
        g.fillRect(x, y - 18, 22, 22);
        g.setColor(INK);
        g.drawString(label, x + 32, y);
    }

    private static void drawFitted(Graphics2D g, String text, int x, int y, int width) {
        FontMetrics fm = g.getFontMetrics();
        String s = text;
        while (s.length() > 1 && fm.stringWidth(s) > width) {
            s = s.substring(0, s.length() - 2) + "…";
        }
        g.drawString(s, x, y);
    }

    /** Without a Thai font, a Thai label would draw as boxes: use the fallback instead. */
    private String latinOr(String text, String fallback) {
        if (text == null) {
            return fallback;
        }
        return canDrawThai() || text.chars().noneMatch(c -> c >= 0x0E00 && c <= 0x0E7F) ? text : fallback;
    }
}
