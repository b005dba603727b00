package dev.tessera.search;

/** Whether a search wants the lowest score (a loss or error) or the highest (an accuracy). */
public enum Goal {
    /** Lower is better. */
    MINIMIZE,
    /** Higher is better. */
    MAXIMIZE;

    /** Whether {@code a} is strictly better than {@code b}; NaN (a failed trial) is worse than anything. */
    public boolean better(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return this == MINIMIZE ? a < b : a > b;
    }
}
