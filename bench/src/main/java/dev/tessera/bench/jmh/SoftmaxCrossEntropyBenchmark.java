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

/** Softmax cross-entropy, mean over rows, forward and backward, for {@code rows x classes} logits. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
        "-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SoftmaxCrossEntropyBenchmark {
    @Param("cpu")
    public String device;

    /** {@code rows x classes}. */
    @Param({"1024x10", "256x1000", "4096x1000"})
    public String shape;

    private Device target;
    private Tensor logits;
    private Tensor labels;

    @Setup
    public void setUp() {
        target = Device.of(device);
        String[] p = shape.split("x");
        int rows = Integer.parseInt(p[0]);
        int classes = Integer.parseInt(p[1]);
        logits = Tensor.normal(new Generator(5), 0, 3, Shape.of(rows, classes), DType.FLOAT32, target)
                .requiresGrad(true);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = (i * 7) % classes;
        }
        labels = Tensor.of(target, y, rows);
    }

    @Benchmark
    public void forwardBackward() {
        try (dev.tessera.Scope s = dev.tessera.Scope.open()) {
            logits.softmaxCrossEntropy(labels, null, 0).mean().backward();
            logits.zeroGrad();
        }
        target.synchronize();
    }

    @TearDown
    public void tearDown() {
        logits.close();
        labels.close();
    }
}
