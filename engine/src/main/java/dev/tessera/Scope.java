package dev.tessera;

import java.util.ArrayList;

/**
 * A lifetime region for tensors: every tensor created on this thread while the scope is the innermost open one is
 * closed when the scope closes, unless it was handed out with {@link #keep}.
 *
 * <pre>{@code
 * try (Scope scope = Scope.open()) {
 *     Tensor loss = model.forward(x).softmaxCrossEntropy(y, null, 0).mean();
 *     loss.backward();
 *     return scope.keep(loss.detach());   // survives; everything else created here is closed
 * }
 * }</pre>
 * Scopes nest and must be closed innermost first, on the thread that opened them. Tensors created outside any
 * scope (parameters, optimizer state) are closed only explicitly or, as a last resort, by the garbage collector.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    private final Scope parent;
    private final Thread thread = Thread.currentThread();
    private final ArrayList<Tensor> tracked = new ArrayList<>();
    private final boolean internal;
    private boolean closed;

    private Scope(Scope parent, boolean internal) {
        this.parent = parent;
        this.internal = internal;
    }

    /** Opens a scope nested in the current one. */
    public static Scope open() {
        return open(false);
    }

    /**
     * Opens the scope of a composite op (mean, var, clamp, matmul of vectors, linear, ...): like {@link #open()},
     * except that a temporary which a recorded graph node saved for its backward rule is handed to the enclosing
     * scope (as by {@link #keep}) instead of being closed, because the graph returned by the op still needs it.
     * Closing it here would make a later {@code backward()} fail. Other temporaries are closed as usual.
     */
    static Scope openInternal() {
        return open(true);
    }

    private static Scope open(boolean internal) {
        Scope s = new Scope(CURRENT.get(), internal);
        CURRENT.set(s);
        return s;
    }

    /** The innermost open scope of this thread, or null. */
    public static Scope current() {
        return CURRENT.get();
    }

    /**
     * Hands {@code tensor} out of this scope: it moves to the enclosing scope (or to no scope if this is the
     * outermost), so closing this scope does not close it. Returns the tensor.
     */
    public <T extends Tensor> T keep(T tensor) {
        if (tensor != null && tensor.owner == this) {
            tensor.owner = parent;
            if (parent != null) {
                parent.tracked.add(tensor);
            }
        }
        return tensor;
    }

    /**
     * Takes {@code tensor} out of scope management altogether, whichever scope tracks it: no scope will close it, so
     * its holder must (or, as a last resort, the garbage collector). For state that outlives any step but may be
     * created inside one: parameters, optimizer moments, running statistics. Returns the tensor.
     */
    public static <T extends Tensor> T persist(T tensor) {
        if (tensor != null) {
            untrack(tensor);
        }
        return tensor;
    }

    /** {@link #keep} for several tensors. */
    public void keepAll(Tensor... tensors) {
        for (Tensor t : tensors) {
            keep(t);
        }
    }

    /** Number of tensors this scope will close (for tests and leak hunting). */
    public int trackedCount() {
        int n = 0;
        for (Tensor t : tracked) {
            if (t.owner == this && !t.isClosed()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Throws unless the current thread is {@code owner}, the thread that opened the scope {@code op} closes: a
     * thread's scopes nest, so only that thread may close one.
     */
    static void checkClosingThread(String op, Thread owner) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(op + ": a scope must be closed on the thread that opened it ("
                    + owner.getName() + ")");
        }
    }

    /** Closes every tensor created in this scope and not kept. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkClosingThread("Scope.close", thread);
        if (CURRENT.get() != this) {
            throw new IllegalStateException("Scope.close: an inner scope is still open; close scopes innermost first");
        }
        closed = true;
        CURRENT.set(parent);
        for (int i = tracked.size() - 1; i >= 0; i--) {
            Tensor t = tracked.get(i);
            if (t.owner == this && internal && t.savedForBackward && !t.isClosed()) {
                keep(t);
            } else if (t.owner == this) {
                t.owner = null;
                t.close();
            }
        }
        tracked.clear();
    }

    /** Registers a new tensor with the current scope, if any. */
    static void track(Tensor t) {
        Scope s = CURRENT.get();
        if (s != null) {
            t.owner = s;
            s.tracked.add(t);
        }
    }

    /** Makes this scope the owner of {@code t}, which no scope owns (none, once this scope is closed). */
    void adopt(Tensor t) {
        if (!closed) {
            t.owner = this;
            tracked.add(t);
        }
    }

    /** Removes a tensor from scope management (it becomes owned by whoever holds it, e.g. a leaf's grad). */
    static void untrack(Tensor t) {
        t.owner = null;
    }
}
