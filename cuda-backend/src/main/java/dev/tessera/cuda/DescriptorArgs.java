package dev.tessera.cuda;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.UnaryOp;
import java.lang.reflect.RecordComponent;

/**
 * Packs a fused op's argument record (engine {@code dev.tessera.backend.fused}) into a kernel's argument block, one
 * 8-byte field per component in the record's order and under the component's name, so the kernel's struct in the
 * .cu file mirrors the descriptor instead of a hand-written list of writes: a buffer is its device address (0 for
 * null), int/long/boolean are i64 (boolean as 0/1), double is f64, an enum constant (an activation
 * {@link UnaryOp}, a recurrent cell kind) is its ordinal (-1 for none), and a nested record (such as a ConvShape)
 * is its components in turn, named {@code outer.inner}. KernelMarshallingTest compares the packed fields with the
 * structs.
 */
final class DescriptorArgs {
    private DescriptorArgs() {
    }

    /** Writes every component of {@code record} into {@code args}, in order. */
    static KernelArgs write(KernelArgs args, Record record) {
        return write(args, record, "");
    }

    private static KernelArgs write(KernelArgs args, Record record, String prefix) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            String name = prefix + c.getName();
            Object v = value(record, c);
            Class<?> t = c.getType();
            if (t == Buffer.class) {
                args.ptr(name, v == null ? 0 : device(record, name, (Buffer) v).address(0));
            } else if (t == int.class || t == long.class) {
                args.i64(name, ((Number) v).longValue());
            } else if (t == boolean.class) {
                args.i64(name, (Boolean) v ? 1 : 0);
            } else if (t == double.class) {
                args.f64(name, (Double) v);
            } else if (t.isEnum()) {
                args.i64(name, v == null ? -1 : ((Enum<?>) v).ordinal());
            } else if (t.isRecord()) {
                write(args, (Record) v, name + ".");
            } else {
                throw new IllegalArgumentException(record.getClass().getSimpleName() + "." + name + ": a " + t
                        + " component has no kernel-argument encoding");
            }
        }
        return args;
    }

    private static Object value(Record record, RecordComponent c) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + record.getClass().getName() + "." + c.getName(), e);
        }
    }

    private static CudaBuffer device(Record record, String name, Buffer b) {
        if (b instanceof CudaBuffer c) {
            return c;
        }
        throw new IllegalArgumentException(record.getClass().getSimpleName() + "." + name
                + " is not a CUDA buffer: " + b);
    }
}
