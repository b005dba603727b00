package dev.tessera.spark;

import dev.tessera.random.FisherYates;
import java.util.SplittableRandom;

/**
 * The order in which a worker visits its shard: in epoch e, worker r visits a permutation of its n rows drawn from a
 * generator seeded by (seed, e, r) (Fisher-Yates), in consecutive batches of B rows; the last n mod B rows of a
 * permutation are left out of that epoch. A pure function, so a retried task and a single-process reference replay
 * exactly the same batches: the global batch of step t is the concatenation, in rank order, of every worker's batch
 * {@code t mod stepsPerEpoch} of epoch {@code t / stepsPerEpoch}.
 */
public final class ShardOrder {
    private ShardOrder() {
    }

    /**
     * The row indices (into the shard) of batch {@code b} of {@code epoch} for worker {@code rank}.
     *
     * @throws IllegalArgumentException when the batch does not fit in the shard
     */
    public static int[] batch(long seed, long epoch, int rank, int shardSize, int batchSize, int b) {
        if (batchSize < 1 || b < 0 || (long) (b + 1) * batchSize > shardSize) {
            throw new IllegalArgumentException("ShardOrder.batch: batch " + b + " of " + batchSize + " rows does not fit"
                    + " in a shard of " + shardSize + " rows");
        }
        int[] perm = permutation(seed, epoch, rank, shardSize);
        int[] out = new int[batchSize];
        System.arraycopy(perm, b * batchSize, out, 0, batchSize);
        return out;
    }

    /** The permutation of {@code 0..n-1} that worker {@code rank} follows in {@code epoch}. */
    public static int[] permutation(long seed, long epoch, int rank, int n) {
        long mixed = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + rank * 0x94D049BB133111EBL;
        return FisherYates.permutation(n, new SplittableRandom(mixed)::nextInt);
    }
}
