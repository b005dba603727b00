package dev.tessera.optim.schedule;

/** Whether a monitored metric improves by going down (a loss or error) or up (an accuracy). */
public enum Mode {
    /** Lower is better. */
    MIN,
    /** Higher is better. */
    MAX;

    /** The value every metric improves on: +inf for MIN, -inf for MAX. */
    public double worst() {
        return this == MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
}
