package dev.tessera.bench;

import dev.tessera.Device;
import java.util.Arrays;

/**
 * Wall-clock timing for {@link BenchRunner}: warm up until the run time is stable, then time single runs (each ended
 * by {@link Device#synchronize()}) until a time budget or a run count is reached, and report the median.
 *
 * <p>Stable means: after the warm-up time, two consecutive windows of runs (each at least {@link #WINDOW_RUNS} runs
 * and {@link #WINDOW_SECONDS} long, or the warm-up time if shorter) have medians within {@link #STABLE_TOLERANCE} of each other. The JIT compiles a
 * training step's kernels over several seconds, so a fixed short warm-up times code that is still interpreted. The
 * wait for stability is bounded by three times the warm-up time; a run that never settles is timed anyway.
 */
final class Timer {
    /** Runs per stability window, at least. */
    static final int WINDOW_RUNS = 5;
    /** Seconds per stability window, at least. */
    static final double WINDOW_SECONDS = 0.5;
    /** Largest relative difference of two window medians that counts as stable. */
    static final double STABLE_TOLERANCE = 0.03;

    private Timer() {
    }

    /**
     * The median seconds of one run of {@code work}.
     *
     * @param warmupSeconds time spent running before measuring (at least two runs)
     * @param budgetSeconds measuring stops after this much time once {@code minRuns} runs are done
     * @param minRuns       fewest measured runs
     * @param maxRuns       most measured runs
     */
    static double median(Device device, Runnable work, double warmupSeconds, double budgetSeconds, int minRuns,
                         int maxRuns) {
        long start = System.nanoTime();
        long warmEnd = start + (long) (warmupSeconds * 1e9);
        int warm = 0;
        while (warm < 2 || System.nanoTime() < warmEnd) {
            work.run();
            device.synchronize();
            warm++;
        }
        long settleEnd = start + (long) (3 * warmupSeconds * 1e9);
        double windowSeconds = Math.min(WINDOW_SECONDS, warmupSeconds);
        double previous = window(device, work, windowSeconds);
        while (System.nanoTime() < settleEnd) {
            double current = window(device, work, windowSeconds);
            if (Math.abs(current - previous) <= STABLE_TOLERANCE * previous) {
                break;
            }
            previous = current;
        }
        return sampleMedian(device, work, minRuns, maxRuns, budgetSeconds);
    }

    /** The median seconds of one stability window: at least {@link #WINDOW_RUNS} runs and {@code seconds}. */
    private static double window(Device device, Runnable work, double seconds) {
        return sampleMedian(device, work, WINDOW_RUNS, 64, seconds);
    }

    /** The median of timed runs: at least {@code minRuns}, then more until {@code seconds} pass or {@code maxRuns}. */
    private static double sampleMedian(Device device, Runnable work, int minRuns, int maxRuns, double seconds) {
        double[] times = new double[maxRuns];
        int runs = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (runs < maxRuns && (runs < minRuns || System.nanoTime() < end)) {
            long t0 = System.nanoTime();
            work.run();
            device.synchronize();
            times[runs++] = (System.nanoTime() - t0) * 1e-9;
        }
        return medianOf(Arrays.copyOf(times, runs));
    }

    private static double medianOf(double[] t) {
        Arrays.sort(t);
        int n = t.length;
        return n % 2 == 1 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
    }
}
