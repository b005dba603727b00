package dev.tessera.spark;

/**
 * How the workers sum their vectors each step.
 * <ul>
 * <li>{@link #RING}: a ring all-reduce over TCP between the tasks (reduce-scatter then all-gather, as Horovod and
 *     Gloo do): each worker sends and receives 2(N-1)/N times the vector per step, independent of N; the driver
 *     only brokers the rendezvous.</li>
 * <li>{@link #GATHER}: Spark's own {@code BarrierTaskContext.allGather}: every worker sends its whole vector to
 *     the driver, which returns all N vectors to every worker (N times the vector received per worker, N^2 through
 *     the driver); simple and needs no open ports between executors, but it does not scale past a few workers.</li>
 * </ul>
 * Both sum in an order fixed by the ranks, so a run is reproducible bit for bit.
 */
public enum AllReduceKind {
    RING,
    GATHER
}
