package dev.tessera.opencl;

import static dev.tessera.opencl.ClTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import dev.tessera.testing.BufferData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several threads allocating, launching, reading and freeing on one device at once get their own right answers. */
class ConcurrencyTest {

    @Test
    void threadsShareTheDeviceSafely() throws Exception {
        Backend cl = ClTesting.device();
        long inUse = cl.memoryStats().bytesInUse();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 25; round++) {
                        int n = 1000 + id * 37 + round;
                        double[] a = new double[n];
                        for (int i = 0; i < n; i++) {
                            a[i] = id * 1000 + i;
                        }
                        Buffer x = BufferData.upload(cl, DType.FLOAT32, a);
                        Buffer y = cl.allocate(DType.FLOAT32, n);
                        int[] shape = {n};
                        cl.binary(BinaryOp.ADD, Operand.contiguous(x, shape), Operand.constant(round),
                                Operand.contiguous(y, shape), shape);
                        double[] expected = new double[n];
                        for (int i = 0; i < n; i++) {
                            expected[i] = a[i] + round;
                        }
                        assertClose("thread " + id + " round " + round, DType.FLOAT32, expected,
                                BufferData.download(cl, y));
                        cl.free(x);
                        cl.free(y);
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(inUse, cl.memoryStats().bytesInUse(), "every buffer came back");
    }
}
