package dev.tessera.bench.jmh;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * Elementwise ops through the public API: at 16 elements the time is the per-op dispatch cost (core's checks,
 * autograd bookkeeping off, allocation from the pool, the backend call); at 64M elements the bandwidth
 * (relu moves 8 bytes per element, add and the row-broadcast bias add 12). Outputs are closed at once, so their
 * memory is reused from the pool as in a training step.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ElementwiseBenchmark extends DeviceBenchmark {
    @Param({"16", "65536", "67108864"})
    public int n;

    private Tensor x;
    private Tensor y;
    private Tensor rows;
    private Tensor bias;

    @Override
    protected void prepare() {
        Generator g = new Generator(11);
        x = Tensor.normal(g, 0, 1, Shape.of(n), DType.FLOAT32, target);
        y = Tensor.normal(g, 0, 1, Shape.of(n), DType.FLOAT32, target);
        int cols = Math.min(n, 1024);
        rows = x.reshape(n / cols, cols);
        bias = Tensor.normal(g, 0, 1, Shape.of(cols), DType.FLOAT32, target);
    }

    @Benchmark
    public void relu() {
        x.relu().close();
        target.synchronize();
    }

    @Benchmark
    public void add() {
        x.add(y).close();
        target.synchronize();
    }

    @Benchmark
    public void mulScalar() {
        x.mul(1.5).close();
        target.synchronize();
    }

    @Benchmark
    public void biasAdd() {
        rows.add(bias).close();
        target.synchronize();
    }

    @Benchmark
    public void gelu() {
        x.gelu().close();
        target.synchronize();
    }

    @Benchmark
    public void sum() {
        x.sum().close();
        target.synchronize();
    }

    @Override
    protected void release() {
        for (Tensor t : new Tensor[]{rows, x, y, bias}) {
            t.close();
        }
    }
}
