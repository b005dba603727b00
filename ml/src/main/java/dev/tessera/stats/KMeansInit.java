package dev.tessera.stats;

import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import java.util.Arrays;

/**
 * The k-means initialisations of {@link GaussianMixture}: greedy k-means++ seeding (Arthur and Vassilvitskii 2007,
 * with scikit-learn's {@code 2 + floor(ln K)} local trials per centre) and Lloyd's iterations. Squared distances
 * {@code ||x||^2 - 2 x.c + ||c||^2} are computed with tensor ops on the data's device.
 */
final class KMeansInit {
    private KMeansInit() {
    }

    /** {@code [T, N]} squared distances between the centres {@code c} ({@code [T, d]}) and the rows of x. */
    private static Tensor squaredDistances(Tensor x, Tensor rowNorms, Tensor c) {
        Tensor cc = c.square().sum(new int[]{1}, true);
        return cc.sub(c.matmul(x.t()).mul(2)).add(rowNorms).maximum(0.0);
    }

    /**
     * The indices of K seed rows of {@code x}: the first uniformly at random; each next one the best of
     * {@code 2 + floor(ln K)} candidates drawn with probability proportional to the squared distance to the
     * nearest seed so far, "best" meaning the smallest total squared distance afterwards.
     */
    static int[] seeds(Tensor x, int k, Generator g) {
        int n = x.size(0);
        int trials = 2 + (int) Math.log(k);
        int[] seeds = new int[k];
        try (Scope s = Scope.open()) {
            Tensor rowNorms = x.square().sum(1);
            seeds[0] = Math.min(n - 1, (int) (Draws.uniform(g, 1)[0] * n));
            double[] closest = squaredDistances(x, rowNorms, x.slice(0, seeds[0], seeds[0] + 1)).toDoubleArray();
            double potential = sum(closest);
            for (int c = 1; c < k; c++) {
                double[] r = Draws.uniform(g, trials);
                double[] cumulative = new double[n];
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += closest[i];
                    cumulative[i] = acc;
                }
                int[] candidates = new int[trials];
                for (int t = 0; t < trials; t++) {
                    candidates[t] = Math.min(n - 1, searchLeft(cumulative, r[t] * potential));
                }
                Tensor chosen = x.indexSelect(0, Tensor.of(x.device(), candidates, trials));
                double[] dist = squaredDistances(x, rowNorms, chosen).toDoubleArray();
                int best = -1;
                double bestPotential = Double.POSITIVE_INFINITY;
                for (int t = 0; t < trials; t++) {
                    double pot = 0;
                    for (int i = 0; i < n; i++) {
                        pot += Math.min(closest[i], dist[t * n + i]);
                    }
                    if (pot < bestPotential) {
                        bestPotential = pot;
                        best = t;
                    }
                }
                for (int i = 0; i < n; i++) {
                    closest[i] = Math.min(closest[i], dist[best * n + i]);
                }
                potential = bestPotential;
                seeds[c] = candidates[best];
            }
        }
        return seeds;
    }

    /** The first index i with {@code v <= cumulative[i]} (NumPy's searchsorted, side left), or n. */
    private static int searchLeft(double[] cumulative, double v) {
        int lo = 0;
        int hi = cumulative.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    /**
     * Lloyd's k-means from the seed rows: assign each row to its nearest centre, move each centre to the mean of its
     * rows (a centre that loses all its rows stays put), until no assignment changes or {@code maxIterations}.
     * Returns the final assignment.
     */
    static int[] lloyd(Tensor x, int[] seedRows, int maxIterations) {
        int n = x.size(0);
        int d = x.size(1);
        int k = seedRows.length;
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        try (Scope s = Scope.open()) {
            Tensor rowNorms = x.square().sum(1);
            double[] centres = x.indexSelect(0, Tensor.of(x.device(), seedRows, k)).toDoubleArray();
            for (int it = 0; it < maxIterations; it++) {
                int[] next;
                try (Scope step = Scope.open()) {
                    Tensor c = Spectrum.constant(centres, new int[]{k, d}, x.dtype(), x.device());
                    next = squaredDistances(x, rowNorms, c).argmin(0, false).toIntArray();
                }
                if (Arrays.equals(next, labels)) {
                    break;
                }
                labels = next;
                try (Scope step = Scope.open()) {
                    Tensor oneHot = Tensor.of(x.device(), labels, n).oneHot(k).to(x.dtype());
                    double[] sums = oneHot.t().matmul(x).toDoubleArray();
                    int[] counts = new int[k];
                    for (int label : labels) {
                        counts[label]++;
                    }
                    for (int c = 0; c < k; c++) {
                        if (counts[c] > 0) {
                            for (int j = 0; j < d; j++) {
                                centres[c * d + j] = sums[c * d + j] / counts[c];
                            }
                        }
                    }
                }
            }
        }
        return labels;
    }
}
