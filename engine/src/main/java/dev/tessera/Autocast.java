package dev.tessera;

import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.UnaryOp;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Automatic mixed precision, as {@code torch.autocast}: a thread-local scope in which each op picks its own compute
 * type.
 *
 * <pre>{@code
 * try (Autocast a = Autocast.enable(DType.BFLOAT16)) {
 *     Tensor loss = lossFn.compute(model.forward(x), y);   // GEMMs in BF16, the loss in FLOAT32
 * }
 * loss.backward();                                           // FLOAT32 gradients on FLOAT32 parameters
 * }</pre>
 *
 * <h2>Op policy (PyTorch's CUDA op lists)</h2>
 * <ul>
 *   <li><b>Half</b>: matmul, linear (the fused bias-activation layer), conv2d, conv2dTranspose and the recurrent
 *       GEMMs ({@link Recurrence}) cast their FLOAT32 inputs to the scope's half type and return that type
 *       (products accumulate in FLOAT32 all the same).</li>
 *   <li><b>FLOAT32</b>: softmax, log-softmax, the losses (cross-entropy and the losses of {@code dev.tessera.loss}),
 *       sum (so mean, var and the norms built on them), logsumexp, exp, log, log1p, expm1, rsqrt, reciprocal,
 *       softplus and pow cast half inputs up to FLOAT32 and return FLOAT32.</li>
 *   <li><b>Promote</b>: every other op with several inputs runs in the widest of their types (ordinary promotion);
 *       single-input ops keep their input's type.</li>
 * </ul>
 * FLOAT64 tensors are never cast (as in PyTorch). Casts are recorded like {@link Tensor#to(DType)}, so gradients
 * flow back through them: parameters stay FLOAT32 (master weights) and so do their gradients.
 *
 * <h2>Weight-cast cache</h2>
 * Within the outermost enabled scope, the half copy of a leaf tensor that requires a gradient (a parameter) is made
 * once and reused by every op that lowers it, as PyTorch's autocast cache does; the cache is emptied when the
 * outermost enabled scope closes. Cached copies belong to the {@link Scope} that was current when that outermost
 * scope opened (they outlive inner scopes, since a backward pass after the autocast scope still reads them).
 *
 * <h2>Nesting</h2>
 * Scopes nest per thread and close innermost first; {@link #disable()} opens a scope in which no op is cast (ops
 * see their inputs' types, and the inner code may cast by hand), {@link #enable} inside another picks a new type.
 *
 * @see #enable(DType)
 */
public final class Autocast implements AutoCloseable {
    private static final Set<UnaryOp> FLOAT32_UNARY = EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.LOG1P,
            UnaryOp.EXPM1, UnaryOp.RSQRT, UnaryOp.RECIPROCAL, UnaryOp.SOFTPLUS);
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /** The open scopes of one thread (innermost last) and the weight-cast cache of its outermost enabled scope. */
    private static final class State {
        final ArrayDeque<Autocast> open = new ArrayDeque<>();
        final IdentityHashMap<Tensor, Tensor> cache = new IdentityHashMap<>();
        int enabled;
        Scope home;
    }

    private final DType half;
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private Autocast(DType half) {
        this.half = half;
    }

    /**
     * Opens a scope on this thread in which the GEMM-like ops run in {@code half} (see the class policy).
     *
     * @throws IllegalArgumentException when {@code half} is not FLOAT16 or BFLOAT16
     */
    public static Autocast enable(DType half) {
        if (half == null || !half.isHalf()) {
            throw new IllegalArgumentException("Autocast.enable: the compute type must be FLOAT16 or BFLOAT16, got "
                    + half);
        }
        return push(new Autocast(half));
    }

    /** Opens a scope on this thread in which no op is cast, even inside an enabled scope. */
    public static Autocast disable() {
        return push(new Autocast(null));
    }

    private static Autocast push(Autocast a) {
        State s = STATE.get();
        if (a.half != null && s.enabled++ == 0) {
            s.home = Scope.current();
        }
        s.open.addLast(a);
        return a;
    }

    /** The half type ops are lowered to on this thread now, or null when no enabled scope is innermost. */
    public static DType active() {
        Autocast top = STATE.get().open.peekLast();
        return top == null ? null : top.half;
    }

    /**
     * Closes this scope; closing the outermost enabled scope of the thread empties the weight-cast cache (the cached
     * copies stay owned by their scope, since graphs recorded inside may still need them).
     *
     * @throws IllegalStateException on another thread, or while a scope opened inside this one is still open
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        Scope.checkClosingThread("Autocast.close", thread);
        State s = STATE.get();
        if (s.open.peekLast() != this) {
            throw new IllegalStateException("Autocast.close: an inner autocast scope is still open; close scopes "
                    + "innermost first");
        }
        closed = true;
        s.open.removeLast();
        if (half != null && --s.enabled == 0) {
            s.cache.clear();
            s.home = null;
        }
    }

    /**
     * The input of a half-policy op (matmul, linear, conv, recurrence, and a convolution layer's bias): {@code t} cast
     * to the active half type when it is FLOAT32, else {@code t} itself (also when autocast is off or {@code t} is
     * null). A parameter's copy comes from the weight-cast cache. Public so that layers outside the engine that add
     * a parameter to a half-policy op's result (the bias of {@code Conv2d}) keep that result in the half type, as
     * PyTorch's convolution with bias does.
     *
     * @throws IllegalStateException naming the device and the type when the device cannot store the half type
     */
    public static Tensor lower(Tensor t) {
        DType half = active();
        if (half == null || t == null || t.dtype() != DType.FLOAT32) {
            return t;
        }
        if (!t.device().supports(half)) {
            throw new IllegalStateException("autocast " + half + ": device " + t.device() + " cannot store "
                    + half + " tensors (run without autocast, or on a device that stores " + half + ")");
        }
        if (!t.isLeaf() || !t.requiresGrad()) {
            return t.to(half);
        }
        State s = STATE.get();
        Tensor cached = s.cache.get(t);
        if (cached == null || cached.isClosed()) {
            cached = t.to(half);
            Scope.untrack(cached);
            if (s.home != null) {
                s.home.adopt(cached);
            }
            s.cache.put(t, cached);
        }
        return cached;
    }

    /**
     * The input of a FLOAT32-policy op (softmax, losses, sum, exp, log, ...): {@code t} cast to FLOAT32 when autocast
     * is on and {@code t} is a half type, else {@code t} itself. Public so that ops outside the engine (the losses
     * of {@code dev.tessera.loss}) follow the policy too.
     */
    public static Tensor float32(Tensor t) {
        return active() != null && t != null && t.dtype().isHalf() ? t.to(DType.FLOAT32) : t;
    }

    /** {@link #float32} where {@code op} is on the FLOAT32 list, else {@code t}. */
    static Tensor float32(UnaryOp op, Tensor t) {
        return FLOAT32_UNARY.contains(op) ? float32(t) : t;
    }

    /** {@link #float32} where {@code op} is pow (the one binary op on the FLOAT32 list), else {@code t}. */
    static Tensor float32(BinaryOp op, Tensor t) {
        return op == BinaryOp.POW ? float32(t) : t;
    }
}
