package dev.tessera.bench.jmh;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * Half-precision conversions through the public API: {@code narrow} is {@code x.to(half)} from FLOAT32 (the cpu
 * backend's dense FLOAT32 to half loop), {@code widen} the way back, and {@code add} a half-precision add, which the
 * engine runs as two widenings, a FLOAT32 add and a narrowing ({@code HalfComputeBackend}). Compare the Vector API
 * conversions with the scalar ones by running once more with {@code -jvmArgsAppend -Dtessera.cpu.fast=false}.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class HalfConversionBenchmark extends DeviceBenchmark {
    @Param({"FLOAT16", "BFLOAT16"})
    public DType half;

    @Param({"65536", "16777216"})
    public int n;

    private Tensor x;
    private Tensor h;

    @Override
    protected void prepare() {
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

    @Override
    protected void release() {
        h.close();
        x.close();
    }
}
