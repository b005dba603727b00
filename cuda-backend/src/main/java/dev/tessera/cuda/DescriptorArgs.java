package dev.tessera.cuda;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.fused.KernelArguments;

/**
 * Packs an argument record (a fused op's, engine {@code dev.tessera.backend.fused}, or a primitive's) into a
 * kernel's argument block, one 8-byte field per component in the record's order and under the component's name
 * ({@link KernelArguments}), so the kernel's struct in the .cu file mirrors the record instead of a hand-written
 * list of writes: a buffer is its device address (0 for null), every integer (int, long, boolean as 0/1, enum
 * ordinal or -1) is i64, a real is f64, and a nested record (such as a ConvShape) is its components in turn, named
 * {@code outer.inner}.
 * KernelMarshallingTest compares the packed fields with the structs.
 */
final class DescriptorArgs {
    private DescriptorArgs() {
    }

    /** Writes every component of {@code record} into {@code args}, in order. */
    static KernelArgs write(KernelArgs args, Record record) {
        KernelArguments.walk(record, new KernelArguments.Sink() {
            @Override
            public void buffer(String name, Buffer value) {
                args.ptr(name, value == null ? 0 : device(record, name, value).address(0));
            }

            @Override
            public void integer(String name, long value, boolean wide) {
                args.i64(name, value);
            }

            @Override
            public void real(String name, double value) {
                args.f64(name, value);
            }
        });
        return args;
    }

    private static CudaBuffer device(Record record, String name, Buffer b) {
        if (b instanceof CudaBuffer c) {
            return c;
        }
        throw new IllegalArgumentException(record.getClass().getSimpleName() + "." + name
                + " is not a CUDA buffer: " + b);
    }
}
