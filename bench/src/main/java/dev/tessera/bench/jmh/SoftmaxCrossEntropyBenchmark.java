package dev.tessera.bench.jmh;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;

/** Softmax cross-entropy, mean over rows, forward and backward, for {@code rows x classes} logits. */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SoftmaxCrossEntropyBenchmark extends DeviceBenchmark {
    /** {@code rows x classes}. */
    @Param({"1024x10", "256x1000", "4096x1000"})
    public String shape;

    private Tensor logits;
    private Tensor labels;

    @Override
    protected void prepare() {
        int[] size = sizes(shape);
        int rows = size[0];
        int classes = size[1];
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

    @Override
    protected void release() {
        logits.close();
        labels.close();
    }
}
