package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.KernelArguments;
import dev.tessera.backend.fused.KernelGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * The one OpenCL launcher of every fused op that declares a {@link KernelGrid}: the kernel of that name, from the
 * program whose source defines it ({@link ProgramCache#familyOf}) built for the element type, gets the record's
 * components as arguments in order ({@link KernelArguments}: a buffer as a {@code global} pointer, null as a null
 * pointer; an int, boolean or enum ordinal as {@code int}; a long as {@code long}; a double as {@code T}; a nested
 * record as a by-value struct of ints). A work item per element runs in work-groups of the elementwise size; a row
 * runs on a power-of-two work-group that gets one more argument, {@code local T* scratch} of one T per item.
 */
final class DescriptorLauncher implements FusedKernels.GridLauncher {
    private final ClContext cx;

    DescriptorLauncher(ClContext cx) {
        this.cx = cx;
    }

    /** Whether a kernel program defines {@code kernel}. */
    boolean has(String kernel) {
        return cx.programs.familyOf(kernel) != null;
    }

    @Override
    public void launch(String kernel, KernelGrid grid, DType dtype, Record args) {
        ClKernel k = cx.kernel(cx.programs.familyOf(kernel), dtype, kernel);
        List<Object> values = arguments(args, dtype);
        switch (grid.kind()) {
            case ELEMENTS -> cx.launch1d(k, grid.count(), values.toArray());
            case ROWS -> {
                int wg = workGroup(grid.length());
                values.add(new Launcher.Local((long) wg * dtype.byteSize()));
                cx.launcher.launch(k, new long[]{grid.count() * wg}, new long[]{wg}, values.toArray());
            }
        }
    }

    /** The kernel arguments of {@code record} for a program of element type {@code dtype}. */
    List<Object> arguments(Record record, DType dtype) {
        List<Object> values = new ArrayList<>();
        KernelArguments.walk(record, new KernelArguments.Sink() {
            private List<Integer> struct;

            @Override
            public void buffer(String name, Buffer value) {
                values.add(value == null ? Launcher.NULL_BUFFER : cx.cl(value));
            }

            @Override
            public void integer(String name, long value, boolean wide) {
                if (struct != null) {
                    if (wide) {
                        throw new IllegalArgumentException(name + ": a long in a struct argument has no OpenCL "
                                + "encoding (structs are of ints)");
                    }
                    struct.add((int) value);
                } else {
                    values.add(wide ? (Object) value : (Object) (int) value);
                }
            }

            @Override
            public void real(String name, double value) {
                if (struct != null) {
                    throw new IllegalArgumentException(name + ": a real in a struct argument has no OpenCL encoding");
                }
                values.add(Launcher.scalar(dtype, value));
            }

            @Override
            public void enter(String name) {
                struct = new ArrayList<>();
            }

            @Override
            public void exit(String name) {
                values.add(struct.stream().mapToInt(Integer::intValue).toArray());
                struct = null;
            }
        });
        return values;
    }

    /** The power-of-two work-group size for rows of {@code n}: as many items as elements, up to the limit. */
    private int workGroup(long n) {
        long pow2 = n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
        return (int) Math.min(cx.reduceLocalSize, pow2);
    }
}
