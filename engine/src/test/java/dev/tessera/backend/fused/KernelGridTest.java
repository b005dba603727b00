package dev.tessera.backend.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.ConvShape;
import dev.tessera.DType;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The launch side of descriptors: kernel names from the op name and variants, grids from the argument record, the
 * element type, the generic registration by kernel name, and the argument encoding every GPU kernel takes.
 */
class KernelGridTest {
    private final ReferenceBackend reference = new ReferenceBackend();

    private Buffer buffer(DType dtype, int n) {
        return reference.allocate(dtype, n);
    }

    /** A record with every encodable component kind. */
    private record Everything(Buffer a, Buffer absent, int i, long l, boolean b, double d, RecurrentFamily.Cell cell,
                              RecurrentFamily.Cell none, ConvShape shape) {
    }

    private record WithArray(Buffer[] buffers) {
    }

    @Test
    void kernelNamesAreTheOpNameInSnakeCasePlusEachVariant() {
        assertEquals(List.of("softmax_rows", "softmax_cols"), SoftmaxFamily.SOFTMAX.kernels());
        assertEquals(List.of("conv2d_backward_weight"), ConvFamily.CONV2D_BACKWARD_WEIGHT.kernels());
        assertEquals(List.of("max_pool2d_backward"), PoolFamily.MAX_POOL2D_BACKWARD.kernels());
        assertEquals(List.of(), BiasActivationFamily.BIAS_ACTIVATION.kernels(), "no grid: no kernels");
        assertThrows(IllegalStateException.class, () -> OptimizerFamily.SGD_STEP.grid(null));
    }

    @Test
    void gridsComeFromTheArgumentRecord() {
        Buffer x = buffer(DType.FLOAT32, 60);
        KernelGrid rows = SoftmaxFamily.SOFTMAX.grid(new SoftmaxFamily.Softmax(x, x, 6, 10, 1, false));
        assertEquals(new KernelGrid("rows", KernelGrid.Kind.ROWS, 6, 10), rows);
        assertEquals("softmax_rows", SoftmaxFamily.SOFTMAX.kernel(rows));
        KernelGrid cols = SoftmaxFamily.SOFTMAX.grid(new SoftmaxFamily.Softmax(x, x, 2, 5, 6, true));
        assertEquals(new KernelGrid("cols", KernelGrid.Kind.ELEMENTS, 12, 1), cols);
        ConvShape s = ConvShape.of(2, 4, 6, 6, 6, 3, 3, 1, 2, 2, 1, 1, 1, 2);
        KernelGrid weight = ConvFamily.CONV2D_BACKWARD_WEIGHT.grid(new ConvFamily.Conv2dBackwardWeight(x, x, x, s));
        assertEquals(KernelGrid.rows(s.weightNumel(), (long) s.batch() * s.outPlane()), weight);
        assertTrue(KernelGrid.rows(0, 5).empty() && KernelGrid.rows(5, 0).empty() && KernelGrid.elements(0).empty());
        assertThrows(IllegalArgumentException.class, () -> KernelGrid.elements(-1));
    }

    @Test
    void aGridNamingAnUndeclaredVariantFails() {
        FusedOp<SoftmaxFamily.Softmax> op = FusedOp.of("odd", SoftmaxFamily.Softmax.class, (be, a) -> {
        }).launchedOver(a -> KernelGrid.elements(1).variant("wide"), "narrow");
        Buffer x = buffer(DType.FLOAT32, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> op.grid(new SoftmaxFamily.Softmax(x, x, 1, 1, 1, false)));
        assertTrue(e.getMessage().contains("wide") && e.getMessage().contains("narrow"), e.getMessage());
    }

    @Test
    void theElementTypeIsThatOfTheFirstPresentBuffer() {
        Buffer st = buffer(DType.FLOAT64, 8);
        Buffer f = buffer(DType.FLOAT32, 8);
        assertEquals(DType.FLOAT64, RecurrentFamily.CELL_STEP_BACKWARD.elementType(new RecurrentFamily.CellStepBackward(
                RecurrentFamily.Cell.RNN_TANH, null, 0, st, 0, 2, 4, null, 0, f, f, f, 0, null, 0, 1, 2)),
                "saved is absent for an RNN cell: states decides");
    }

    @Test
    void backendsRegisterTheOpsWhoseKernelsTheyHave() {
        List<String> launched = new ArrayList<>();
        FusedKernels.GridLauncher launcher = (kernel, grid, dtype, args) -> launched.add(kernel + " " + dtype);
        Set<String> have = Set.of("softmax_rows", "softmax_cols", "cross_entropy");
        FusedKernels kernels = FusedKernels.builder().registerLaunched(FusedCatalog.ALL, have::contains, launcher)
                .build();
        assertEquals(Set.of(SoftmaxFamily.SOFTMAX, SoftmaxFamily.CROSS_ENTROPY), kernels.registered());
        Buffer x = buffer(DType.FLOAT32, 12);
        kernels.find(SoftmaxFamily.SOFTMAX).run(reference, new SoftmaxFamily.Softmax(x, x, 3, 4, 1, false));
        kernels.find(SoftmaxFamily.SOFTMAX).run(reference, new SoftmaxFamily.Softmax(x, x, 0, 4, 1, false));
        assertEquals(List.of("softmax_rows FLOAT32"), launched, "an empty grid launches nothing");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FusedKernels.builder()
                .registerLaunched(FusedCatalog.ALL, Set.of("softmax_rows")::contains, launcher));
        assertTrue(e.getMessage().contains("softmax_cols"), e.getMessage());
    }

    @Test
    void argumentsAreTheComponentsInOrderWithTheirEncodings() {
        Buffer a = buffer(DType.FLOAT32, 1);
        ConvShape s = ConvShape.of(1, 2, 3, 3, 2, 1, 1, 1, 1, 0, 0, 1, 1, 1);
        List<String> seen = new ArrayList<>();
        KernelArguments.walk(new Everything(a, null, 7, 1L << 40, true, 0.5, RecurrentFamily.Cell.GRU, null, s),
                new KernelArguments.Sink() {
                    @Override
                    public void buffer(String name, Buffer value) {
                        seen.add(name + "=" + (value == null ? "null" : value == a ? "a" : "?"));
                    }

                    @Override
                    public void integer(String name, long value, boolean wide) {
                        seen.add(name + "=" + value + (wide ? "L" : ""));
                    }

                    @Override
                    public void real(String name, double value) {
                        seen.add(name + "=" + value);
                    }

                    @Override
                    public void enter(String name) {
                        seen.add("{" + name);
                    }

                    @Override
                    public void exit(String name) {
                        seen.add(name + "}");
                    }
                });
        assertEquals(List.of("a=a", "absent=null", "i=7", "l=" + (1L << 40) + "L", "b=1", "d=0.5",
                "cell=" + RecurrentFamily.Cell.GRU.ordinal(), "none=-1", "{shape"), seen.subList(0, 9));
        assertEquals("shape.batch=1", seen.get(9));
        assertEquals("shape}", seen.get(seen.size() - 1));
        assertEquals(9 + 16 + 1, seen.size(), "ConvShape has 16 components");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelArguments.walk(new WithArray(new Buffer[0]), new KernelArguments.Sink() {
                    @Override
                    public void buffer(String name, Buffer value) {
                    }

                    @Override
                    public void integer(String name, long value, boolean wide) {
                    }

                    @Override
                    public void real(String name, double value) {
                    }
                }));
        assertTrue(e.getMessage().contains("WithArray.buffers"), e.getMessage());
    }
}
