package dev.tessera.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * What every chart shares: a title, axis labels, the frame with ticks, tick labels and grid lines, and a legend.
 * Subclasses say which data ranges the axes cover and draw their data inside the plot area.
 */
public abstract class Chart {
    private static final int LEFT = 72;
    private static final int RIGHT = 18;
    private static final int TOP = 34;
    private static final int BOTTOM = 48;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<LegendEntry> legend = new ArrayList<>();
    private boolean legendBelow;

    /** One legend line: a coloured sample and its text; {@code line} draws a line sample, else a dot. */
    record LegendEntry(String text, Color color, boolean line, boolean dashed) {
    }

    Chart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** The x axis. */
    abstract Axis xAxis();

    /** The y axis. */
    abstract Axis yAxis();

    /** Draws the data into {@code plot} (clipped to it), mapping with the axes. */
    abstract void drawData(Graphics2D g, Rectangle plot, Axis x, Axis y);

    /** Puts the legend in the lower right corner instead of the upper right (for curves that rise). */
    public void legendBelow(boolean on) {
        legendBelow = on;
    }

    void addLegend(LegendEntry e) {
        legend.add(e);
    }

    /** Draws the whole chart into {@code area} of {@code g}. */
    public final void draw(Graphics2D g, Rectangle area) {
        Rectangle plot = new Rectangle(area.x + LEFT, area.y + TOP, area.width - LEFT - RIGHT,
                area.height - TOP - BOTTOM);
        Axis x = xAxis();
        Axis y = yAxis();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(title, plot.x + (plot.width - fm.stringWidth(title)) / 2, area.y + TOP - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        for (double t : x.ticks()) {
            int px = px(plot, x, t);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, plot.y, px, plot.y + plot.height);
            g.setColor(Color.BLACK);
            g.drawLine(px, plot.y + plot.height, px, plot.y + plot.height + 5);
            String s = x.label(t);
            g.drawString(s, px - fm.stringWidth(s) / 2, plot.y + plot.height + 8 + fm.getAscent());
        }
        for (double t : y.ticks()) {
            int py = py(plot, y, t);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(plot.x, py, plot.x + plot.width, py);
            g.setColor(Color.BLACK);
            g.drawLine(plot.x - 5, py, plot.x, py);
            String s = y.label(t);
            g.drawString(s, plot.x - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        g.drawString(xLabel, plot.x + (plot.width - fm.stringWidth(xLabel)) / 2, area.y + area.height - 10);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(plot.y + (plot.height + fm.stringWidth(yLabel)) / 2), area.x + 16);
        g.setTransform(saved);
        java.awt.Shape clip = g.getClip();
        g.clipRect(plot.x, plot.y, plot.width + 1, plot.height + 1);
        drawData(g, plot, x, y);
        g.setClip(clip);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(plot.x, plot.y, plot.width, plot.height);
        drawLegend(g, plot);
    }

    private void drawLegend(Graphics2D g, Rectangle plot) {
        if (legend.isEmpty()) {
            return;
        }
        FontMetrics fm = g.getFontMetrics();
        int w = 0;
        for (LegendEntry e : legend) {
            w = Math.max(w, fm.stringWidth(e.text()));
        }
        int rowH = fm.getHeight() + 2;
        int boxW = w + 44;
        int boxH = rowH * legend.size() + 8;
        int bx = plot.x + plot.width - boxW - 8;
        int by = legendBelow ? plot.y + plot.height - boxH - 8 : plot.y + 8;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(bx, by, boxW, boxH);
        g.setColor(Color.GRAY);
        g.drawRect(bx, by, boxW, boxH);
        for (int i = 0; i < legend.size(); i++) {
            LegendEntry e = legend.get(i);
            int cy = by + 4 + rowH * i + rowH / 2;
            g.setColor(e.color());
            if (e.line()) {
                g.setStroke(stroke(e.dashed()));
                g.drawLine(bx + 6, cy, bx + 32, cy);
                g.setStroke(new BasicStroke(1f));
            } else {
                g.fillOval(bx + 14, cy - 4, 9, 9);
            }
            g.setColor(Color.BLACK);
            g.drawString(e.text(), bx + 38, cy + fm.getAscent() / 2 - 1);
        }
    }

    static BasicStroke stroke(boolean dashed) {
        return dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{7f, 5f}, 0f)
                : new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    static int px(Rectangle plot, Axis x, double v) {
        return plot.x + (int) Math.round(x.fraction(v) * plot.width);
    }

    static int py(Rectangle plot, Axis y, double v) {
        return plot.y + plot.height - (int) Math.round(y.fraction(v) * plot.height);
    }
}
