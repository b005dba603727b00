package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.backend.AbstractBuffer;
import jcuda.driver.CUdeviceptr;

/**
 * A buffer in device memory: {@code numel} elements of one dtype at the start of a caching-allocator block (no
 * block for an empty buffer). Freed exactly once, back to the allocator's cache.
 */
final class CudaBuffer extends AbstractBuffer {
    private final Block block;
    private final CudaBackend owner;

    CudaBuffer(DType dtype, long numel, Block block, CudaBackend owner) {
        super(dtype, numel);
        this.block = block;
        this.owner = owner;
    }

    /** The allocator block, or null for an empty buffer. */
    Block block() {
        return block;
    }

    /** The backend that allocated this buffer. */
    CudaBackend owner() {
        return owner;
    }

    /** Device address of element {@code index} (0 for an empty buffer, which no kernel ever reads). */
    long address(long index) {
        return block == null ? 0 : block.address + index * dtype().byteSize();
    }

    /** A JCuda pointer to element {@code index}, for driver copies and cuBLAS. */
    CUdeviceptr pointer(long index) {
        return block.pointer.withByteOffset(index * dtype().byteSize());
    }

    @Override
    public String toString() {
        return "cuda " + dtype() + " x " + numel() + (block == null ? "" : " at 0x" + Long.toHexString(block.address));
    }
}
