package dev.tessera.optim.schedule;

/** Whether a monitored metric improves by going down (a loss or error) or up (an accuracy). */
public enum Mode {
    /** Lower is better. */
    MIN,
    /** Higher is better. */
    MAX
}
