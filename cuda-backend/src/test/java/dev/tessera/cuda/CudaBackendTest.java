package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import dev.tessera.MatmulPrecision;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.TensorInternals;
import dev.tessera.Tessera;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.HostArrays;
import dev.tessera.backend.Operand;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.BiasActivationFamily;
import dev.tessera.backend.fused.OptimizerFamily;
import dev.tessera.backend.reference.HeapBuffer;
import dev.tessera.backend.reference.ReferenceKernels;
import dev.tessera.testing.BufferData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance suite does not reach, on a real GPU (skipped elsewhere): the allocator against the driver,
 * out-of-memory, chunked transfers, split reductions, iterations of more than eight axes, misaligned vector paths,
 * the built-in GEMM, TF32, optimizer launches over many tensors, long softmax rows and use from other threads.
 */
class CudaBackendTest {
    private Device device;
    private CudaBackend backend;

    @BeforeEach
    void open() {
        try {
            device = Device.of("cuda:0");
        } catch (DeviceUnavailableException e) {
            Assumptions.abort("cuda:0 is not available here: " + e.getMessage());
        }
        backend = (CudaBackend) device.backend();
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian());
        }
        return v;
    }

    private static void assertClose(String what, float[] expected, float[] actual, double rtol) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tol = rtol * Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol, what + " at " + i + ": expected " + expected[i]
                    + " but was " + actual[i]);
        }
    }

    @Test
    void freedBlocksAreCachedAndReused() {
        backend.emptyCache();
        Buffer a = backend.allocate(DType.FLOAT32, 1 << 20);
        long inUse = backend.memoryStats().bytesInUse();
        backend.free(a);
        assertEquals(inUse - (4 << 20), backend.memoryStats().bytesInUse());
        assertEquals(4 << 20, backend.memoryStats().bytesCached());
        Buffer b = backend.allocate(DType.FLOAT32, (1 << 20) - 100);
        assertEquals(0, backend.memoryStats().bytesCached(), "the same bucket came back from the cache");
        backend.free(b);
        backend.emptyCache();
        assertEquals(0, backend.memoryStats().bytesCached());
    }

    @Test
    void runningOutOfMemoryThrowsNamingTheRequest() {
        List<Buffer> held = new ArrayList<>();
        try {
            CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    held.add(backend.allocate(DType.FLOAT32, Integer.MAX_VALUE));
                }
            });
            assertTrue(e.getMessage().startsWith("cuda:0: out of memory allocating 8,589,934,588 bytes (FLOAT32 x "
                    + "2147483647"), e.getMessage());
            assertTrue(e.getMessage().contains("device free"), e.getMessage());
        } finally {
            held.forEach(backend::free);
            backend.emptyCache();
        }
        Tensor t = Tensor.ones(Shape.of(1000), DType.FLOAT32, device);
        assertEquals(1000.0, t.sum().item(), "the device works after running out");
        t.close();
    }

    @Test
    void largeTransfersGoInChunks() {
        int n = 10_000_007;
        float[] v = random(n, 1);
        try (Tensor t = Tensor.of(device, v, n)) {
            assertArrayEquals(v, t.toFloatArray());
            float[] part = new float[1000];
            backend.read(TensorInternals.buffer(t), n - 1000, part, 0, 1000);
            assertArrayEquals(java.util.Arrays.copyOfRange(v, n - 1000, n), part);
        }
        double[] d = new double[3_000_001];
        for (int i = 0; i < d.length; i++) {
            d[i] = i * 0.5;
        }
        try (Tensor t = Tensor.of(device, d, d.length)) {
            assertArrayEquals(d, t.toDoubleArray());
        }
    }

    @Test
    void longRowsAreReducedInSlicesAndMatchTheReference() {
        int n = (1 << 22) + 3;
        float[] v = random(n, 2);
        v[n - 5] = 40;
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(device, v, 1, n);
            double sum = 0;
            for (float f : v) {
                sum += f;
            }
            assertEquals(sum, x.sum().item(), 1e-6 * n);
            assertEquals(n - 5, (int) x.argmax(1, false).item());
            assertEquals(40.0, x.max().item());
            HeapBuffer src = HeapBuffer.wrap(DType.FLOAT32, n, v);
            HeapBuffer dst = HeapBuffer.allocate(DType.INT32, 1);
            ReferenceKernels.SPEC.reduce(ReduceOp.ARGMIN, src, dst, 1, n, 1);
            assertEquals(dst.i[0], (int) x.argmin(1, false).item());
        }
    }

    @Test
    void iterationsOfMoreThanEightAxesAndMisalignedViews() {
        try (Scope s = Scope.open()) {
            int[] shape = {2, 3, 2, 3, 2, 3, 2, 3, 2, 3};
            int n = 7776;
            float[] v = random(n * 2, 3);
            Tensor x = Tensor.of(device, v, n * 2).slice(0, 1, n * 2, 2).reshape(shape);
            Tensor perm = x.permute(9, 0, 8, 1, 7, 2, 6, 3, 5, 4);
            Tensor ref = Tensor.of(Device.of("reference"), v, n * 2).slice(0, 1, n * 2, 2).reshape(shape)
                    .permute(9, 0, 8, 1, 7, 2, 6, 3, 5, 4);
            assertArrayEquals(ref.contiguous().toFloatArray(), perm.contiguous().toFloatArray());
            assertArrayEquals(ref.mul(2).add(ref).toFloatArray(), perm.mul(2).add(perm).toFloatArray());
            Tensor a = Tensor.of(device, v, v.length);
            Tensor misaligned = a.slice(0, 1, 1 + 4099);
            Tensor aligned = a.slice(0, 4, 4 + 4099);
            float[] expected = new float[4099];
            for (int i = 0; i < 4099; i++) {
                expected[i] = v[1 + i] + v[4 + i];
            }
            assertArrayEquals(expected, misaligned.add(aligned).toFloatArray());
        }
    }

    @Test
    void theBuiltInGemmMatchesTheReference() {
        Random r = new Random(4);
        for (int[] c : new int[][]{{1, 1, 1, 1}, {3, 65, 130, 17}, {1, 200, 3, 300}, {2, 128, 96, 257}}) {
            int batch = c[0];
            int m = c[1];
            int n = c[2];
            int k = c[3];
            for (boolean ta : new boolean[]{false, true}) {
                for (boolean tb : new boolean[]{false, true}) {
                    Gemm g = new Gemm(batch, m, n, k, ta, tb, 1, (ta ? m : k) + 1, m * k + 5, 2, (tb ? k : n) + 3,
                            0, 0, n, m * n, 1.5, 0.0);
                    int sizeA = 1 + batch * (m * k + 5) + 2 * m * k;
                    int sizeB = 2 + k * n * 2 + 3 * Math.max(k, n);
                    float[] av = random(sizeA, r.nextLong());
                    float[] bv = random(sizeB, r.nextLong());
                    HeapBuffer rc = HeapBuffer.allocate(DType.FLOAT32, batch * m * n);
                    ReferenceKernels.SPEC.matmul(g, HeapBuffer.wrap(DType.FLOAT32, sizeA, av),
                            HeapBuffer.wrap(DType.FLOAT32, sizeB, bv), rc);
                    try (Scope s = Scope.open()) {
                        Tensor a = Tensor.of(device, av, sizeA);
                        Tensor b = Tensor.of(device, bv, sizeB);
                        Tensor out = Tensor.zeros(Shape.of(batch * m * n), DType.FLOAT32, device);
                        synchronized (backend) {
                            new BuiltinGemm(backend.stream()).run(g, (CudaBuffer) TensorInternals.buffer(a),
                                    (CudaBuffer) TensorInternals.buffer(b), (CudaBuffer) TensorInternals.buffer(out));
                        }
                        assertClose("built-in gemm " + g, rc.f, out.toFloatArray(), 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void tf32IsOffByDefaultAndCanBeSwitched() {
        Assumptions.assumeTrue(backend.gemmPath().startsWith("cublas"), backend.gemmPath());
        assertEquals(backend.gemmPath(), device.info().details().get("gemm"));
        int n = 512;
        float[] av = random(n * n, 5);
        float[] bv = random(n * n, 6);
        HeapBuffer rc = HeapBuffer.allocate(DType.FLOAT32, n * n);
        ReferenceKernels.SPEC.matmul(Gemm.simple(n, n, n, false, false), HeapBuffer.wrap(DType.FLOAT32, n * n, av),
                HeapBuffer.wrap(DType.FLOAT32, n * n, bv), rc);
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(device, av, n, n);
            Tensor b = Tensor.of(device, bv, n, n);
            assertClose("fp32 sgemm", rc.f, a.matmul(b).toFloatArray(), 1e-4);
            backend.setTf32(true);
            try {
                assertEquals("on", device.info().details().get("tf32"));
                assertClose("tf32 sgemm", rc.f, a.matmul(b).toFloatArray(), 5e-2);
            } finally {
                backend.setTf32(false);
            }
        }
    }

    @Test
    void halfProductsRunOnTensorCoresWithFp32Accumulation() {
        Assumptions.assumeTrue(backend.gemmPath().startsWith("cublas"), backend.gemmPath());
        int batch = 3;
        int m = 70;
        int k = 300;
        int n = 90;
        for (DType half : new DType[]{DType.FLOAT16, DType.BFLOAT16}) {
            assertTrue(backend.multiplies(half), half.toString());
            double[] av = HostArrays.toDoubles(HostArrays.fromFloats(random(batch * m * k, 7), half), half);
            double[] bv = HostArrays.toDoubles(HostArrays.fromFloats(random(batch * n * k, 8), half), half);
            try (Scope s = Scope.open()) {
                Tensor a = Tensor.of(device, half, av, batch, m, k);
                Tensor b = Tensor.of(device, half, bv, batch, n, k).transpose(1, 2);
                Tensor wide = Tensor.of(device, DType.FLOAT64, av, batch, m, k)
                        .matmul(Tensor.of(device, DType.FLOAT64, bv, batch, n, k).transpose(1, 2));
                Tensor product = a.matmul(b);
                assertEquals(half, product.dtype());
                // inputs exact in both; FP32 accumulation; one rounding of the result to the half type
                float[] expected = wide.toFloatArray();
                float[] actual = product.toFloatArray();
                assertClose(half + " batched, B transposed", expected, actual, half == DType.FLOAT16 ? 2e-3 : 1e-2);
                float[] first = a.select(0, 0).matmul(b.select(0, 0)).toFloatArray();
                assertClose(half + " single", java.util.Arrays.copyOf(expected, m * n), first,
                        half == DType.FLOAT16 ? 2e-3 : 1e-2);
            }
        }
    }

    @Test
    void highFloat32MatmulPrecisionUsesTf32() {
        Assumptions.assumeTrue(backend.gemmPath().startsWith("cublas"), backend.gemmPath());
        int n = 1024; // large enough that cuBLAS picks a tensor-core kernel when TF32 is allowed
        float[] av = random(n * n, 9);
        float[] bv = random(n * n, 10);
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(device, av, n, n);
            Tensor b = Tensor.of(device, bv, n, n);
            float[] exact = Tensor.of(device, DType.FLOAT64, HostArrays.toDoubles(av, DType.FLOAT32), n, n)
                    .matmul(Tensor.of(device, DType.FLOAT64, HostArrays.toDoubles(bv, DType.FLOAT32), n, n))
                    .toFloatArray();
            double fp32 = maxError(exact, a.matmul(b).toFloatArray());
            Tessera.setFloat32MatmulPrecision(MatmulPrecision.HIGH);
            double tf32;
            try {
                assertEquals("on (float32 matmul precision high)", device.info().details().get("tf32"));
                tf32 = maxError(exact, a.matmul(b).toFloatArray());
            } finally {
                Tessera.setFloat32MatmulPrecision(MatmulPrecision.HIGHEST);
            }
            // TF32 rounds operands to 11 significant bits: errors near sqrt(n) 2^-12 per entry, 5 sigma at most
            assertTrue(fp32 < 1e-3 && tf32 < 0.25 && tf32 > 10 * fp32,
                    "max errors: fp32 " + fp32 + ", tf32 " + tf32 + " (TF32 keeps 10 mantissa bits)");
        }
    }

    @Test
    void wideBiasGradientsSplitOverRowsMatchTheDefaultComposition() {
        int rows = 4096;
        int cols = 1024;
        assertTrue(LaunchConfig.biasRowSlices(rows, cols, 132) > 1, "the sliced kernels run");
        Random r = new Random(12);
        double[] pre = r.doubles((long) rows * cols, -2, 2).toArray();
        double[] gy = r.doubles((long) rows * cols, -1, 1).toArray();
        Buffer[] bufs = new Buffer[8];
        try {
            for (int i = 0; i < 2; i++) {
                bufs[4 * i] = BufferData.upload(backend, DType.FLOAT64, pre);
                bufs[4 * i + 1] = backend.allocate(DType.FLOAT64, (long) rows * cols);
                bufs[4 * i + 2] = BufferData.upload(backend, DType.FLOAT64, gy);
                bufs[4 * i + 3] = backend.allocate(DType.FLOAT64, cols);
                int[] flat = {rows * cols};
                backend.unary(UnaryOp.TANH, 0, Operand.contiguous(bufs[4 * i], flat),
                        Operand.contiguous(bufs[4 * i + 1], flat), flat);
                var args = new BiasActivationFamily.BiasActivationBackward(bufs[4 * i],
                        bufs[4 * i + 1], bufs[4 * i + 2], bufs[4 * i + 2], bufs[4 * i + 3],
                        UnaryOp.TANH, 0, rows, cols);
                var op = BiasActivationFamily.BIAS_ACTIVATION_BACKWARD;
                if (i == 0) {
                    backend.fusedKernels().find(op).run(backend, args);
                } else {
                    op.runDefault(backend, args);
                }
            }
            double[] fused = BufferData.download(backend, bufs[3]);
            double[] composed = BufferData.download(backend, bufs[7]);
            assertArrayEquals(composed, fused, 1e-9, "bias gradient");
            assertArrayEquals(BufferData.download(backend, bufs[6]),
                    BufferData.download(backend, bufs[2]), 1e-12, "pre-activation gradient");
        } finally {
            for (Buffer b : bufs) {
                if (b != null) {
                    backend.free(b);
                }
            }
        }
    }

    private static double maxError(float[] expected, float[] actual) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        return max;
    }

    @Test
    void anAdamStepOverManyTensorsMatchesTheDefault() {
        int count = 61;
        try (Scope s = Scope.open()) {
            List<Tensor> params = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                Buffer[] p = new Buffer[count];
                Buffer[] g = new Buffer[count];
                Buffer[] m = new Buffer[count];
                Buffer[] v = new Buffer[count];
                for (int i = 0; i < count; i++) {
                    int size = i == 7 ? 0 : 1 + 997 * i;
                    Tensor pt = Tensor.of(device, random(size, i), size);
                    params.add(pt);
                    p[i] = TensorInternals.buffer(pt);
                    g[i] = TensorInternals.buffer(Tensor.of(device, random(size, 100 + i), size));
                    m[i] = TensorInternals.buffer(Tensor.of(device, random(size, 200 + i), size));
                    float[] second = random(size, 300 + i);
                    for (int j = 0; j < size; j++) {
                        second[j] = Math.abs(second[j]);
                    }
                    v[i] = TensorInternals.buffer(Tensor.of(device, second, size));
                }
                AdamConfig c = new AdamConfig(1e-2, 0.9, 0.999, 1e-8, 0.01, true, false, 5);
                if (run == 0) {
                    OptimizerFamily.ADAM_STEP.run(backend, new OptimizerFamily.AdamStep(p, g, m, v,
                            new Buffer[count], c));
                } else {
                    OptimizerFamily.ADAM_STEP.runDefault(backend, new OptimizerFamily.AdamStep(p, g, m, v,
                            new Buffer[count], c));
                }
            }
            for (int i = 0; i < count; i++) {
                assertClose("parameter " + i, params.get(count + i).toFloatArray(), params.get(i).toFloatArray(),
                        1e-5);
            }
        }
    }

    @Test
    void longSoftmaxRowsAndManyClasses() {
        for (int classes : new int[]{1500, 50_000}) {
            int rows = 7;
            float[] v = random(rows * classes, classes);
            int[] labels = new int[rows];
            for (int r = 0; r < rows; r++) {
                labels[r] = (r * 7919) % classes;
            }
            try (Scope s = Scope.open()) {
                Device ref = Device.of("reference");
                Tensor x = Tensor.of(device, v, rows, classes);
                Tensor rx = Tensor.of(ref, v, rows, classes);
                assertClose("softmax " + classes, rx.softmax(1).toFloatArray(), x.softmax(1).toFloatArray(), 1e-4);
                Tensor loss = x.softmaxCrossEntropy(Tensor.of(device, labels, rows), null, 0.1);
                Tensor refLoss = rx.softmaxCrossEntropy(Tensor.of(ref, labels, rows), null, 0.1);
                assertClose("cross-entropy " + classes, refLoss.toFloatArray(), loss.toFloatArray(), 1e-4);
            }
        }
    }

    @Test
    void otherThreadsCanComputeAndFree() throws Exception {
        float[] v = random(1000, 7);
        Tensor x = Tensor.of(device, v, 1000);
        float[][] result = new float[1][];
        Thread t = new Thread(() -> {
            try (Tensor y = x.mul(3)) {
                result[0] = y.toFloatArray();
            }
            x.close();
        });
        t.start();
        t.join();
        float[] expected = new float[1000];
        for (int i = 0; i < 1000; i++) {
            expected[i] = v[i] * 3;
        }
        assertArrayEquals(expected, result[0]);
    }
}
