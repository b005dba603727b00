package dev.tessera.bench.jmh;

import dev.tessera.AdamHyperparameters;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.ParameterUpdates;
import dev.tessera.SgdHyperparameters;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.List;
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
 * One whole-model optimizer step over the parameters of an MLP 784-1024-1024-10 (1,863,690 parameters): Adam
 * (reads p, g, m, v and writes p, m, v: 28 bytes per parameter) and SGD with momentum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
        "-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OptimizerBenchmark {
    @Param("cpu")
    public String device;

    private Device target;
    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor> grads = new ArrayList<>();
    private final List<Tensor> first = new ArrayList<>();
    private final List<Tensor> second = new ArrayList<>();
    private long step;

    @Setup
    public void setUp() {
        target = Device.of(device);
        Generator g = new Generator(3);
        int[] layers = {784, 1024, 1024, 10};
        for (int i = 0; i + 1 < layers.length; i++) {
            for (Shape s : List.of(Shape.of(layers[i + 1], layers[i]), Shape.of(layers[i + 1]))) {
                params.add(Tensor.normal(g, 0, 0.05, s, DType.FLOAT32, target));
                grads.add(Tensor.normal(g, 0, 0.01, s, DType.FLOAT32, target));
                first.add(Tensor.zeros(s, DType.FLOAT32, target));
                second.add(Tensor.zeros(s, DType.FLOAT32, target));
            }
        }
    }

    @Benchmark
    public void adam() {
        ParameterUpdates.adam(params, grads, first, second, null,
                new AdamHyperparameters(1e-3, 0.9, 0.999, 1e-8, 0, false, false, ++step));
        target.synchronize();
    }

    @Benchmark
    public void sgdMomentum() {
        ParameterUpdates.sgd(params, grads, first, new SgdHyperparameters(1e-2, 0.9, 0, false, 0, false, step++ == 0));
        target.synchronize();
    }

    @TearDown
    public void tearDown() {
        for (List<Tensor> list : List.of(params, grads, first, second)) {
            list.forEach(Tensor::close);
        }
    }
}
