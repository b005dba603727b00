package dev.tessera.backend.fused;

import dev.tessera.backend.Buffer;
import java.lang.reflect.RecordComponent;

/**
 * The argument list of a GPU kernel launched for a fused op, derived from the op's argument record: one argument
 * per record component, in the record's order and under its name. So a kernel's parameter list (OpenCL) or argument
 * struct (CUDA) mirrors the record, and a generic launcher binds any descriptor without a hand-written list.
 *
 * <p>Encodings, given to a {@link Sink}: a {@link Buffer} as itself (null for an absent operand: the kernel tests
 * its pointer); {@code int} and {@code boolean} (0/1) as narrow integers, {@code long} as a wide one; an enum
 * constant (an activation, a cell kind) as its ordinal, -1 for null; {@code double} as a real (the kernel's element
 * type on OpenCL, f64 on CUDA); a nested record (such as a {@code ConvShape}) as its own components between
 * {@link Sink#enter} and {@link Sink#exit}, named {@code outer.inner}. Any other component type has no encoding
 * and is refused (an op with buffer arrays, like the optimizer steps, keeps a hand-written launcher).
 */
public final class KernelArguments {
    private KernelArguments() {
    }

    /** Receives the arguments of one record in order. */
    public interface Sink {
        /** A buffer operand, or null. */
        void buffer(String name, Buffer value);

        /** An integer: {@code wide} for a Java {@code long}, else it fits an {@code int}. */
        void integer(String name, long value, boolean wide);

        /** A real attribute. */
        void real(String name, double value);

        /** A nested record starts; its components follow, then {@link #exit}. */
        default void enter(String name) {
        }

        /** The nested record {@code name} is complete. */
        default void exit(String name) {
        }
    }

    /**
     * Gives every component of {@code record} to {@code sink}, in order.
     *
     * @throws IllegalArgumentException naming the record and component when a component has no encoding
     */
    public static void walk(Record record, Sink sink) {
        walk(record, "", sink);
    }

    private static void walk(Record record, String prefix, Sink sink) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            String name = prefix + c.getName();
            Object v = value(record, c);
            Class<?> t = c.getType();
            if (t == Buffer.class) {
                sink.buffer(name, (Buffer) v);
            } else if (t == int.class) {
                sink.integer(name, (Integer) v, false);
            } else if (t == long.class) {
                sink.integer(name, (Long) v, true);
            } else if (t == boolean.class) {
                sink.integer(name, (Boolean) v ? 1 : 0, false);
            } else if (t == double.class) {
                sink.real(name, (Double) v);
            } else if (t.isEnum()) {
                sink.integer(name, v == null ? -1 : ((Enum<?>) v).ordinal(), false);
            } else if (t.isRecord()) {
                sink.enter(name);
                walk((Record) v, name + ".", sink);
                sink.exit(name);
            } else {
                throw new IllegalArgumentException(record.getClass().getSimpleName() + "." + name + ": a " + t
                        + " component has no kernel-argument encoding");
            }
        }
    }

    private static Object value(Record record, RecordComponent c) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + record.getClass().getName() + "." + c.getName(), e);
        }
    }
}
