package dev.tessera.cpu;

import static dev.tessera.cpu.Fixtures.REF;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.fused.ConvFamily;
import dev.tessera.backend.fused.ConvShape;
import dev.tessera.cpu.vector.VectorKernels;
import java.util.List;
import java.util.Random;
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyOpMatchesItsDefaultOnTheReference(String name, Backend be) {
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (ConvShape s : SHAPES) {
                Random r = new Random(s.hashCode());
                double[] x = Fixtures.rounded(dt, Fixtures.uniform(r, s.inputNumel(), -1, 1));
                double[] w = Fixtures.rounded(dt, Fixtures.uniform(r, s.weightNumel(), -1, 1));
                double[] gy = Fixtures.rounded(dt, Fixtures.uniform(r, s.outputNumel(), -1, 1));
                double[] junkIn = Fixtures.uniform(r, s.inputNumel(), 5, 6);
                double[] junkW = Fixtures.uniform(r, s.weightNumel(), 5, 6);
                double[] junkOut = Fixtures.uniform(r, s.outputNumel(), 5, 6);
                String what = name + " " + dt + " " + s;

                Buffer y = Fixtures.buffer(be, dt, junkOut);
                ConvFamily.CONV2D.run(be, new ConvFamily.Conv2d(Fixtures.buffer(be, dt, x),
                        Fixtures.buffer(be, dt, w), y, s));
                Buffer yRef = Fixtures.buffer(REF, DType.FLOAT64, junkOut);
                ConvFamily.CONV2D.runDefault(REF, new ConvFamily.Conv2d(Fixtures.buffer(REF, DType.FLOAT64, x),
                        Fixtures.buffer(REF, DType.FLOAT64, w), yRef, s));
                Fixtures.assertClose("forward " + what, dt, Fixtures.read(REF, yRef), Fixtures.read(be, y));

                Buffer gx = Fixtures.buffer(be, dt, junkIn);
                ConvFamily.CONV2D_BACKWARD_INPUT.run(be, new ConvFamily.Conv2dBackwardInput(
                        Fixtures.buffer(be, dt, gy), Fixtures.buffer(be, dt, w), gx, s));
                Buffer gxRef = Fixtures.buffer(REF, DType.FLOAT64, junkIn);
                ConvFamily.CONV2D_BACKWARD_INPUT.runDefault(REF, new ConvFamily.Conv2dBackwardInput(
                        Fixtures.buffer(REF, DType.FLOAT64, gy), Fixtures.buffer(REF, DType.FLOAT64, w), gxRef, s));
                Fixtures.assertClose("input gradient " + what, dt, Fixtures.read(REF, gxRef), Fixtures.read(be, gx));

                Buffer gw = Fixtures.buffer(be, dt, junkW);
                ConvFamily.CONV2D_BACKWARD_WEIGHT.run(be, new ConvFamily.Conv2dBackwardWeight(
                        Fixtures.buffer(be, dt, x), Fixtures.buffer(be, dt, gy), gw, s));
                Buffer gwRef = Fixtures.buffer(REF, DType.FLOAT64, junkW);
                ConvFamily.CONV2D_BACKWARD_WEIGHT.runDefault(REF, new ConvFamily.Conv2dBackwardWeight(
                        Fixtures.buffer(REF, DType.FLOAT64, x), Fixtures.buffer(REF, DType.FLOAT64, gy), gwRef, s));
                Fixtures.assertClose("weight gradient " + what, dt, Fixtures.read(REF, gwRef), Fixtures.read(be, gw));
            }
        }
    }

    @Test
    void pointwiseConvolutionsReadTheInputDirectly() {
        Assertions.assertTrue(ConvKernels.readsInputDirectly(ConvShape.of(2, 3, 4, 5, 6, 1, 1, 1, 1, 0, 0, 1, 1, 1)));
        Assertions.assertFalse(ConvKernels.readsInputDirectly(ConvShape.of(2, 3, 4, 5, 6, 1, 1, 2, 1, 0, 0, 1, 1, 1)));
        Assertions.assertFalse(ConvKernels.readsInputDirectly(ConvShape.of(2, 3, 4, 5, 6, 1, 1, 1, 1, 1, 0, 1, 1, 1)));
        Assertions.assertFalse(ConvKernels.readsInputDirectly(ConvShape.of(2, 3, 4, 5, 6, 3, 1, 1, 1, 1, 0, 1, 1, 1)));
    }
}
