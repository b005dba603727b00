package dev.tessera.bench.jmh;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Elementwise ops through the public API: at 16 elements the time is the per-op dispatch cost (core's checks,
 * autograd bookkeeping off, allocation from the pool, the backend call); at 64M elements the bandwidth
 * (relu moves 8 bytes per element, add and the row-broadcast bias add 12). Outputs are closed at once, so their
 * memory is reused from the pool as in a training step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
        "-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBenchmark {
    @Param("cpu")
    public String device;

    @Param({"16", "65536", "67108864"})
    public int n;

    private Device target;
    private Tensor x;
    private Tensor y;
    private Tensor rows;
    private Tensor bias;

    @Setup
    public void setUp() {
        target = Device.of(device);
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

    @TearDown
    public void tearDown() {
        for (Tensor t : new Tensor[]{rows, x, y, bias}) {
            t.close();
        }
    }
}
