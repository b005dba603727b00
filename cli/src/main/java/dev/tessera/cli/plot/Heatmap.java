package dev.tessera.cli.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A confusion-matrix picture: one square cell per (row, column) pair holding its count, shaded from white to blue by
 * the count's share of its row (so each true class reads as a distribution over the predictions, whatever its size),
 * rows and columns named, under a title. Drawn headless into a {@link BufferedImage} ({@link Figure#writePng} saves
 * it).
 */
public final class Heatmap {
    private static final Color FULL = new Color(0x1f77b4);
    private static final int MARGIN = 16;

    private Heatmap() {
    }

    /**
     * Draws {@code counts} ({@code names.size()} rows of as many columns) on a white square image of {@code size}
     * pixels, rows labeled {@code rowLabel}, columns {@code columnLabel}.
     *
     * @throws IllegalArgumentException when counts is not square with one row per name, or the image is under 200
     *                                  pixels
     */
    public static BufferedImage draw(String title, String rowLabel, String columnLabel, List<String> names,
                                     long[][] counts, int size) {
        int n = names.size();
        if (n == 0 || counts.length != n || size < 200) {
            throw new IllegalArgumentException("Heatmap: need a square matrix with one row per name and at least 200 "
                    + "pixels, got " + counts.length + " rows, " + n + " names, " + size + " pixels");
        }
        for (long[] row : counts) {
            if (row.length != n) {
                throw new IllegalArgumentException("Heatmap: every row needs " + n + " columns, got " + row.length);
            }
        }
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size, size);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            int nameWidth = 0;
            for (String name : names) {
                nameWidth = Math.max(nameWidth, fm.stringWidth(name));
            }
            nameWidth = Math.min(nameWidth, size / 4);
            int left = MARGIN + fm.getHeight() + 6 + nameWidth + 6;
            int top = 40 + fm.getHeight() + 6 + nameWidth + 6;
            int cell = Math.max(1, Math.min((size - left - MARGIN) / n, (size - top - MARGIN) / n));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(Color.BLACK);
            g.drawString(title, (size - g.getFontMetrics().stringWidth(title)) / 2, 26);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(columnLabel, left + (n * cell - fm.stringWidth(columnLabel)) / 2, 40 + fm.getAscent());
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(rowLabel, -(top + (n * cell + fm.stringWidth(rowLabel)) / 2), MARGIN + fm.getAscent());
            g.setTransform(saved);
            for (int i = 0; i < n; i++) {
                String name = clip(names.get(i), fm, nameWidth);
                g.setColor(Color.BLACK);
                g.drawString(name, left - 6 - fm.stringWidth(name), top + i * cell + (cell + fm.getAscent()) / 2 - 1);
                AffineTransform t = g.getTransform();
                g.translate(left + i * cell + (cell + fm.getAscent()) / 2 - 1, top - 6);
                g.rotate(-Math.PI / 2);
                g.drawString(name, 0, 0);
                g.setTransform(t);
            }
            boolean showCounts = cell >= 18;
            for (int i = 0; i < n; i++) {
                long rowTotal = 0;
                for (long v : counts[i]) {
                    rowTotal += v;
                }
                for (int j = 0; j < n; j++) {
                    double share = rowTotal == 0 ? 0 : (double) counts[i][j] / rowTotal;
                    g.setColor(blend(share));
                    g.fillRect(left + j * cell, top + i * cell, cell, cell);
                    if (showCounts) {
                        String s = Long.toString(counts[i][j]);
                        g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                        g.drawString(s, left + j * cell + (cell - fm.stringWidth(s)) / 2,
                                top + i * cell + (cell + fm.getAscent()) / 2 - 1);
                    }
                }
            }
            g.setColor(Color.GRAY);
            g.drawRect(left, top, n * cell, n * cell);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** White at 0, the full colour at 1. */
    private static Color blend(double share) {
        double s = Math.max(0, Math.min(1, share));
        return new Color((int) Math.round(255 + (FULL.getRed() - 255) * s),
                (int) Math.round(255 + (FULL.getGreen() - 255) * s), (int) Math.round(255 + (FULL.getBlue() - 255) * s));
    }

    private static String clip(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (!t.isEmpty() && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
