package dev.tessera.cli.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;

/**
 * A 2-D scatter plot whose points are coloured by group (a class label or a mixture component), with a legend of
 * the group names and optional highlighted centres (drawn as crosses), e.g. mixture means.
 */
public final class ScatterChart extends Chart {
    private final double[] x;
    private final double[] y;
    private final int[] group;
    private final List<double[]> centers = new ArrayList<>();
    private final List<Integer> centerGroups = new ArrayList<>();

    /**
     * Points {@code (x[i], y[i])} of group {@code group[i]} (0-based; colour {@link Palette#color}), the groups named
     * by {@code groupNames} in the legend. The arrays are copied.
     *
     * @throws IllegalArgumentException when the lengths differ or a group has no name
     */
    public ScatterChart(String title, String xLabel, String yLabel, double[] x, double[] y, int[] group,
                        List<String> groupNames) {
        super(title, xLabel, yLabel);
        if (x.length != y.length || x.length != group.length) {
            throw new IllegalArgumentException("ScatterChart: x, y and group lengths differ: " + x.length + ", "
                    + y.length + ", " + group.length);
        }
        for (int gi : group) {
            if (gi < 0 || gi >= groupNames.size()) {
                throw new IllegalArgumentException("ScatterChart: group " + gi + " has no name (" + groupNames.size()
                        + " names)");
            }
        }
        this.x = x.clone();
        this.y = y.clone();
        this.group = group.clone();
        for (int i = 0; i < groupNames.size(); i++) {
            addLegend(new LegendEntry(groupNames.get(i), Palette.color(i), false, false));
        }
    }

    /** Marks a centre of group {@code g} at (cx, cy) with a cross. Returns this. */
    public ScatterChart center(double cx, double cy, int g) {
        centers.add(new double[]{cx, cy});
        centerGroups.add(g);
        return this;
    }

    @Override
    Axis xAxis() {
        double[] r = range(x, 0);
        return Axis.of(r[0], r[1], false, 0.03, 8);
    }

    @Override
    Axis yAxis() {
        double[] r = range(y, 1);
        return Axis.of(r[0], r[1], false, 0.03, 6);
    }

    /** {@code {min, max}} over the points' coordinates {@code v} and coordinate {@code c} of every centre. */
    private double[] range(double[] v, int c) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        for (double[] p : centers) {
            lo = Math.min(lo, p[c]);
            hi = Math.max(hi, p[c]);
        }
        return new double[]{lo, hi};
    }

    @Override
    void drawData(Graphics2D g, Rectangle plot, Axis xa, Axis ya) {
        int r = x.length > 5000 ? 2 : 3;
        for (int i = 0; i < x.length; i++) {
            Color c = Palette.color(group[i]);
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), x.length > 5000 ? 110 : 170));
            g.fillOval(px(plot, xa, x[i]) - r, py(plot, ya, y[i]) - r, 2 * r + 1, 2 * r + 1);
        }
        for (int i = 0; i < centers.size(); i++) {
            int cx = px(plot, xa, centers.get(i)[0]);
            int cy = py(plot, ya, centers.get(i)[1]);
            g.setStroke(new BasicStroke(5f));
            g.setColor(Color.WHITE);
            g.drawLine(cx - 8, cy - 8, cx + 8, cy + 8);
            g.drawLine(cx - 8, cy + 8, cx + 8, cy - 8);
            g.setStroke(new BasicStroke(2.5f));
            g.setColor(Palette.color(centerGroups.get(i)).darker());
            g.drawLine(cx - 8, cy - 8, cx + 8, cy + 8);
            g.drawLine(cx - 8, cy + 8, cx + 8, cy - 8);
        }
        g.setStroke(new BasicStroke(1f));
    }
}
