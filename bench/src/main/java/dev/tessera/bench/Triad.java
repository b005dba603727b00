package dev.tessera.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The machine's memory bandwidth, for judging the memory-bound benchmarks: the STREAM triad
 * {@code a[i] = b[i] + s * c[i]} on plain float arrays (3 x 256 MiB by default, reused, so no page faults), split
 * over {@code --threads} threads, 12 bytes moved per element (read b and c, write a). Prints one JSON line like
 * {@link BenchRunner}: {@code {"work":"triad","threads":2,"n":...,"gbps":...}} (best of the runs).
 */
public final class Triad {
    private Triad() {
    }

    /** {@code Triad [--threads N] [--n ELEMENTS] [--runs R]}. */
    public static void main(String[] args) throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        int n = 1 << 26;
        int runs = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--n" -> n = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("triad: unknown argument " + args[i]);
            }
        }
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        Arrays.fill(b, 1f);
        Arrays.fill(c, 2f);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < runs + 2; r++) {
            double sec = run(a, b, c, threads);
            if (r >= 2) {
                best = Math.min(best, sec);
            }
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("work", "triad");
        rec.put("threads", threads);
        rec.put("n", n);
        rec.put("gbps", 12.0 * n / best / 1e9);
        rec.put("ms", best * 1e3);
        System.out.println(BenchRunner.toJson(rec));
    }

    private static double run(float[] a, float[] b, float[] c, int threads) throws InterruptedException {
        int n = a.length;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int lo = (int) ((long) n * t / threads);
            int hi = (int) ((long) n * (t + 1) / threads);
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = lo; i < hi; i++) {
                    a[i] = b[i] + 3f * c[i];
                }
            });
            ts[t].start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        return (System.nanoTime() - t0) * 1e-9;
    }
}
