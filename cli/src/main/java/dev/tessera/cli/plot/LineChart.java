package dev.tessera.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines through (x, y) points, one per named series, with an optional logarithmic x axis and labelled vertical
 * markers. Non-finite points break a line (and do not count for the axis ranges).
 */
public final class LineChart extends Chart {
    private record Series(String name, double[] x, double[] y, Color color, boolean dashed) {
    }

    private record Marker(double x, String label, Color color) {
    }

    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private boolean logX;
    private boolean integerX;
    private double[] yLimits;

    /** An empty chart with a title and axis labels. */
    public LineChart(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
    }

    /**
     * Adds a series (the arrays are copied).
     *
     * @throws IllegalArgumentException when x and y differ in length
     */
    public LineChart series(String name, double[] x, double[] y, Color color, boolean dashed) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("LineChart: series '" + name + "' has " + x.length + " x values but "
                    + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone(), color, dashed));
        addLegend(new LegendEntry(name, color, true, dashed));
        return this;
    }

    /** Puts x on a log10 scale (every x must then be positive). */
    public LineChart logX(boolean on) {
        logX = on;
        return this;
    }

    /** Puts x ticks on whole numbers only (epochs, counts). */
    public LineChart integerX(boolean on) {
        integerX = on;
        return this;
    }

    /** Fixes the y axis to {@code [low, high]} instead of the data's range (points outside are clipped). */
    public LineChart yRange(double low, double high) {
        if (!(low < high)) {
            throw new IllegalArgumentException("LineChart.yRange: need low < high, got " + low + " and " + high);
        }
        yLimits = new double[]{low, high};
        return this;
    }

    /** Adds a vertical line at {@code x} with a label (shown in the legend). */
    public LineChart marker(double x, String label, Color color) {
        markers.add(new Marker(x, label, color));
        addLegend(new LegendEntry(label, color, true, true));
        return this;
    }

    @Override
    Axis xAxis() {
        double[] r = range(true);
        for (Marker m : markers) {
            r[0] = Math.min(r[0], m.x());
            r[1] = Math.max(r[1], m.x());
        }
        return Axis.of(r[0], r[1], logX, 0, 8, integerX);
    }

    @Override
    Axis yAxis() {
        double[] r = yLimits != null ? yLimits : range(false);
        return Axis.of(r[0], r[1], false, yLimits != null ? 0 : 0.04, 6);
    }

    private double[] range(boolean ofX) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (usable(s, i)) {
                    double v = ofX ? s.x()[i] : s.y()[i];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new double[]{lo, hi};
    }

    private boolean usable(Series s, int i) {
        return Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]) && (!logX || s.x()[i] > 0);
    }

    @Override
    void drawData(Graphics2D g, Rectangle plot, Axis x, Axis y) {
        for (Marker m : markers) {
            g.setColor(m.color());
            g.setStroke(stroke(true));
            int px = px(plot, x, m.x());
            g.drawLine(px, plot.y, px, plot.y + plot.height);
        }
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(stroke(s.dashed()));
            Path2D.Double path = new Path2D.Double();
            boolean open = false;
            int points = 0;
            for (int i = 0; i < s.x().length; i++) {
                if (!usable(s, i)) {
                    open = false;
                    continue;
                }
                double px = plot.x + x.fraction(s.x()[i]) * plot.width;
                double py = plot.y + plot.height - y.fraction(s.y()[i]) * plot.height;
                if (open) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    open = true;
                }
                points++;
                if (s.x().length <= 60) {
                    g.fillOval((int) Math.round(px) - 3, (int) Math.round(py) - 3, 7, 7);
                }
            }
            if (points > 0) {
                g.draw(path);
            }
        }
        g.setStroke(new BasicStroke(1f));
    }
}
