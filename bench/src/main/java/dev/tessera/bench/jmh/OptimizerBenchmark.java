package dev.tessera.bench.jmh;

import dev.tessera.AdamHyperparameters;
import dev.tessera.Generator;
import dev.tessera.ParameterUpdates;
import dev.tessera.SgdHyperparameters;
import dev.tessera.bench.OptimizerTensors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * One whole-model optimizer step over the parameters of an MLP 784-1024-1024-10 (1,863,690 parameters): Adam
 * (reads p, g, m, v and writes p, m, v: 28 bytes per parameter) and SGD with momentum.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OptimizerBenchmark extends DeviceBenchmark {
    private OptimizerTensors t;
    private long step;

    @Override
    protected void prepare() {
        t = OptimizerTensors.mlp(new Generator(3), new int[]{784, 1024, 1024, 10}, target);
    }

    @Benchmark
    public void adam() {
        ParameterUpdates.adam(t.params(), t.grads(), t.first(), t.second(), null,
                new AdamHyperparameters(1e-3, 0.9, 0.999, 1e-8, 0, false, false, ++step));
        target.synchronize();
    }

    @Benchmark
    public void sgdMomentum() {
        ParameterUpdates.sgd(t.params(), t.grads(), t.first(),
                new SgdHyperparameters(1e-2, 0.9, 0, false, 0, false, step++ == 0));
        target.synchronize();
    }

    @Override
    protected void release() {
        t.close();
    }
}
