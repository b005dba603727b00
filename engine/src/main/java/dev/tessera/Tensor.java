package dev.tessera;

import dev.tessera.autograd.GradMode;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.HostArrays;
import dev.tessera.backend.Operand;
import dev.tessera.backend.UnaryOp;
import java.util.Arrays;

/**
 * An n-dimensional array on one {@link Device}, with reverse-mode automatic differentiation.
 *
 * <p>A tensor is a strided view of a device buffer: views (reshape of a dense tensor, transpose, permute, slice,
 * expand, squeeze) share the buffer; every other op returns a new dense tensor. Binary ops broadcast like NumPy and
 * promote dtypes (INT32 with a float gives the float; FLOAT32 with FLOAT64 gives FLOAT64). Shape errors name the
 * op and the shapes.
 *
 * <p><b>Autograd.</b> Mark leaves with {@link #requiresGrad(boolean)}; ops on them record a graph while
 * {@link GradMode} is enabled; {@link #backward()} accumulates gradients into each leaf's {@link #grad()}.
 * Each primitive has exactly one backward rule (in {@code Derivatives}); composite ops get theirs for free.
 *
 * <p><b>Lifetime.</b> A tensor is {@link AutoCloseable}: closing it releases its share of the device buffer. A
 * {@link Scope} closes every tensor created inside it that was not kept; using a closed tensor throws
 * {@link TensorClosedException} (debug mode says where it was closed).
 *
 * <p><b>Threads.</b> Reading a tensor from several threads is safe: ops never modify their inputs, so any number of
 * threads may use one tensor as an operand at once (shared weights in inference). Not safe without the caller's own
 * synchronization: the documented in-place methods ({@code assign}, {@code fill}, {@code addInPlace}, ...), which
 * must not race with any other use of the same tensor; {@link #backward()} and {@link #zeroGrad()}, which write the
 * gradients of leaves (two threads must not run backward through graphs that share a leaf at the same time); and
 * {@link #close()} while another thread still uses the tensor. Grad mode ({@link GradMode}) and {@link Scope}s are
 * per thread: a tensor created on a thread belongs to that thread's innermost scope. See docs/RELIABILITY.md.
 */
public final class Tensor extends TensorElementwise implements AutoCloseable {
    /** Not final only for {@link #setData}, which moves a leaf (a module's parameter) to new storage. */
    Storage storage;
    final long offset;
    private final Shape shape;
    final long[] strides;
    private boolean requiresGrad;
    Tensor grad;
    GraphNode gradFn;
    private volatile boolean closed;
    private Throwable closedAt;
    Scope owner;
    /** Set when a recorded graph node saved this tensor for its backward rule (see {@link Scope#openInternal}). */
    boolean savedForBackward;

    Tensor(Storage storage, long offset, Shape shape, long[] strides) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        Scope.track(this);
    }

    /** A new dense tensor with uninitialized contents. */
    static Tensor empty(Device device, DType dtype, Shape shape) {
        if (!device.backend().supports(dtype)) {
            throw new IllegalArgumentException("device " + device.spec() + " does not support dtype " + dtype
                    + ": its backend cannot store it, and no " + (dtype.isHalf() ? "FLOAT32" : "other")
                    + " fallback is made; use a device that stores " + dtype + " or convert first");
        }
        Buffer b = device.backend().allocate(dtype, shape.numel());
        return new Tensor(new Storage(device, b), 0, shape, shape.contiguousStrides());
    }

    /** A view sharing this tensor's storage. */
    Tensor view(long newOffset, Shape newShape, long[] newStrides) {
        storage.retain();
        return new Tensor(storage, newOffset, newShape, newStrides);
    }

    /** A second handle on the same data (same shape and strides), closed independently. */
    Tensor alias() {
        return view(offset, shape, strides);
    }

    // =================================================================== creation

    /** Zeros of FLOAT32 on the default device. */
    public static Tensor zeros(int... shape) {
        return Creation.full(0, Shape.of(shape), DType.FLOAT32, Device.defaultDevice());
    }

    /** Zeros of the given shape, dtype and device. */
    public static Tensor zeros(Shape shape, DType dtype, Device device) {
        return Creation.full(0, shape, dtype, device);
    }

    /** Ones of FLOAT32 on the default device. */
    public static Tensor ones(int... shape) {
        return Creation.full(1, Shape.of(shape), DType.FLOAT32, Device.defaultDevice());
    }

    /** Ones of the given shape, dtype and device. */
    public static Tensor ones(Shape shape, DType dtype, Device device) {
        return Creation.full(1, shape, dtype, device);
    }

    /** Every element {@code value}, FLOAT32 on the default device. */
    public static Tensor full(double value, int... shape) {
        return Creation.full(value, Shape.of(shape), DType.FLOAT32, Device.defaultDevice());
    }

    /** Every element {@code value} (converted to dtype). */
    public static Tensor full(double value, Shape shape, DType dtype, Device device) {
        return Creation.full(value, shape, dtype, device);
    }

    /** Zeros with the shape, dtype and device of {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return Creation.full(0, like.shape, like.dtype(), like.device());
    }

    /** Ones with the shape, dtype and device of {@code like}. */
    public static Tensor onesLike(Tensor like) {
        return Creation.full(1, like.shape, like.dtype(), like.device());
    }

    /** A rank-0 FLOAT32 tensor on the default device. */
    public static Tensor scalar(double value) {
        return Creation.full(value, Shape.scalar(), DType.FLOAT32, Device.defaultDevice());
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(double value, DType dtype, Device device) {
        return Creation.full(value, Shape.scalar(), dtype, device);
    }

    /** {@code [0, 1, ..., end-1]} as FLOAT32 on the default device. */
    public static Tensor arange(double end) {
        return Creation.arange(0, end, 1, DType.FLOAT32, Device.defaultDevice());
    }

    /** {@code start, start+step, ...} while below {@code end} (above, for a negative step). */
    public static Tensor arange(double start, double end, double step, DType dtype, Device device) {
        return Creation.arange(start, end, step, dtype, device);
    }

    /** {@code steps} evenly spaced values from start to end inclusive, FLOAT32 on the default device. */
    public static Tensor linspace(double start, double end, int steps) {
        return Creation.linspace(start, end, steps, DType.FLOAT32, Device.defaultDevice());
    }

    /** {@code steps} evenly spaced values from start to end inclusive. */
    public static Tensor linspace(double start, double end, int steps, DType dtype, Device device) {
        return Creation.linspace(start, end, steps, dtype, device);
    }

    /** The n x n identity, FLOAT32 on the default device. */
    public static Tensor eye(int n) {
        return Creation.eye(n, DType.FLOAT32, Device.defaultDevice());
    }

    /** The n x n identity. */
    public static Tensor eye(int n, DType dtype, Device device) {
        return Creation.eye(n, dtype, device);
    }

    /** A FLOAT32 tensor holding {@code data} (row-major) on the default device; the array is copied. */
    public static Tensor of(float[] data, int... shape) {
        return Creation.fromArray(Device.defaultDevice(), DType.FLOAT32, data, data.length, shape);
    }

    /** A FLOAT64 tensor holding {@code data} on the default device. */
    public static Tensor of(double[] data, int... shape) {
        return Creation.fromArray(Device.defaultDevice(), DType.FLOAT64, data, data.length, shape);
    }

    /** An INT32 tensor holding {@code data} on the default device. */
    public static Tensor of(int[] data, int... shape) {
        return Creation.fromArray(Device.defaultDevice(), DType.INT32, data, data.length, shape);
    }

    /** A FLOAT32 tensor holding {@code data} on {@code device}. */
    public static Tensor of(Device device, float[] data, int... shape) {
        return Creation.fromArray(device, DType.FLOAT32, data, data.length, shape);
    }

    /** A FLOAT64 tensor holding {@code data} on {@code device}. */
    public static Tensor of(Device device, double[] data, int... shape) {
        return Creation.fromArray(device, DType.FLOAT64, data, data.length, shape);
    }

    /** An INT32 tensor holding {@code data} on {@code device}. */
    public static Tensor of(Device device, int[] data, int... shape) {
        return Creation.fromArray(device, DType.INT32, data, data.length, shape);
    }

    /**
     * A tensor of {@code dtype} holding {@code data} converted on the host (to float or a half type: nearest even,
     * through float; to INT32: toward zero) on {@code device}; an empty shape means one axis of
     * {@code data.length}.
     */
    public static Tensor of(Device device, DType dtype, double[] data, int... shape) {
        return Creation.fromArray(device, dtype, HostArrays.fromDoubles(data, dtype), data.length, shape);
    }

    /** Uniform on [0, 1) from the global generator, FLOAT32 on the default device. */
    public static Tensor rand(int... shape) {
        return Creation.random(dev.tessera.backend.RandomDistribution.UNIFORM, Generator.global(), 0, 1,
                Shape.of(shape), DType.FLOAT32, Device.defaultDevice());
    }

    /** Uniform on [low, high) from {@code generator}. */
    public static Tensor uniform(Generator generator, double low, double high, Shape shape, DType dtype,
                                 Device device) {
        return Creation.random(dev.tessera.backend.RandomDistribution.UNIFORM, generator, low, high, shape, dtype,
                device);
    }

    /** Standard normal from the global generator, FLOAT32 on the default device. */
    public static Tensor randn(int... shape) {
        return Creation.random(dev.tessera.backend.RandomDistribution.NORMAL, Generator.global(), 0, 1,
                Shape.of(shape), DType.FLOAT32, Device.defaultDevice());
    }

    /** Normal with the given mean and standard deviation from {@code generator}. */
    public static Tensor normal(Generator generator, double mean, double std, Shape shape, DType dtype,
                                Device device) {
        return Creation.random(dev.tessera.backend.RandomDistribution.NORMAL, generator, mean, std, shape, dtype,
                device);
    }

    /** 1 with probability p, else 0, from {@code generator}. */
    public static Tensor bernoulli(Generator generator, double p, Shape shape, DType dtype, Device device) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        }
        return Creation.random(dev.tessera.backend.RandomDistribution.BERNOULLI, generator, p, 0, shape, dtype,
                device);
    }

    // =================================================================== properties

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** Size of axis {@code axis} (negative counts from the end). */
    public int size(int axis) {
        return shape.dim(axis);
    }

    /** Number of axes. */
    public int rank() {
        return shape.rank();
    }

    /** Number of elements; a {@code long}, as tensors may hold more than 2^31 elements. */
    public long numel() {
        return shape.numel();
    }

    /** Element type. */
    public DType dtype() {
        return storage.buffer.dtype();
    }

    /** The device holding the data. */
    public Device device() {
        return storage.device;
    }

    /** Element strides of each axis (a copy). */
    public long[] strides() {
        return strides.clone();
    }

    /** Whether the elements are dense in row-major order (offset aside); an empty tensor always is. */
    public boolean isContiguous() {
        if (numel() == 0) {
            return true;
        }
        long expected = 1;
        int[] d = shape.dimsUnsafe();
        for (int k = d.length - 1; k >= 0; k--) {
            if (d[k] != 1 && strides[k] != expected) {
                return false;
            }
            expected *= d[k];
        }
        return true;
    }

    boolean isDenseAtZero() {
        return offset == 0 && isContiguous();
    }

    Backend backend() {
        return storage.device.compute();
    }

    Buffer buffer() {
        return storage.buffer;
    }

    Operand operand() {
        return Operand.view(storage.buffer, offset, strides);
    }

    /** Strides of this tensor broadcast to {@code target} (0 on broadcast axes). */
    long[] broadcastStrides(Shape target) {
        int r = target.rank();
        long[] out = new long[r];
        int shift = r - shape.rank();
        for (int k = 0; k < shape.rank(); k++) {
            out[k + shift] = shape.dimsUnsafe()[k] == 1 && target.dimsUnsafe()[k + shift] != 1 ? 0 : strides[k];
        }
        return out;
    }

    // =================================================================== data access

    /** All elements in row-major order as floats (waits for pending device work). */
    public float[] toFloatArray() {
        return DataAccess.toFloatArray(this);
    }

    /** All elements in row-major order as doubles. */
    public double[] toDoubleArray() {
        return DataAccess.toDoubleArray(this);
    }

    /** All elements in row-major order as ints (floats truncate toward zero). */
    public int[] toIntArray() {
        return DataAccess.toIntArray(this);
    }

    /** The single element of a one-element tensor, as double. */
    public double item() {
        checkOpen("item");
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + shape + " has " + numel()
                    + " elements; item() needs exactly one");
        }
        return DataAccess.element(this, offset, "item");
    }

    /** The element at {@code index} (one entry per axis, negative counts from the end), as double. */
    public double get(int... index) {
        checkOpen("get");
        if (index.length != rank()) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + rank()
                    + " (shape " + shape + ")");
        }
        long pos = offset;
        for (int k = 0; k < index.length; k++) {
            int n = shape.dimsUnsafe()[k];
            int i = index[k] < 0 ? index[k] + n : index[k];
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("get: index " + index[k] + " is out of range for axis " + k
                        + " of size " + n + " (shape " + shape + ")");
            }
            pos += i * strides[k];
        }
        return DataAccess.element(this, pos, "get");
    }

    /** This tensor on {@code target} (a copy; this tensor itself when already there). Differentiable. */
    public Tensor to(Device target) {
        return DataAccess.toDevice(this, target);
    }

    /** This tensor converted to {@code dtype} (a copy; this tensor itself when already that type). */
    public Tensor to(DType dtype) {
        checkOpen("to");
        return dtype == dtype() ? this : Elementwise.cast(this, dtype);
    }

    /** {@code to(DType.FLOAT16)}, as PyTorch's {@code half()}. */
    public Tensor half() {
        return to(DType.FLOAT16);
    }

    /** {@code to(DType.BFLOAT16)}, as PyTorch's {@code bfloat16()}. */
    public Tensor bfloat16() {
        return to(DType.BFLOAT16);
    }

    /** A dense copy with the same values that does not share storage. Differentiable. */
    public Tensor copy() {
        checkOpen("copy");
        return Elementwise.cast(this, dtype());
    }

    /** This tensor if it is dense row-major, else a dense copy. Differentiable. */
    public Tensor contiguous() {
        checkOpen("contiguous");
        return isContiguous() ? this : Elementwise.cast(this, dtype());
    }

    /** A dense copy that never shares storage and is not recorded in the graph. */
    Tensor contiguousCopy() {
        try (GradMode.Guard g = GradMode.noGrad()) {
            return Elementwise.cast(this, dtype());
        }
    }

    /** A dense tensor starting at element 0: this one, or a copy (which the caller must close). */
    Tensor denseAtZero() {
        return isDenseAtZero() ? this : Elementwise.cast(this, dtype());
    }

    /** A view of the same data that is not part of the graph and does not require grad. */
    public Tensor detach() {
        checkOpen("detach");
        return alias();
    }

    // =================================================================== autograd

    /** Whether gradients are computed for this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks this leaf tensor as a parameter whose gradient {@link #backward()} accumulates; returns this tensor.
     *
     * @throws IllegalStateException for a tensor produced by a recorded op, or an integer tensor
     */
    public Tensor requiresGrad(boolean on) {
        checkOpen("requiresGrad");
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: only leaf tensors (made by the user, not by a recorded op "
                    + gradFn.op + ") can be marked; use detach() first");
        }
        if (on && !dtype().isFloating()) {
            throw new IllegalStateException("requiresGrad: only floating tensors can require grad, this one is "
                    + dtype());
        }
        requiresGrad = on;
        return this;
    }

    void markRequiresGrad() {
        requiresGrad = true;
    }

    /** The accumulated gradient of this leaf, or null before any backward pass reached it. */
    public Tensor grad() {
        return grad;
    }

    /** Sets the gradient of this leaf (used by optimizers' tests and checkpoint restore); the tensor is adopted. */
    public void setGrad(Tensor gradient) {
        if (gradient != null && !gradient.shape.equals(shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + gradient.shape + " differs from "
                    + shape);
        }
        if (grad != null && grad != gradient) {
            grad.close();
        }
        if (gradient != null) {
            Scope.untrack(gradient);
        }
        grad = gradient;
    }

    /** Releases and clears the accumulated gradient (the next backward starts from zero). */
    public void zeroGrad() {
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    /** Whether this tensor was made by the user rather than by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Name of the op that produced this tensor in the graph, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.op;
    }

    /**
     * Back-propagates from this scalar: accumulates {@code d this / d leaf} into every leaf requiring grad. As in
     * PyTorch the graph's saved values count as freed afterwards: a second backward through any op of this graph
     * throws {@code IllegalStateException} ("Trying to backward through the graph a second time...").
     */
    public void backward() {
        AutogradEngine.backward(this, null, false);
    }

    /** As {@link #backward()}; with {@code retainGraph} the graph can be back-propagated through again. */
    public void backward(boolean retainGraph) {
        AutogradEngine.backward(this, null, retainGraph);
    }

    /** Back-propagates with {@code gradient} as {@code d L / d this} (same shape as this tensor); frees the graph. */
    public void backward(Tensor gradient) {
        AutogradEngine.backward(this, gradient, false);
    }

    /** As {@link #backward(Tensor)}; with {@code retainGraph} the graph can be back-propagated through again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        AutogradEngine.backward(this, gradient, retainGraph);
    }

    // =================================================================== lifetime

    /** Releases this tensor's share of the device buffer, and its accumulated gradient. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closedAt = Tessera.isDebug() ? new Throwable("tensor closed here") : null;
        }
        storage.release();
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    /**
     * Replaces this leaf's data with {@code source}'s, as PyTorch's {@code param.data = source}: this tensor object
     * (held by modules and optimizers) then shares {@code source}'s storage, so it takes source's device and dtype,
     * and its previous data is released. {@code requiresGrad} is kept; the gradient is dropped, since it belongs to
     * the old device or dtype. {@code source} stays usable and is closed by its owner. Do not call it between a
     * forward pass that used this tensor and its backward.
     *
     * @throws IllegalArgumentException when this tensor is not a dense leaf, or the shapes differ
     */
    public void setData(Tensor source) {
        checkOpen("setData");
        source.checkOpen("setData");
        if (gradFn != null || !isDenseAtZero() || !source.isDenseAtZero()) {
            throw new IllegalArgumentException("setData: both tensors must be dense, and the target a leaf; got target "
                    + (gradFn != null ? "made by " + gradFn.op : "view " + shape) + " and source " + source.shape());
        }
        if (!source.shape.equals(shape)) {
            throw new IllegalArgumentException("setData: source shape " + source.shape + " differs from " + shape);
        }
        if (source.storage == storage) {
            return;
        }
        source.storage.retain();
        Storage old = storage;
        storage = source.storage;
        old.release();
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Throws {@link TensorClosedException} naming {@code op} if this tensor is closed. */
    void checkOpen(String op) {
        if (closed) {
            throw new TensorClosedException(op + ": tensor of shape " + shape + " (" + dtype() + " on " + device()
                    + ") was already closed" + (closedAt == null
                    ? "; run with -Dtessera.debug=true to record where" : "; the cause shows where"), closedAt);
        }
    }

    /** Checks this tensor is usable together with {@code other} in op {@code op}: open and on the same device. */
    void checkCompatible(String op, Tensor other) {
        checkOpen(op);
        other.checkOpen(op);
        if (other.device() != device()) {
            throw new IllegalArgumentException(op + ": tensors are on different devices: " + device() + " and "
                    + other.device() + " (move one with to(device))");
        }
    }

    // =================================================================== shape ops

    /** The same elements in a new shape (one entry may be -1); a view when this tensor is dense. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Like {@link #reshape} but always a view; throws if this tensor is not dense. */
    public Tensor view(int... newShape) {
        if (!isContiguous()) {
            throw new IllegalStateException("view: tensor of shape " + shape + " with strides "
                    + Arrays.toString(strides) + " is not contiguous; use reshape() or contiguous() first");
        }
        return Views.reshape(this, newShape);
    }

    /** All axes merged into one. */
    public Tensor flatten() {
        return Views.reshape(this, Views.axisSize("flatten", shape, numel()));
    }

    /** Axes {@code start..end} (inclusive, may be negative) merged into one. */
    public Tensor flatten(int start, int end) {
        return Views.flatten(this, start, end);
    }

    /** Every size-1 axis removed. */
    public Tensor squeeze() {
        return Views.squeeze(this, null);
    }

    /** Axis {@code axis} removed; it must have size 1. */
    public Tensor squeeze(int axis) {
        return Views.squeeze(this, axis);
    }

    /** A size-1 axis inserted at {@code axis} ({@code -1} appends). */
    public Tensor unsqueeze(int axis) {
        return Views.unsqueeze(this, axis);
    }

    /** Axes {@code a} and {@code b} swapped (a view). */
    public Tensor transpose(int a, int b) {
        return Views.transpose(this, a, b);
    }

    /** The transpose of a 2-D tensor (a view). */
    public Tensor t() {
        if (rank() != 2) {
            throw new IllegalArgumentException("t: expected a 2-D tensor, got shape " + shape);
        }
        return Views.transpose(this, 0, 1);
    }

    /** Axes reordered: result axis i is input axis {@code order[i]} (a view). */
    public Tensor permute(int... order) {
        return Views.permute(this, order);
    }

    /** Elements {@code start <= i < end} along {@code axis} (negative bounds count from the end; a view). */
    public Tensor slice(int axis, int start, int end) {
        return Views.slice(this, axis, start, end, 1);
    }

    /** Elements {@code start, start+step, ... < end} along {@code axis} (a view). */
    public Tensor slice(int axis, int start, int end, int step) {
        return Views.slice(this, axis, start, end, step);
    }

    /** The sub-tensor at {@code index} along {@code axis}, that axis removed (a view). */
    public Tensor select(int axis, int index) {
        int a = shape.normalizeAxis(axis, "select");
        int n = shape.dim(a);
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for axis " + axis
                    + " of size " + n);
        }
        return Views.squeeze(Views.slice(this, a, i, i + 1, 1), a);
    }

    /** This tensor broadcast to {@code newShape} (sizes must match or be 1 here; -1 keeps a size; a view). */
    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    /** This tensor broadcast to {@code target} (a view). */
    public Tensor broadcastTo(Shape target) {
        return Views.expand(this, target.dims());
    }

    /** The tensors joined along {@code axis}; all other sizes must match. */
    public static Tensor concat(int axis, Tensor... tensors) {
        return Views.concat(axis, tensors);
    }

    /** The tensors (all the same shape) stacked along a new axis {@code axis}. */
    public static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!tensors[i].shape.equals(tensors[0].shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + tensors[i].shape
                        + " but tensor 0 has " + tensors[0].shape);
            }
            int a = axis < 0 ? axis + tensors[0].rank() + 1 : axis;
            expanded[i] = tensors[i].unsqueeze(a);
        }
        return Views.concat(axis < 0 ? axis + tensors[0].rank() + 1 : axis, expanded);
    }

    /** Views of consecutive pieces of the given sizes along {@code axis}; the sizes must add up to its length. */
    public Tensor[] split(int axis, int... sizes) {
        return Views.split(this, axis, sizes);
    }

    /** {@code chunks} views of (nearly) equal size along {@code axis}; the last may be smaller. */
    public Tensor[] chunk(int chunks, int axis) {
        int n = size(axis);
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: chunks must be positive, got " + chunks);
        }
        int per = Math.max(1, (n + chunks - 1) / chunks);
        int count = n == 0 ? 1 : (n + per - 1) / per;
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = Math.min(per, n - i * per);
        }
        return Views.split(this, axis, sizes);
    }

    /** The sum of this tensor over the axes along which it was broadcast to reach its shape from {@code target}. */
    public Tensor sumTo(Shape target) {
        return Reductions.sumTo(this, target);
    }

    // =================================================================== elementwise arithmetic
    // The methods that apply one op (neg, exp, relu, leakyRelu, add, rsub, eq, ...) are generated from the tensor
    // fields of optable/elementwise.ops into TensorElementwise, which this class extends.

    /** {@code this * this}. */
    public Tensor square() {
        return mul(this);
    }

    /** {@code min(max(this, low), high)}; requires {@code low <= high}. */
    public Tensor clamp(double low, double high) {
        if (low > high) {
            throw new IllegalArgumentException("clamp: low " + low + " is greater than high " + high);
        }
        return Elementwise.clamp(this, low, high);
    }

    /** Applies the unary primitive {@code op} with parameter {@code alpha} (see {@link UnaryOp}). */
    public Tensor apply(UnaryOp op, double alpha) {
        return Elementwise.unary(op, alpha, this);
    }

    /**
     * Applies {@code activation} elementwise, e.g. {@code x.apply(Activation.leakyRelu(0.2))}: the form for library
     * and user code, which never name the SPI's {@link UnaryOp}.
     */
    public Tensor apply(Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("apply: activation is null (use the tensor itself for identity)");
        }
        return Elementwise.unary(activation.primitive(), activation.parameter(), this);
    }

    // =================================================================== activations

    /** Swish with a tensor {@code beta} (learnable when it requires grad): {@code x sigmoid(beta x)}. */
    public Tensor swish(Tensor beta) {
        return mul(beta.mul(this).sigmoid());
    }

    /** {@code ln(1 + e^x)} (linear above 20): {@code softplus(1, 20)}, PyTorch's defaults. */
    public Tensor softplus() {
        return softplus(1.0, 20.0);
    }

    /**
     * PyTorch's softplus: {@code y = ln(1 + e^(beta x)) / beta}, and {@code y = x} where {@code beta x > threshold}.
     * For beta 1 this is the SOFTPLUS primitive with parameter threshold; otherwise that primitive of
     * {@code beta x}, divided by beta.
     *
     * @throws IllegalArgumentException if beta is not finite and positive, or threshold is NaN
     */
    public Tensor softplus(double beta, double threshold) {
        if (!(beta > 0) || Double.isInfinite(beta) || Double.isNaN(threshold)) {
            throw new IllegalArgumentException("softplus: beta must be finite and > 0 and threshold not NaN, got beta "
                    + beta + ", threshold " + threshold);
        }
        return beta == 1.0 ? apply(UnaryOp.SOFTPLUS, threshold)
                : mul(beta).apply(UnaryOp.SOFTPLUS, threshold).div(beta);
    }

    // =================================================================== comparisons and selection

    /** {@code condition != 0 ? a : b} elementwise, all three broadcast together. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Elementwise.where(condition, a, b);
    }

    /** {@code condition != 0 ? a : value}. */
    public static Tensor where(Tensor condition, Tensor a, double value) {
        return Elementwise.where(condition, a, Tensor.scalar(value, a.dtype(), a.device()));
    }

    // =================================================================== reductions

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return Reductions.reduce("sum", this, null, false);
    }

    /** Sum over {@code axis}, that axis removed. */
    public Tensor sum(int axis) {
        return Reductions.reduce("sum", this, new int[]{axis}, false);
    }

    /** Sum over {@code axes}; with keepdim the reduced axes stay with size 1. */
    public Tensor sum(int[] axes, boolean keepdim) {
        return Reductions.reduce("sum", this, axes, keepdim);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /** Mean over {@code axis}, that axis removed. */
    public Tensor mean(int axis) {
        return Reductions.mean(this, new int[]{axis}, false);
    }

    /** Mean over {@code axes}. */
    public Tensor mean(int[] axes, boolean keepdim) {
        return Reductions.mean(this, axes, keepdim);
    }

    /** Largest element (NaN if any is NaN). */
    public Tensor max() {
        return Reductions.reduce("max", this, null, false);
    }

    /** Largest element along {@code axis}. */
    public Tensor max(int axis, boolean keepdim) {
        return Reductions.reduce("max", this, new int[]{axis}, keepdim);
    }

    /** Largest element over {@code axes}. */
    public Tensor max(int[] axes, boolean keepdim) {
        return Reductions.reduce("max", this, axes, keepdim);
    }

    /** Smallest element (NaN if any is NaN). */
    public Tensor min() {
        return Reductions.reduce("min", this, null, false);
    }

    /** Smallest element along {@code axis}. */
    public Tensor min(int axis, boolean keepdim) {
        return Reductions.reduce("min", this, new int[]{axis}, keepdim);
    }

    /** Smallest element over {@code axes}. */
    public Tensor min(int[] axes, boolean keepdim) {
        return Reductions.reduce("min", this, axes, keepdim);
    }

    /** INT32 flat index of the first largest element. */
    public Tensor argmax() {
        return Reductions.arg("argmax", this, null, false);
    }

    /** INT32 index of the first largest element along {@code axis}, that axis removed (PyTorch's default). */
    public Tensor argmax(int axis) {
        return Reductions.arg("argmax", this, axis, false);
    }

    /** INT32 index of the first largest element along {@code axis}. */
    public Tensor argmax(int axis, boolean keepdim) {
        return Reductions.arg("argmax", this, axis, keepdim);
    }

    /** INT32 flat index of the first smallest element. */
    public Tensor argmin() {
        return Reductions.arg("argmin", this, null, false);
    }

    /** INT32 index of the first smallest element along {@code axis}, that axis removed (PyTorch's default). */
    public Tensor argmin(int axis) {
        return Reductions.arg("argmin", this, axis, false);
    }

    /** INT32 index of the first smallest element along {@code axis}. */
    public Tensor argmin(int axis, boolean keepdim) {
        return Reductions.arg("argmin", this, axis, keepdim);
    }

    /** Unbiased variance of all elements ({@code sum (x - mean)^2 / (n - 1)}). */
    public Tensor var() {
        return Reductions.var(this, null, 1, false);
    }

    /** Variance over {@code axes}: {@code sum (x - mean)^2 / (n - correction)}. */
    public Tensor var(int[] axes, int correction, boolean keepdim) {
        return Reductions.var(this, axes, correction, keepdim);
    }

    /** Unbiased standard deviation of all elements. */
    public Tensor std() {
        return Reductions.var(this, null, 1, false).sqrt();
    }

    /** Standard deviation over {@code axes}: {@code sqrt(var(axes, correction))}. */
    public Tensor std(int[] axes, int correction, boolean keepdim) {
        return Reductions.var(this, axes, correction, keepdim).sqrt();
    }

    /** {@code log sum exp} over {@code axes}, computed stably as {@code m + log sum exp(x - m)}, m the max. */
    public Tensor logsumexp(int[] axes, boolean keepdim) {
        return Reductions.logsumexp(this, axes, keepdim);
    }

    /** {@code log sum exp} along {@code axis}, that axis removed. */
    public Tensor logsumexp(int axis) {
        return Reductions.logsumexp(this, new int[]{axis}, false);
    }

    // =================================================================== linear algebra

    /**
     * Matrix product with NumPy/PyTorch semantics: 1-D operands are promoted (and the added axis removed after),
     * leading batch axes broadcast. Transposed views are passed to the backend without copies.
     *
     * @throws IllegalArgumentException {@code matmul: inner dimensions differ: [32, 784] x [1024, 10]}
     */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(this, other);
    }

    /**
     * The fused linear layer {@code act(this W^T + b)} for input {@code [..., in]}, weight {@code [out, in]} (as in
     * PyTorch) and bias {@code [out]} (may be null); {@code activation} may be null (identity).
     */
    public Tensor linear(Tensor weight, Tensor bias, UnaryOp activation, double alpha) {
        return MatMul.linear(this, weight, bias, activation, alpha);
    }

    /**
     * The fused linear layer {@code act(this W^T + b)}, as {@link #linear(Tensor, Tensor, UnaryOp, double)};
     * {@code activation} null means identity.
     */
    public Tensor linear(Tensor weight, Tensor bias, Activation activation) {
        return activation == null ? MatMul.linear(this, weight, bias, null, 0)
                : MatMul.linear(this, weight, bias, activation.primitive(), activation.parameter());
    }

    /** {@code this W^T + b}. */
    public Tensor linear(Tensor weight, Tensor bias) {
        return MatMul.linear(this, weight, bias, null, 0);
    }

    // =================================================================== softmax and indexing

    /** {@code exp(x_i) / sum_j exp(x_j)} along {@code axis}, computed stably. */
    public Tensor softmax(int axis) {
        return Fused.softmax(this, axis, false);
    }

    /** {@code x_i - log sum_j exp(x_j)} along {@code axis}, computed stably. */
    public Tensor logSoftmax(int axis) {
        return Fused.softmax(this, axis, true);
    }

    /**
     * Per-row cross-entropy of logits {@code [N, C]} against INT32 labels {@code [N]} in {@code [0, C)}, fused
     * with the softmax: {@code -(1-eps) w[y] log p[y] - (eps/C) sum_c w[c] log p[c]}. {@code classWeights}
     * ({@code [C]}) may be null. Returns {@code [N]}; reduce it yourself (PyTorch's mean divides by
     * {@code sum w[y]}).
     */
    public Tensor softmaxCrossEntropy(Tensor labels, Tensor classWeights, double labelSmoothing) {
        return Fused.softmaxCrossEntropy(this, labels, classWeights, labelSmoothing);
    }

    /** {@code out[..., j, ...] = this[..., index[..., j, ...], ...]} along {@code axis} (torch.gather). */
    public Tensor gather(int axis, Tensor index) {
        return Indexing.gather(this, axis, index);
    }

    /** A copy of this tensor with {@code src} added at {@code index} along {@code axis} (torch.scatter_add). */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, axis, index, src);
    }

    /** The slices at the positions in the 1-D INT32 {@code index} along {@code axis} (torch.index_select). */
    public Tensor indexSelect(int axis, Tensor index) {
        return Indexing.indexSelect(this, axis, index);
    }

    /** One-hot FLOAT32 encoding of this INT32 tensor: a new last axis of size {@code numClasses}. */
    public Tensor oneHot(int numClasses) {
        return Indexing.oneHot(this, numClasses);
    }

    // =================================================================== in place (not recorded)

    /**
     * Copies {@code source} (broadcast to this shape, converted to this dtype) into this tensor's elements.
     *
     * @throws IllegalStateException when this tensor takes part in a recorded graph
     */
    public Tensor assign(Tensor source) {
        return InPlace.assign(this, source);
    }

    /** Sets every element to {@code value}. */
    public Tensor fill(double value) {
        return InPlace.fill(this, value);
    }

    /** {@code this += other} (broadcast to this shape). */
    public Tensor addInPlace(Tensor other) {
        return InPlace.binary("addInPlace", BinaryOp.ADD, this, other);
    }

    /** {@code this -= other}. */
    public Tensor subInPlace(Tensor other) {
        return InPlace.binary("subInPlace", BinaryOp.SUB, this, other);
    }

    /** {@code this *= other}. */
    public Tensor mulInPlace(Tensor other) {
        return InPlace.binary("mulInPlace", BinaryOp.MUL, this, other);
    }

    /** {@code this *= value}. */
    public Tensor mulInPlace(double value) {
        return InPlace.binaryScalar("mulInPlace", BinaryOp.MUL, this, value);
    }

    /** {@code this += value}. */
    public Tensor addInPlace(double value) {
        return InPlace.binaryScalar("addInPlace", BinaryOp.ADD, this, value);
    }

    // =================================================================== printing

    /**
     * PyTorch-style text: {@code tensor([[0.1000, 0.2000], ...], dtype=FLOAT32, device=cpu)}; past 1000 elements
     * each long axis shows its first and last 3 entries and the shape is added. A closed tensor prints as
     * {@code tensor(<closed>, shape=[2, 3])}. See {@link TensorFormat}.
     */
    @Override
    public String toString() {
        return TensorFormat.format(this, closed);
    }
}
