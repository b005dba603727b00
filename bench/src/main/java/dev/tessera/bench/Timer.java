package dev.tessera.bench;

import dev.tessera.Device;
import java.util.Arrays;

/**
 * Wall-clock timing for {@link BenchRunner}: warm up for a while, then time single runs (each ended by
 * {@link Device#synchronize()}) until a time budget or a run count is reached, and report the median.
 */
final class Timer {
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
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warm = 0;
        while (warm < 2 || System.nanoTime() < warmEnd) {
            work.run();
            device.synchronize();
            warm++;
        }
        double[] times = new double[maxRuns];
        int runs = 0;
        long budgetEnd = System.nanoTime() + (long) (budgetSeconds * 1e9);
        while (runs < maxRuns && (runs < minRuns || System.nanoTime() < budgetEnd)) {
            long t0 = System.nanoTime();
            work.run();
            device.synchronize();
            times[runs++] = (System.nanoTime() - t0) * 1e-9;
        }
        double[] t = Arrays.copyOf(times, runs);
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : 0.5 * (t[runs / 2 - 1] + t[runs / 2]);
    }
}
