package dev.tessera;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A seeded source of random streams: a seed and a stream offset (in Philox words) that each draw advances.
 *
 * <p>The numbers a draw produces depend only on (seed, offset, element index), as specified in
 * {@link dev.tessera.random.Philox}, so they are the same on every backend. Saving {@link #offset()} and
 * restoring it with {@link #setOffset} resumes the exact sequence (checkpoints do this). Thread-safe.
 */
public final class Generator {
    private static volatile Generator global = new Generator(Long.getLong("tessera.seed", 0x5EEDL));
    private final long seed;
    private final AtomicLong offset = new AtomicLong();

    /** A generator at offset 0 of the stream of {@code seed}. */
    public Generator(long seed) {
        this.seed = seed;
    }

    /** The process-wide generator used when none is given (seed from {@code -Dtessera.seed}, default 0x5EED). */
    public static Generator global() {
        return global;
    }

    /** Replaces the global generator with a fresh one for {@code seed}. */
    public static void manualSeed(long seed) {
        global = new Generator(seed);
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The stream offset of the next draw. */
    public long offset() {
        return offset.get();
    }

    /** Moves the stream offset (a multiple of 4), e.g. to resume from a checkpoint. */
    public void setOffset(long newOffset) {
        if (newOffset < 0 || (newOffset & 3) != 0) {
            throw new IllegalArgumentException("Generator.setOffset: offset must be a non-negative multiple of 4, got "
                    + newOffset);
        }
        offset.set(newOffset);
    }

    /**
     * Reserves {@code words} stream words for one draw and returns the offset it starts at; the offset advances by
     * {@code words} rounded up to a multiple of 4, so every draw starts on a Philox block.
     */
    public long reserve(long words) {
        long rounded = (words + 3) & ~3L;
        return offset.getAndAdd(rounded);
    }

    /** A new generator whose seed is drawn from this one (for per-worker or per-trial streams). */
    public Generator fork() {
        long at = reserve(2);
        long hi = dev.tessera.random.Philox.word(seed, at) & 0xffffffffL;
        long lo = dev.tessera.random.Philox.word(seed, at + 1) & 0xffffffffL;
        return new Generator((hi << 32) | lo);
    }

    @Override
    public String toString() {
        return "Generator(seed=" + seed + ", offset=" + offset.get() + ")";
    }
}
