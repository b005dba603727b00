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
 * Half-precision conversions through the public API: {@code narrow} is {@code x.to(half)} from FLOAT32 (the cpu
 * backend's dense FLOAT32 to half loop), {@code widen} the way back, and {@code add} a half-precision add, which the
 * engine runs as two widenings, a FLOAT32 add and a narrowing ({@code HalfComputeBackend}). Compare the Vector API
 * conversions with the scalar ones by running once more with {@code -jvmArgsAppend -Dtessera.cpu.fast=false}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HalfConversionBenchmark {
    @Param("cpu")
    public String device;

    @Param({"FLOAT16", "BFLOAT16"})
    public DType half;

    @Param({"65536", "16777216"})
    public int n;

    private Device target;
    private Tensor x;
    private Tensor h;

    @Setup
    public void setUp() {
        target = Device.of(device);
        x = Tensor.normal(new Generator(13), 0, 100, Shape.of(n), DType.FLOAT32, target);
        h = x.to(half);
    }

    @Benchmark
    public void narrow() {
        x.to(half).close();
        target.synchronize();
    }

    @Benchmark
    public void widen() {
        h.to(DType.FLOAT32).close();
        target.synchronize();
    }

    @Benchmark
    public void add() {
        h.add(h).close();
        target.synchronize();
    }

    @TearDown
    public void tearDown() {
        h.close();
        x.close();
    }
}
