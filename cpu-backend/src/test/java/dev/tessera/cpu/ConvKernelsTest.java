package dev.tessera.cpu;

import static dev.tessera.cpu.Fixtures.REF;

import dev.tessera.ConvShape;
import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.fused.ConvFamily;
import dev.tessera.backend.fused.FusedOp;
import dev.tessera.cpu.vector.VectorKernels;
import dev.tessera.testing.BufferData;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU's convolution kernels against the ops' default compositions on the FLOAT64 reference, in FLOAT32 and
 * FLOAT64, on both thread paths (fewer images than threads: images in turn with threaded products; more: images
 * spread over the pool, with uneven weight-gradient partials on a 3-thread pool) and the 1x1 path that reads x
 * directly. Output buffers start non-zero, so every element must be written.
 */
class ConvKernelsTest {
    private static final WorkerPool THREE = new WorkerPool(3);

    static Stream<Arguments> backends() {
        return Stream.concat(Fixtures.backends(),
                Stream.of(Arguments.of("vector, 3 threads", new CpuBackend(new VectorKernels(), true, THREE))));
    }

    private static final List<ConvShape> SHAPES = List.of(
            ConvShape.of(1, 6, 11, 10, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1),
            ConvShape.of(7, 4, 9, 8, 6, 3, 2, 2, 1, 0, 1, 2, 1, 2),
            ConvShape.of(5, 6, 7, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 6),
            ConvShape.of(4, 8, 5, 6, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2),
            ConvShape.of(2, 3, 6, 6, 5, 1, 1, 2, 2, 0, 0, 1, 1, 1),
            new ConvShape(3, 2, 9, 8, 3, 3, 3, 3, 2, 2, 3, 1, 0, 1, 1, 1));

    /** Buffers of one side of a comparison: the backend under test in dt, or the reference in FLOAT64. */
    private record Side(Backend be, DType dt) {
        Buffer of(double[] v) {
            return BufferData.upload(be, dt, v);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyOpMatchesItsDefaultOnTheReference(String name, Backend be) {
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (ConvShape s : SHAPES) {
                Random r = new Random(s.hashCode());
                double[] x = Fixtures.rounded(dt, BufferData.uniform(r, s.inputNumel(), -1, 1));
                double[] w = Fixtures.rounded(dt, BufferData.uniform(r, s.weightNumel(), -1, 1));
                double[] gy = Fixtures.rounded(dt, BufferData.uniform(r, s.outputNumel(), -1, 1));
                double[] junkIn = BufferData.uniform(r, s.inputNumel(), 5, 6);
                double[] junkW = BufferData.uniform(r, s.weightNumel(), 5, 6);
                double[] junkOut = BufferData.uniform(r, s.outputNumel(), 5, 6);
                String what = name + " " + dt + " " + s;
                compare("forward " + what, be, dt, ConvFamily.CONV2D, ConvFamily.Conv2d::output,
                        side -> new ConvFamily.Conv2d(side.of(x), side.of(w), side.of(junkOut), s));
                compare("input gradient " + what, be, dt, ConvFamily.CONV2D_BACKWARD_INPUT,
                        ConvFamily.Conv2dBackwardInput::gradInput,
                        side -> new ConvFamily.Conv2dBackwardInput(side.of(gy), side.of(w), side.of(junkIn), s));
                compare("weight gradient " + what, be, dt, ConvFamily.CONV2D_BACKWARD_WEIGHT,
                        ConvFamily.Conv2dBackwardWeight::gradWeight,
                        side -> new ConvFamily.Conv2dBackwardWeight(side.of(x), side.of(gy), side.of(junkW), s));
            }
        }
    }

    /** Runs {@code op} on the backend and its default on the reference, and compares the {@code output} buffers. */
    private static <A extends Record> void compare(String what, Backend be, DType dt, FusedOp<A> op,
                                                   Function<A, Buffer> output, Function<Side, A> args) {
        A tested = args.apply(new Side(be, dt));
        A reference = args.apply(new Side(REF, DType.FLOAT64));
        op.run(be, tested);
        op.runDefault(REF, reference);
        Fixtures.assertClose(what, dt, BufferData.download(REF, output.apply(reference)),
                BufferData.download(be, output.apply(tested)));
    }

    @Test
    void pointwiseConvolutionsReadTheInputDirectly() {
        Assertions.assertTrue(ConvKernels.readsInputDirectly(ConvShape.of(2, 3, 4, 5, 6, 1, 1, 1, 1, 0, 0, 1, 1, 1)));
        Assertions.assertFalse(ConvKernels.readsInputDirectly(ConvShape.of(2, 3, 4, 5, 6, 1, 1, 2, 1, 0, 0, 1, 1, 1)));
        Assertions.assertFalse(ConvKernels.readsInputDirectly(ConvShape.of(2, 3, 4, 5, 6, 1, 1, 1, 1, 1, 0, 1, 1, 1)));
        Assertions.assertFalse(ConvKernels.readsInputDirectly(ConvShape.of(2, 3, 4, 5, 6, 3, 1, 1, 1, 1, 0, 1, 1, 1)));
    }
}
