package dev.tessera.cuda;

/**
 * Raw device memory under the {@link CachingAllocator}: the CUDA driver on a GPU ({@link DriverMemory}), a fake
 * in tests.
 */
interface DeviceMemory {
    /** A new block of exactly {@code bytes}, or null when the device does not have that much free memory. */
    Block allocate(long bytes);

    /** Returns a block to the device. Only called for blocks that no queued work uses any more. */
    void release(Block block);

    /** Waits until all queued device work has finished (so cached blocks can be released safely). */
    void synchronize();

    /** {@code {free, total}} bytes of device memory. */
    long[] freeAndTotal();
}
