package dev.tessera.autograd;

/**
 * Per-thread switch that decides whether ops record the autograd graph.
 *
 * <pre>{@code
 * try (GradMode.Guard g = GradMode.noGrad()) {
 *     // inference or in-place parameter updates: no graph is recorded
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    private GradMode() {
    }

    /** Whether ops on this thread record gradients. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Disables recording on this thread until the returned guard is closed. */
    public static Guard noGrad() {
        return set(false);
    }

    /** Enables recording on this thread until the returned guard is closed. */
    public static Guard enableGrad() {
        return set(true);
    }

    private static Guard set(boolean on) {
        boolean[] state = ENABLED.get();
        Guard g = new Guard(state, state[0]);
        state[0] = on;
        return g;
    }

    /** Restores the previous mode when closed. */
    public static final class Guard implements AutoCloseable {
        private final boolean[] state;
        private final boolean previous;

        private Guard(boolean[] state, boolean previous) {
            this.state = state;
            this.previous = previous;
        }

        @Override
        public void close() {
            state[0] = previous;
        }
    }
}
