package dev.tessera.spark;

import java.io.Serializable;

/**
 * What one worker returns from a barrier stage (a segment of steps between two checkpoints).
 *
 * @param rank            the worker
 * @param checkpoint      the checkpoint after the segment (Tessera checkpoint bytes), from worker 0 only, else null
 * @param losses          the global mean training loss of each step of the segment (mean of the workers' batch means)
 * @param bytesSent       bytes this worker sent through the all-reduce in the segment
 * @param allReduceNanos  time this worker spent in all-reduce calls
 * @param computeNanos    time this worker spent in forward, backward and the optimizer
 */
public record SegmentResult(int rank, byte[] checkpoint, double[] losses, long bytesSent, long allReduceNanos,
                            long computeNanos) implements Serializable {
}
