package dev.tessera.backend.fused;

import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

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
 * @param <A> the argument record
 */
public final class FusedOp<A extends Record> {
    private final String name;
    private final Class<A> argsType;
    private final FusedKernel<A> composition;
    private final FusedOp<?> backward;
    private final List<String> operands = new ArrayList<>();
    private final List<String> attributes = new ArrayList<>();
    private final List<Method> operandAccessors = new ArrayList<>();

    private FusedOp(String name, Class<A> argsType, FusedKernel<A> composition, FusedOp<?> backward) {
        this.name = name;
        this.argsType = argsType;
        this.composition = composition;
        this.backward = backward;
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
        return new FusedOp<>(name, argsType, composition, backward);
    }

    /** A fused op without a backward op (a gradient itself, or an in-place update such as an optimizer step). */
    public static <A extends Record> FusedOp<A> of(String name, Class<A> argsType, FusedKernel<A> composition) {
        return new FusedOp<>(name, argsType, composition, null);
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

    /** The op that computes this op's gradient, or null. */
    public FusedOp<?> backward() {
        return backward;
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
