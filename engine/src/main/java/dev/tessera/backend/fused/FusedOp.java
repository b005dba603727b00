package dev.tessera.backend.fused;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.function.Function;

/**
 * The descriptor of one fused op, declared once: its name, its argument record (whose {@link Buffer} and
 * {@code Buffer[]} components are the operands, in order, and whose other components are the attributes), its
 * default composition in the SPI's primitives, and the descriptor of its backward op (the rule that computes its
 * gradient), if it has one.
 *
 * <p>{@link #run} dispatches: the kernel that the backend registered for this descriptor in its
 * {@link Backend#fusedKernels()}, or the default composition when it registered none. The conformance suite checks
 * every registered kernel against the composition.
 *
 * <p>A descriptor may also declare how a GPU kernel covers its work ({@link #launchedOver}): its kernel names are
 * then fixed ({@link #kernels}, the op's name in snake case, plus each declared variant), its kernels take the
 * record's components as arguments ({@link KernelArguments}), and a GPU backend registers a generic launcher for it
 * whenever its programs contain those kernels ({@link FusedKernels.Builder#registerLaunched}).
 *
 * @param <A> the argument record
 */
public final class FusedOp<A extends Record> {
    private final String name;
    private final Class<A> argsType;
    private final FusedKernel<A> composition;
    private final FusedOp<?> backward;
    private final Function<A, KernelGrid> grid;
    private final List<String> variants;
    private final List<String> operands = new ArrayList<>();
    private final List<String> attributes = new ArrayList<>();
    private final List<Method> operandAccessors = new ArrayList<>();

    private FusedOp(String name, Class<A> argsType, FusedKernel<A> composition, FusedOp<?> backward,
                    Function<A, KernelGrid> grid, List<String> variants) {
        this.name = name;
        this.argsType = argsType;
        this.composition = composition;
        this.backward = backward;
        this.grid = grid;
        this.variants = variants;
        for (RecordComponent c : argsType.getRecordComponents()) {
            boolean buffer = c.getType() == Buffer.class || c.getType() == Buffer[].class;
            (buffer ? operands : attributes).add(c.getName());
            if (buffer) {
                operandAccessors.add(c.getAccessor());
            }
        }
    }

    /** A differentiable fused op whose gradient is computed by {@code backward}. */
    public static <A extends Record> FusedOp<A> of(String name, Class<A> argsType, FusedKernel<A> composition,
                                                   FusedOp<?> backward) {
        return new FusedOp<>(name, argsType, composition, backward, null, List.of());
    }

    /** A fused op without a backward op (a gradient itself, or an in-place update such as an optimizer step). */
    public static <A extends Record> FusedOp<A> of(String name, Class<A> argsType, FusedKernel<A> composition) {
        return new FusedOp<>(name, argsType, composition, null, null, List.of());
    }

    /**
     * This descriptor with GPU kernels that cover the work {@code grid} gives for an argument record: one kernel
     * named {@link #name} in snake case ({@code conv2dBackwardInput}: {@code conv2d_backward_input}), or with
     * {@code variants}, one kernel per variant with {@code _variant} appended, the grid naming the one to launch.
     */
    public FusedOp<A> launchedOver(Function<A, KernelGrid> grid, String... variants) {
        return new FusedOp<>(name, argsType, composition, backward, grid, List.of(variants));
    }

    /** The key a backend registers its kernel under, e.g. {@code softmax}. */
    public String name() {
        return name;
    }

    /** The argument record type. */
    public Class<A> argsType() {
        return argsType;
    }

    /** The names of the buffer operands, in record order. */
    public List<String> operands() {
        return List.copyOf(operands);
    }

    /** The names of the attributes (every non-buffer component), in record order. */
    public List<String> attributes() {
        return List.copyOf(attributes);
    }

    /** The buffers of {@code args} (its {@link Buffer} and {@code Buffer[]} components, in record order, nulls left out). */
    public List<Buffer> buffers(A args) {
        List<Buffer> out = new ArrayList<>();
        for (Method accessor : operandAccessors) {
            Object value;
            try {
                value = accessor.invoke(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("fused op " + name + ": cannot read operand " + accessor.getName(), e);
            }
            if (value instanceof Buffer b) {
                out.add(b);
            } else if (value instanceof Buffer[] array) {
                for (Buffer b : array) {
                    if (b != null) {
                        out.add(b);
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code args} with every buffer operand ({@link Buffer} components and the entries of {@code Buffer[]} ones)
     * replaced by {@code map} of it and every attribute kept: the same op over other buffers, e.g. converted copies.
     */
    public A withBuffers(A args, UnaryOperator<Buffer> map) {
        RecordComponent[] components = argsType.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                Object v = components[i].getAccessor().invoke(args);
                if (v instanceof Buffer b) {
                    v = map.apply(b);
                } else if (v instanceof Buffer[] array) {
                    Buffer[] mapped = array.clone();
                    for (int k = 0; k < mapped.length; k++) {
                        mapped[k] = mapped[k] == null ? null : map.apply(mapped[k]);
                    }
                    v = mapped;
                }
                values[i] = v;
            }
            return argsType.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fused op " + name + ": cannot rebuild its " + argsType.getSimpleName(), e);
        }
    }

    /** The op that computes this op's gradient, or null. */
    public FusedOp<?> backward() {
        return backward;
    }

    /** The names of this op's GPU kernels (before any dtype suffix), or none when it declared no grid. */
    public List<String> kernels() {
        if (grid == null) {
            return List.of();
        }
        if (variants.isEmpty()) {
            return List.of(snakeName());
        }
        return variants.stream().map(v -> snakeName() + "_" + v).toList();
    }

    /**
     * The grid of the GPU kernel for {@code args}.
     *
     * @throws IllegalStateException when this op declared no grid, or the grid names an undeclared variant
     */
    public KernelGrid grid(A args) {
        if (grid == null) {
            throw new IllegalStateException("fused op " + name + " declares no kernel grid");
        }
        KernelGrid g = grid.apply(args);
        if (variants.isEmpty() ? !g.variant().isEmpty() : !variants.contains(g.variant())) {
            throw new IllegalStateException("fused op " + name + ": grid variant '" + g.variant()
                    + "' is not one of the declared " + variants);
        }
        return g;
    }

    /** The name of the kernel that runs {@code grid} (one of {@link #kernels}). */
    public String kernel(KernelGrid grid) {
        return grid.variant().isEmpty() ? snakeName() : snakeName() + "_" + grid.variant();
    }

    /**
     * The element type {@code T} a kernel is instantiated for: the dtype of the first buffer operand of
     * {@code args} that is present.
     *
     * @throws IllegalArgumentException when no buffer operand is present
     */
    public DType elementType(A args) {
        for (RecordComponent c : argsType.getRecordComponents()) {
            if (c.getType() == Buffer.class) {
                try {
                    Buffer b = (Buffer) c.getAccessor().invoke(args);
                    if (b != null) {
                        return b.dtype();
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + argsType.getName() + "." + c.getName(), e);
                }
            }
        }
        throw new IllegalArgumentException("fused op " + name + ": no buffer operand in " + args);
    }

    private String snakeName() {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Runs the backend's registered kernel for this op, or the default composition when it has none. */
    public void run(Backend backend, A args) {
        FusedKernel<A> kernel = backend.fusedKernels().find(this);
        (kernel != null ? kernel : composition).run(backend, args);
    }

    /** Runs the default composition, whatever the backend registered (kernels use it for cases they do not cover). */
    public void runDefault(Backend backend, A args) {
        composition.run(backend, args);
    }

    @Override
    public String toString() {
        return name + operands + attributes;
    }
}
