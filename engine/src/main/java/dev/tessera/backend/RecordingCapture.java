package dev.tessera.backend;

/**
 * A {@link StepCapture} that any backend can offer: while capturing, the device's work goes to a recording proxy
 * that keeps every compute call as a closure over its arguments; a replay runs them in order on the real backend.
 * On the cpu and reference backends this is their graph (a replay skips the host work of autograd and dispatch),
 * and it lets tests check captured steps against eager ones without a GPU.
 */
public final class RecordingCapture implements StepCapture {
    private final Backend backend;
    private RecordingBackend open;

    /** Step capture for {@code backend}. */
    public RecordingCapture(Backend backend) {
        this.backend = backend;
    }

    @Override
    public synchronized Backend begin() {
        if (open != null) {
            throw new IllegalStateException("step capture on " + backend.deviceSpec() + ": a capture is already open");
        }
        open = new RecordingBackend(backend);
        return open;
    }

    @Override
    public synchronized CapturedGraph end() {
        if (open == null) {
            throw new IllegalStateException("step capture on " + backend.deviceSpec() + ": end() without begin()");
        }
        CapturedGraph g = open.finish();
        open = null;
        return g;
    }

    @Override
    public synchronized void abort() {
        if (open != null) {
            open.discard();
            open = null;
        }
    }
}
