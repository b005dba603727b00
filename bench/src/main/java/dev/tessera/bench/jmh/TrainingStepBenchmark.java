package dev.tessera.bench.jmh;

import dev.tessera.bench.MlpWorkload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/** One training step of the MLP 784-1024-1024-10 (fused linear + ReLU, cross-entropy, backward, fused Adam). */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainingStepBenchmark extends DeviceBenchmark {
    @Param({"256", "1024"})
    public int batch;

    private MlpWorkload workload;

    @Override
    protected void prepare() {
        workload = new MlpWorkload(target, new int[]{784, 1024, 1024, 10}, batch);
    }

    @Benchmark
    public void step() {
        workload.step();
        workload.device().synchronize();
    }

    @Override
    protected void release() {
        workload.close();
    }
}
