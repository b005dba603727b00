package dev.tessera.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The ring all-reduce on loopback with more workers than the Spark tests use, and awkward vector lengths. */
class RingAllReduceTest {
    /** A rendezvous among threads: each slot filled, then everyone reads the full list. */
    private static Rendezvous threads(int n, String[] slots, CyclicBarrier barrier, int rank) {
        return message -> {
            slots[rank] = message;
            try {
                barrier.await();
                List<String> all = List.of(slots.clone());
                barrier.await();
                return all;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void everyWorkerGetsTheExactSumForAnyWorkerCountAndLength() throws Exception {
        for (int n : new int[]{1, 2, 3, 5}) {
            for (int length : new int[]{1, 4, 7, 1000}) {
                float[][] data = new float[n][length];
                double[] expected = new double[length];
                for (int r = 0; r < n; r++) {
                    for (int i = 0; i < length; i++) {
                        data[r][i] = (r + 1) * 0.25f + i;
                        expected[i] += data[r][i];
                    }
                }
                String[] slots = new String[n];
                CyclicBarrier barrier = new CyclicBarrier(n);
                ExecutorService pool = Executors.newFixedThreadPool(n);
                List<Future<Long>> done = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    int rank = r;
                    done.add(pool.submit(() -> {
                        try (RingAllReduce ring = RingAllReduce.connect(rank, n, "127.0.0.1",
                                threads(n, slots, barrier, rank), 10_000)) {
                            ring.sum(data[rank]);
                            return ring.bytesSent();
                        }
                    }));
                }
                for (Future<Long> f : done) {
                    long bytes = f.get();
                    assertEquals(n == 1 ? 0 : 2L * (n - 1) * (length / n) * 4, bytes, 2L * (n - 1) * 4,
                            "about 2(N-1)/N of the vector sent, n=" + n);
                }
                pool.shutdown();
                for (int r = 0; r < n; r++) {
                    assertArrayEquals(data[0], data[r], "identical on every worker, n=" + n);
                    for (int i = 0; i < length; i++) {
                        assertEquals(expected[i], data[r][i], 1e-4 * Math.abs(expected[i]), "n=" + n + " i=" + i);
                    }
                }
                assertEquals(n, Arrays.stream(data).count());
            }
        }
    }
}
