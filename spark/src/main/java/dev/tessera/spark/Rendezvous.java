package dev.tessera.spark;

import java.util.List;

/**
 * The meeting point of the workers: each one offers a message and gets every worker's message, in rank order. In a
 * Spark barrier stage this is {@code BarrierTaskContext.allGather}.
 */
@FunctionalInterface
public interface Rendezvous {
    /** Every worker's message, indexed by rank; blocks until all have offered theirs. */
    List<String> allGather(String message);
}
