package dev.tessera.backend.fused;

/**
 * How a GPU kernel of a fused op covers its work, declared by the op's descriptor from its argument record
 * ({@link FusedOp#launchedOver}), so that one generic launcher per GPU backend runs every such kernel.
 *
 * <ul>
 *   <li>{@link Kind#ELEMENTS}: one work item (thread) per element of {@code count}; the kernel returns for items at or
 *   past {@code count} (CUDA grid-strides over it).</li>
 *   <li>{@link Kind#ROWS}: one cooperating group per row, {@code count} rows of {@code length} elements each; the
 *   group's items stride over the row and combine in shared memory (OpenCL passes one more argument,
 *   {@code local T* scratch} of one T per work item; CUDA sizes the block from {@code length}).</li>
 * </ul>
 * A grid with no work ({@link #empty}) launches nothing.
 *
 * @param variant the kernel's name suffix among the descriptor's declared variants ("" for a descriptor with one
 *                kernel), e.g. {@code rows} for {@code softmax_rows}
 * @param kind    elements or rows
 * @param count   elements, or rows
 * @param length  the length of each row (1 for elements)
 */
public record KernelGrid(String variant, Kind kind, long count, long length) {
    /** The two geometries. */
    public enum Kind {
        /** A work item per element. */
        ELEMENTS,
        /** A group of work items per row. */
        ROWS
    }

    /** Checks the sizes. */
    public KernelGrid {
        if (count < 0 || length < 0) {
            throw new IllegalArgumentException("kernel grid " + kind + " of " + count + " x " + length
                    + ": sizes must be >= 0");
        }
    }

    /** One work item per element of {@code n}, for the descriptor's only kernel. */
    public static KernelGrid elements(long n) {
        return new KernelGrid("", Kind.ELEMENTS, n, 1);
    }

    /** One group per row, {@code rows} rows of {@code length}, for the descriptor's only kernel. */
    public static KernelGrid rows(long rows, long length) {
        return new KernelGrid("", Kind.ROWS, rows, length);
    }

    /** This grid for the kernel variant {@code name} (a suffix the descriptor declared). */
    public KernelGrid variant(String name) {
        return new KernelGrid(name, kind, count, length);
    }

    /** Whether there is no work (no elements, no rows, or empty rows). */
    public boolean empty() {
        return count == 0 || length == 0;
    }
}
