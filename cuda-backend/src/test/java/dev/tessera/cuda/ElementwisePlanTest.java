package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.backend.Operand;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElementwisePlanTest {
    private final RecordingStream fake = new RecordingStream(132);

    private static ElementwisePlan single(List<ElementwisePlan> plans) {
        assertEquals(1, plans.size());
        return plans.get(0);
    }

    @Test
    void denseOperandsMergeIntoOneVectorizedAxis() {
        CudaBuffer a = fake.buffer(DType.FLOAT32, 60);
        CudaBuffer out = fake.buffer(DType.FLOAT32, 60);
        int[] shape = {3, 4, 5};
        ElementwisePlan p = single(ElementwisePlan.of(shape, new Operand[]{Operand.contiguous(a, shape),
                Operand.constant(2.5), Operand.contiguous(out, shape)}, true));
        assertEquals(60, p.n);
        assertArrayEquals(new long[]{60}, p.dims);
        assertArrayEquals(new long[]{1}, p.strides[0]);
        assertArrayEquals(new long[]{0}, p.strides[1], "a constant has stride 0");
        assertEquals(a.address(0), p.addresses[0]);
        assertEquals(0, p.addresses[1], "a constant is a null pointer");
        assertEquals(2.5, p.constants[1]);
        assertTrue(p.vectorized);
    }

    @Test
    void aTransposedViewKeepsTwoAxesInnermostFirst() {
        CudaBuffer a = fake.buffer(DType.FLOAT32, 6 * 9);
        CudaBuffer out = fake.buffer(DType.FLOAT32, 6 * 9);
        // a is [6, 9] row-major; iterate its transpose [9, 6]
        ElementwisePlan p = single(ElementwisePlan.of(new int[]{9, 6}, new Operand[]{
                Operand.view(a, 0, new long[]{1, 9}), Operand.contiguous(out, new int[]{9, 6})}, true));
        assertArrayEquals(new long[]{6, 9}, p.dims, "innermost axis first");
        assertArrayEquals(new long[]{9, 1}, p.strides[0]);
        assertArrayEquals(new long[]{1, 6}, p.strides[1]);
        assertFalse(p.vectorized);
    }

    @Test
    void sizeOneAxesAndBroadcastsAreHandled() {
        CudaBuffer row = fake.buffer(DType.FLOAT64, 5);
        CudaBuffer out = fake.buffer(DType.FLOAT64, 15);
        ElementwisePlan p = single(ElementwisePlan.of(new int[]{3, 1, 5}, new Operand[]{
                Operand.view(row, 0, new long[]{0, 7, 1}), Operand.contiguous(out, new int[]{3, 1, 5})}, true));
        assertArrayEquals(new long[]{5, 3}, p.dims);
        assertArrayEquals(new long[]{1, 0}, p.strides[0], "the row is broadcast along the outer axis");
        assertArrayEquals(new long[]{1, 5}, p.strides[1]);
    }

    @Test
    void offsetsBecomeByteAddressesAndDecideAlignment() {
        CudaBuffer a = fake.buffer(DType.FLOAT32, 100);
        CudaBuffer out = fake.buffer(DType.FLOAT32, 100);
        int[] shape = {64};
        ElementwisePlan aligned = single(ElementwisePlan.of(shape, new Operand[]{Operand.view(a, 4, new long[]{1}),
                Operand.view(out, 8, new long[]{1})}, true));
        assertEquals(a.address(0) + 16, aligned.addresses[0]);
        assertEquals(out.address(0) + 32, aligned.addresses[1]);
        assertTrue(aligned.vectorized);
        ElementwisePlan misaligned = single(ElementwisePlan.of(shape, new Operand[]{Operand.view(a, 1, new long[]{1}),
                Operand.view(out, 0, new long[]{1})}, true));
        assertFalse(misaligned.vectorized, "a view starting at element 1 is not 16-byte aligned");
        ElementwisePlan strided = single(ElementwisePlan.of(new int[]{32}, new Operand[]{
                Operand.view(a, 0, new long[]{2}), Operand.view(out, 0, new long[]{1})}, true));
        assertFalse(strided.vectorized);
        ElementwisePlan scalar = single(ElementwisePlan.of(new int[]{32}, new Operand[]{
                Operand.view(a, 3, new long[]{0}), Operand.view(out, 0, new long[]{1})}, true));
        assertTrue(scalar.vectorized, "a broadcast scalar needs no alignment");
        ElementwisePlan notAllowed = single(ElementwisePlan.of(shape, new Operand[]{Operand.view(a, 0, new long[]{1}),
                Operand.view(out, 0, new long[]{1})}, false));
        assertFalse(notAllowed.vectorized, "the caller can rule the vector path out (mixed element sizes)");
    }

    @Test
    void emptyShapesLaunchNothingAndScalarsLaunchOneElement() {
        CudaBuffer a = fake.buffer(DType.FLOAT32, 4);
        assertEquals(List.of(), ElementwisePlan.of(new int[]{3, 0, 2}, new Operand[]{Operand.contiguous(a,
                new int[]{3, 0, 2}), Operand.contiguous(a, new int[]{3, 0, 2})}, true));
        ElementwisePlan p = single(ElementwisePlan.of(new int[0], new Operand[]{Operand.view(a, 2, new long[0]),
                Operand.view(a, 3, new long[0])}, true));
        assertEquals(1, p.n);
        assertArrayEquals(new long[]{1}, p.dims);
        assertEquals(a.address(2), p.addresses[0]);
        assertEquals(a.address(3), p.addresses[1]);
    }

    @Test
    void moreThanEightAxesBecomeOneLaunchPerLeadingIndex() {
        int[] shape = {2, 3, 2, 2, 2, 2, 2, 2, 2, 2};
        long[] strides = new long[shape.length];
        long[] outStrides = new long[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = acc * 2;   // every axis padded: nothing merges
            acc *= shape[i] * 2;
        }
        System.arraycopy(strides, 0, outStrides, 0, shape.length);
        CudaBuffer a = fake.buffer(DType.FLOAT32, acc);
        CudaBuffer out = fake.buffer(DType.FLOAT32, acc);
        List<ElementwisePlan> plans = ElementwisePlan.of(shape, new Operand[]{Operand.view(a, 1, strides),
                Operand.view(out, 0, outStrides)}, true);
        assertEquals(6, plans.size(), "axes 0 and 1 (2 x 3) are looped on the host");
        for (int i = 0; i < 6; i++) {
            ElementwisePlan p = plans.get(i);
            assertEquals(256, p.n);
            assertEquals(8, p.dims.length);
            long expected = (long) ((i / 3) * strides[0] + (i % 3) * strides[1]) * 4;
            assertEquals(a.address(1) + expected, p.addresses[0], "launch " + i);
            assertEquals(out.address(0) + expected, p.addresses[1]);
            assertEquals(strides[9], p.strides[0][0]);
            assertEquals(strides[2], p.strides[0][7]);
        }
    }

    @Test
    void theIterationAndOperandStructsAreWrittenInOrder() {
        CudaBuffer a = fake.buffer(DType.FLOAT32, 12);
        CudaBuffer out = fake.buffer(DType.FLOAT32, 12);
        ElementwisePlan p = single(ElementwisePlan.of(new int[]{4, 3}, new Operand[]{
                Operand.view(a, 0, new long[]{1, 4}), Operand.contiguous(out, new int[]{4, 3})}, true));
        KernelArgs args = new KernelArgs().traced();
        p.writeIteration(args);
        p.writeOperand(args, "x", 0);
        assertEquals(List.of(new KernelArgs.Field("it.n", 1), new KernelArgs.Field("it.rank", 1),
                new KernelArgs.Field("it.vectorized", 1), new KernelArgs.Field("it.dims", 8),
                new KernelArgs.Field("x.ptr", 1), new KernelArgs.Field("x.constant", 1),
                new KernelArgs.Field("x.strides", 8)), args.trace());
        assertEquals(12, args.slot(0));
        assertEquals(2, args.slot(1));
        assertEquals(3, args.slot(3));
        assertEquals(4, args.slot(4));
        assertEquals(a.address(0), args.slot(11));
        assertEquals(4, args.slot(13), "x's inner stride");
        assertEquals(1, args.slot(14));
    }

    @Test
    void aDenseIterationBeyond2To31ElementsIsOneLaunchWithALongCount() {
        long n = 4L << 30;
        CudaBuffer a = fake.buffer(DType.FLOAT32, n);
        CudaBuffer out = fake.buffer(DType.FLOAT32, n);
        int[] shape = {4, 1 << 30};
        ElementwisePlan p = single(ElementwisePlan.of(shape, new Operand[]{Operand.contiguous(a, shape),
                Operand.contiguous(out, shape)}, true));
        assertEquals(n, p.n);
        assertArrayEquals(new long[]{n}, p.dims, "merged into one 64-bit axis");
        assertTrue(p.vectorized);
    }

    @Test
    void anOffsetBeyond2To31ElementsMovesTheAddressByItsBytes() {
        CudaBuffer a = fake.buffer(DType.FLOAT64, 3L << 31);
        CudaBuffer out = fake.buffer(DType.FLOAT64, 16);
        long offset = (1L << 32) + 2;
        ElementwisePlan p = single(ElementwisePlan.of(new int[]{16}, new Operand[]{
                Operand.view(a, offset, new long[]{1}), Operand.contiguous(out, new int[]{16})}, true));
        assertEquals(a.address(0) + offset * 8, p.addresses[0]);
    }
}
