package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.AbstractBuffer;
import org.jocl.cl_mem;

/**
 * A Tessera buffer on an OpenCL device: {@code numel} elements of one dtype at the start of a pooled
 * {@code cl_mem} of {@code capacityBytes} (a size bucket, at least the buffer's bytes).
 */
final class ClBuffer extends AbstractBuffer {
    final cl_mem mem;
    final long capacityBytes;
    /** The backend that owns the memory (checked when a buffer is handed back). */
    final Object owner;
    private boolean freed;

    ClBuffer(DType dtype, long numel, cl_mem mem, long capacityBytes, Object owner) {
        super(dtype, numel);
        this.mem = mem;
        this.capacityBytes = capacityBytes;
        this.owner = owner;
    }

    /** Marks the buffer as returned; false when it already was (a double free). */
    synchronized boolean markFreed() {
        if (freed) {
            return false;
        }
        freed = true;
        return true;
    }

    @Override
    public String toString() {
        return "opencl buffer(" + dtype() + " x " + numel() + ")";
    }
}
