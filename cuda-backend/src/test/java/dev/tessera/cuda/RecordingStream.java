package dev.tessera.cuda;

import dev.tessera.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Stream} that records what the op classes ask for instead of running it: each launch with its kernel,
 * launch shape and traced argument block; each copy and fill; scratch buffers at fake addresses.
 */
final class RecordingStream implements Stream {
    /** One recorded launch: the kernel, its shape, the fields written and the raw slot values. */
    record Launch(String kernel, LaunchConfig config, List<KernelArgs.Field> fields, long[] slots) {
        /** The raw value of the first slot of field {@code name}. */
        long value(String name) {
            int at = 0;
            for (KernelArgs.Field f : fields) {
                if (f.name().equals(name)) {
                    return slots[at];
                }
                at += f.slots();
            }
            throw new AssertionError("no field " + name + " in " + fields);
        }

        /** The raw values of array field {@code name}. */
        long[] values(String name) {
            int at = 0;
            for (KernelArgs.Field f : fields) {
                if (f.name().equals(name)) {
                    return java.util.Arrays.copyOfRange(slots, at, at + f.slots());
                }
                at += f.slots();
            }
            throw new AssertionError("no field " + name + " in " + fields);
        }

        double doubleValue(String name) {
            return Double.longBitsToDouble(value(name));
        }
    }

    final List<Launch> launches = new ArrayList<>();
    final List<String> memoryOps = new ArrayList<>();
    final List<CudaBuffer> live = new ArrayList<>();
    private final KernelArgs args = new KernelArgs().traced();
    private final int multiprocessors;
    private long nextAddress = 0x7f0000000000L;

    RecordingStream(int multiprocessors) {
        this.multiprocessors = multiprocessors;
    }

    /** A buffer at a fresh fake address (256-byte aligned, like cuMemAlloc's). */
    CudaBuffer buffer(DType dtype, long numel) {
        long bytes = Math.max(256, CachingAllocator.bucketSize(numel * dtype.byteSize()));
        Block b = new Block(bytes, nextAddress, null);
        nextAddress += (bytes + 255) / 256 * 256;
        return new CudaBuffer(dtype, numel, numel == 0 ? null : b, null);
    }

    @Override
    public KernelArgs args() {
        return args.reset();
    }

    @Override
    public void launch(String name, LaunchConfig config) {
        long[] slots = new long[args.size() / 8];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = args.slot(i);
        }
        launches.add(new Launch(name, config, List.copyOf(args.trace()), slots));
    }

    @Override
    public void copy(CudaBuffer dst, long dstIndex, CudaBuffer src, long srcIndex, long bytes) {
        memoryOps.add("copy " + bytes + " bytes from " + src.address(srcIndex) + " to " + dst.address(dstIndex));
    }

    @Override
    public void fill32(CudaBuffer dst, long index, int pattern, long count) {
        memoryOps.add("fill32 " + count + " x 0x" + Integer.toHexString(pattern) + " at " + dst.address(index));
    }

    @Override
    public CudaBuffer scratch(DType dtype, long numel) {
        CudaBuffer b = buffer(dtype, numel);
        live.add(b);
        return b;
    }

    @Override
    public void release(CudaBuffer buffer) {
        if (!live.remove(buffer)) {
            throw new AssertionError("released a buffer that is not live scratch: " + buffer);
        }
    }

    @Override
    public int multiprocessors() {
        return multiprocessors;
    }

    Launch only() {
        if (launches.size() != 1) {
            throw new AssertionError("expected one launch, got " + launches.size() + ": " + launches);
        }
        return launches.get(0);
    }
}
