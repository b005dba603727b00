package dev.tessera.optim;

/** Hyperparameter checks whose messages name the optimizer, the argument, the accepted range and the value. */
final class Hyper {
    private Hyper() {
    }

    static void nonNegative(String owner, String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, inf), got " + v);
        }
    }

    static void unitOpen(String owner, String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1), got " + v);
        }
    }

    static void unitClosed(String owner, String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1], got " + v);
        }
    }
}
