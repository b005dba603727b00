package dev.tessera.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * One device allocation as the caching allocator hands it out: its size in bytes (a bucket size), its device
 * address, and the JCuda pointer it was allocated through (null for fake memory in tests).
 */
final class Block {
    final long size;
    final long address;
    final CUdeviceptr pointer;

    Block(long size, long address, CUdeviceptr pointer) {
        this.size = size;
        this.address = address;
        this.pointer = pointer;
    }

    @Override
    public String toString() {
        return "block(" + size + " B at 0x" + Long.toHexString(address) + ")";
    }
}
