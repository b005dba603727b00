package dev.tessera.bench.jmh;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FLOAT32 matrix products {@code [m, k] x [k, n]}: the squares 256-4096 and the products of an MLP 784-1024-1024-10
 * step at batch 256 (forward {@code 256x1024x784}, {@code 256x1024x1024}, {@code 256x10x1024}; weight gradients
 * {@code 1024x784x256}, {@code 1024x1024x256}; input gradients {@code 256x784x1024}). GFLOP/s = 2 m n k / time.
 * The {@code trans} parameter passes A, B or both as transposed views (no copies).
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GemmBenchmark extends DeviceBenchmark {
    /** {@code m x n x k}. */
    @Param({"256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048", "4096x4096x4096",
            "256x1024x784", "256x1024x1024", "256x10x1024", "1024x784x256", "1024x1024x256", "256x784x1024"})
    public String shape;

    /** Which operands are transposed views: none, a, b, ab. */
    @Param("none")
    public String trans;

    private Tensor a;
    private Tensor b;

    @Override
    protected void prepare() {
        int[] mnk = sizes(shape);
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        Generator g = new Generator(7);
        boolean ta = trans.contains("a");
        boolean tb = trans.contains("b");
        a = Tensor.normal(g, 0, 1, ta ? Shape.of(k, m) : Shape.of(m, k), DType.FLOAT32, target);
        b = Tensor.normal(g, 0, 1, tb ? Shape.of(n, k) : Shape.of(k, n), DType.FLOAT32, target);
        if (ta) {
            a = a.t();
        }
        if (tb) {
            b = b.t();
        }
    }

    @Benchmark
    public void matmul() {
        a.matmul(b).close();
        target.synchronize();
    }

    @Override
    protected void release() {
        a.close();
        b.close();
    }
}
