package dev.tessera.backend;

/**
 * Distributions the random primitive draws from. Every one is a pure function of (seed, stream offset, element
 * index) through Philox4x32-10, as specified in {@link dev.tessera.random.Philox}, so every backend produces the
 * same bits.
 */
public enum RandomDistribution {
    /** Uniform on {@code [a, b)}: {@code a + (b - a) * u}, u from {@link dev.tessera.random.Philox#uniform}. */
    UNIFORM,
    /** Normal with mean a and standard deviation b, by Box-Muller on two stream words per element. */
    NORMAL,
    /** 1 with probability a, else 0: {@code u < a}. */
    BERNOULLI;

    /** Stream words one element consumes. */
    public int wordsPerElement() {
        return this == NORMAL ? 2 : 1;
    }
}
