package dev.tessera.spark;

import dev.tessera.search.Objective;
import java.io.Serializable;

/** An {@link Objective} that can be shipped to executors: one trial of a distributed search runs as one Spark task. */
@FunctionalInterface
public interface SparkObjective extends Objective, Serializable {
}
