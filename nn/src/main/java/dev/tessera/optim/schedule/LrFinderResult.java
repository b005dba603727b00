package dev.tessera.optim.schedule;

import java.util.List;

/**
 * The curve an {@link LrFinder} sweep recorded, with two suggestions: the rate where the smoothed loss falls
 * fastest (the steepest negative slope against log10 of the rate, the usual pick) and the rate of the lowest
 * smoothed loss (a common rule of thumb takes a tenth of it).
 *
 * @param points          the sweep, one point per mini-batch
 * @param diverged        whether the sweep stopped early because the loss diverged
 * @param stopped         whether the caller stopped the sweep before its last rate (the points are those recorded
 *                        until then)
 * @param steepestLr      the rate of steepest descent, NaN with fewer than 3 points
 * @param minimumLossLr   the rate of the lowest smoothed loss, NaN without points
 */
public record LrFinderResult(List<Point> points, boolean diverged, boolean stopped, double steepestLr,
                             double minimumLossLr) {
    /**
     * One mini-batch of the sweep.
     *
     * @param lr           the rate used
     * @param loss         the loss of the mini-batch before the step
     * @param smoothedLoss the debiased moving average of the losses so far
     */
    public record Point(double lr, double loss, double smoothedLoss) {
    }

    static LrFinderResult of(List<Point> points, boolean diverged, boolean stopped) {
        double minLr = Double.NaN;
        double min = Double.POSITIVE_INFINITY;
        for (Point p : points) {
            if (p.smoothedLoss() < min) {
                min = p.smoothedLoss();
                minLr = p.lr();
            }
        }
        double steepest = Double.NaN;
        int usable = diverged ? points.size() - 1 : points.size();
        if (usable >= 3) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 1; i < usable - 1; i++) {
                double slope = (points.get(i + 1).smoothedLoss() - points.get(i - 1).smoothedLoss())
                        / (Math.log10(points.get(i + 1).lr()) - Math.log10(points.get(i - 1).lr()));
                if (slope < best) {
                    best = slope;
                    steepest = points.get(i).lr();
                }
            }
        }
        return new LrFinderResult(List.copyOf(points), diverged, stopped, steepest, minLr);
    }

    /** The suggested rate: {@link #steepestLr()}. */
    public double suggestedLr() {
        return steepestLr;
    }

    /** The curve as CSV with a header {@code lr,loss,smoothed_loss}, values exact ({@link Double#toString}). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("lr,loss,smoothed_loss\n");
        for (Point p : points) {
            sb.append(p.lr()).append(',').append(p.loss()).append(',').append(p.smoothedLoss()).append('\n');
        }
        return sb.toString();
    }
}
