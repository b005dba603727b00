package dev.tessera.bench.jmh;

import dev.tessera.Device;
import java.util.Arrays;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every benchmark of this package shares: the average time of one call, in one fork running the JVM flags of
 * the launcher and the benchmark scripts (the Vector API, ParallelGC, loop strip mining), 3 warm-up and 5 measured
 * iterations of 1 s (a subclass may declare other forks or iterations), on the device of the {@code device}
 * parameter, opened before the subclass {@link #prepare}s its tensors and still open when it {@link #release}s them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
        "-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class DeviceBenchmark {
    /** The device spec ({@code cpu}, {@code opencl:0}, {@code cuda:0}, ...). */
    @Param("cpu")
    public String device;

    /** The device, open from {@link #setUp} on. */
    protected Device target;

    /** Opens the device, then lets the subclass prepare its inputs. */
    @Setup
    public final void setUp() {
        target = Device.of(device);
        prepare();
    }

    /** Lets the subclass release its inputs. */
    @TearDown
    public final void tearDown() {
        release();
    }

    /** The sizes of a shape parameter written {@code AxBx...}, e.g. {@code 256x1000} as {@code {256, 1000}}. */
    protected static int[] sizes(String shape) {
        return Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    /** Creates the benchmark's inputs on {@link #target}. */
    protected abstract void prepare();

    /** Closes what {@link #prepare} created. */
    protected abstract void release();
}
