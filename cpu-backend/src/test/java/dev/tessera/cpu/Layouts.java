package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import dev.tessera.testing.BufferData;
import java.util.Random;

/**
 * Operand layouts for elementwise tests over an iteration shape: dense, offset, transposed (strided), row and column
 * broadcast, a one-element buffer broadcast everywhere, and a scalar constant. A layout builds the same operand, with
 * the same values, on the backend under test and on the reference.
 */
enum Layouts {
    /** Row-major, starting at 0. */
    DENSE,
    /** Row-major, starting at element 3 of a longer buffer. */
    OFFSET,
    /** The transpose of a row-major buffer of the reversed shape (rank 2 only). */
    TRANSPOSED,
    /** One row of the last axis, broadcast over the first (rank 2 only): a bias. */
    ROW,
    /** One column of the first axis, broadcast over the last (rank 2 only). */
    COLUMN,
    /** One element broadcast everywhere (all strides 0). */
    SCALAR_BUFFER,
    /** A constant operand. */
    CONSTANT;

    /** Elements the buffer of this layout holds for {@code shape}. */
    int bufferSize(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return switch (this) {
            case DENSE, TRANSPOSED -> n;
            case OFFSET -> n + 3;
            case ROW -> shape[shape.length - 1];
            case COLUMN -> shape[0];
            case SCALAR_BUFFER -> 1;
            case CONSTANT -> 0;
        };
    }

    /** The operand over {@code buffer} (null for a constant, which takes {@code constant}). */
    Operand operand(Buffer buffer, int[] shape, double constant) {
        int rank = shape.length;
        return switch (this) {
            case DENSE -> Operand.contiguous(buffer, shape);
            case OFFSET -> Operand.view(buffer, 3, Operand.contiguousStrides(shape));
            case TRANSPOSED -> Operand.view(buffer, 0, new long[]{1, shape[0]});
            case ROW -> Operand.view(buffer, 0, new long[]{0, 1});
            case COLUMN -> Operand.view(buffer, 0, new long[]{1, 0});
            case SCALAR_BUFFER -> Operand.view(buffer, 0, new long[rank]);
            case CONSTANT -> Operand.constant(constant);
        };
    }

    /** One operand built twice: on a backend under test and on the reference (as FLOAT64 unless INT32). */
    record Pair(Operand tested, Operand reference, Buffer testedBuffer, Buffer referenceBuffer) {
    }

    /** Builds this layout for {@code shape} with random values in [lo, hi) (integers for INT32). */
    Pair build(Backend be, DType dtype, int[] shape, Random r, double lo, double hi) {
        int size = bufferSize(shape);
        double[] values = Fixtures.rounded(dtype, BufferData.uniform(r, Math.max(size, 1), lo, hi));
        if (this == CONSTANT) {
            return new Pair(operand(null, shape, values[0]), operand(null, shape, values[0]), null, null);
        }
        DType refType = dtype == DType.INT32 ? DType.INT32 : DType.FLOAT64;
        Buffer tb = BufferData.upload(be, dtype, values);
        Buffer rb = BufferData.upload(Fixtures.REF, refType, values);
        return new Pair(operand(tb, shape, 0), operand(rb, shape, 0), tb, rb);
    }

    /** Whether this layout applies to an iteration shape of this rank. */
    boolean fits(int[] shape) {
        return shape.length == 2 || !(this == TRANSPOSED || this == ROW || this == COLUMN);
    }
}
