package dev.tessera.backend;

import dev.tessera.MemoryStats;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe bytes-in-use, peak and live-buffer accounting that backends share for {@link Backend#memoryStats()}. */
public final class MemoryCounter {
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong live = new AtomicLong();

    /** Records a new buffer of {@code bytes}. */
    public void allocated(long bytes) {
        long now = inUse.addAndGet(bytes);
        live.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
    }

    /** Records that a buffer of {@code bytes} was freed. */
    public void freed(long bytes) {
        inUse.addAndGet(-bytes);
        live.decrementAndGet();
    }

    /** Sets the peak to the current usage. */
    public void resetPeak() {
        peak.set(inUse.get());
    }

    /** A snapshot, with {@code cachedBytes} supplied by the backend's allocator cache. */
    public MemoryStats snapshot(long cachedBytes) {
        return new MemoryStats(inUse.get(), peak.get(), cachedBytes, live.get());
    }
}
