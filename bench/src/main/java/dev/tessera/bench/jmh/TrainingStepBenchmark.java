package dev.tessera.bench.jmh;

import dev.tessera.Device;
import dev.tessera.bench.MlpWorkload;
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

/** One training step of the MLP 784-1024-1024-10 (fused linear + ReLU, cross-entropy, backward, fused Adam). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
        "-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainingStepBenchmark {
    @Param("cpu")
    public String device;

    @Param({"256", "1024"})
    public int batch;

    private MlpWorkload workload;

    @Setup
    public void setUp() {
        workload = new MlpWorkload(Device.of(device), new int[]{784, 1024, 1024, 10}, batch);
    }

    @Benchmark
    public void step() {
        workload.step();
        workload.device().synchronize();
    }

    @TearDown
    public void tearDown() {
        workload.close();
    }
}
