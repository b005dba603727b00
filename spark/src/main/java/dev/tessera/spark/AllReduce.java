package dev.tessera.spark;

/**
 * A collective sum across the N workers of one barrier stage: after {@link #sum}, every worker's array holds the
 * elementwise sum of all workers' arrays, bit for bit the same on every worker. Every worker must call it the same
 * number of times with arrays of the same length.
 */
public interface AllReduce extends AutoCloseable {
    /** Replaces {@code data} by the sum over the workers. */
    void sum(float[] data);

    /** Bytes this worker has sent so far. */
    long bytesSent();

    /** Releases the connections. */
    @Override
    void close();
}
