package dev.tessera;

import dev.tessera.backend.Buffer;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The device buffer behind one or more tensors (a tensor and its views), reference counted: the buffer goes back to
 * the backend when the last tensor using it is closed. A {@link Cleaner} frees it as a last resort when every tensor
 * became unreachable without being closed; in debug mode that leak is logged with the creation site.
 */
final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOG = System.getLogger("dev.tessera.leaks");
    private static final AtomicLong LEAKED = new AtomicLong();

    final Device device;
    final Buffer buffer;
    private int refs = 1;
    /** Bumped by every in-place write, so autograd can detect saved tensors that changed. */
    volatile int version;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    Storage(Device device, Buffer buffer) {
        this.device = device;
        this.buffer = buffer;
        this.release = new Release(device, buffer, Tessera.isDebug() ? new Throwable("tensor created here") : null);
        this.cleanable = CLEANER.register(this, release);
    }

    synchronized void retain() {
        if (refs <= 0) {
            throw new IllegalStateException("storage already released");
        }
        refs++;
    }

    void release() {
        boolean last;
        synchronized (this) {
            last = --refs == 0;
        }
        if (last) {
            release.explicit = true;
            cleanable.clean();
        }
    }

    synchronized int refCount() {
        return refs;
    }

    /** Number of buffers freed by the garbage collector instead of by close() since start. */
    static long leakedBuffers() {
        return LEAKED.get();
    }

    /** The cleaning action; holds no reference to the Storage. */
    private static final class Release implements Runnable {
        private final Device device;
        private final Buffer buffer;
        private final Throwable createdAt;
        volatile boolean explicit;

        Release(Device device, Buffer buffer, Throwable createdAt) {
            this.device = device;
            this.buffer = buffer;
            this.createdAt = createdAt;
        }

        @Override
        public void run() {
            if (!explicit) {
                LEAKED.incrementAndGet();
                if (createdAt != null) {
                    LOG.log(System.Logger.Level.WARNING, "leak: a " + buffer.dtype() + " buffer of " + buffer.numel()
                            + " elements on " + device + " was never closed", createdAt);
                }
            }
            device.release(buffer);
        }
    }
}
