package dev.tessera;

/**
 * A snapshot of one device's memory accounting, in bytes.
 *
 * @param bytesInUse   bytes held by live buffers (tensors and backend temporaries)
 * @param peakBytes    the largest {@code bytesInUse} seen since the device was opened or the peak was reset
 * @param bytesCached  bytes kept by the backend's allocator cache for reuse (not in use; 0 without a cache)
 * @param liveBuffers  number of live buffers
 */
public record MemoryStats(long bytesInUse, long peakBytes, long bytesCached, long liveBuffers) {
    @Override
    public String toString() {
        return String.format("in use %,d B (%d buffers), peak %,d B, cached %,d B",
                bytesInUse, liveBuffers, peakBytes, bytesCached);
    }
}
