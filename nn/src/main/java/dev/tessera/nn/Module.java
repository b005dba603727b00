package dev.tessera.nn;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A layer or a model: a function {@code forward(x)} with named parameters (trained), named buffers (state that is
 * saved but not trained, such as running statistics), named random generators (dropout masks), child modules, and
 * a train/eval mode.
 *
 * <h2>Names</h2>
 * Every parameter and buffer has a stable hierarchical name, the path of child names joined by dots as in PyTorch
 * ({@code layers.0.weight}, {@code block.bn.running_mean}), so {@link #stateDict()} keys are checkpoint keys and
 * match PyTorch's for the same architecture. Names are given at registration and never change.
 *
 * <h2>Lifetime</h2>
 * Parameters, buffers and their gradients are owned by the module, not by any {@link Scope} (registration takes
 * them out of scope management), so a module may be built anywhere and used inside training-step scopes.
 * {@link #close()} releases them.
 *
 * <h2>Threads</h2>
 * Inference may share one module between threads: in evaluation mode ({@link #eval()}, set before the threads start),
 * {@link #forward} only reads parameters and buffers, so any number of threads may call it at once, each inside
 * {@link GradMode#noGrad()} and its own {@link Scope}, and each gets exactly what it would get alone. Everything that
 * writes state must be confined to one thread at a time: training-mode forward (batch norm updates its running
 * statistics, dropout advances its generator), {@code backward} (accumulates into the parameters' gradients), an
 * optimizer step, {@link #loadStateDict}, {@link #train(boolean)}/{@link #eval()}, {@link #zeroGrad()} and
 * {@link #close()}. Separate modules may be trained on separate threads at once.
 */
public abstract class Module implements AutoCloseable {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Generator> generators = new LinkedHashMap<>();
    private boolean training = true;

    /**
     * Computes this module's output for {@code input}. Recorded in the autograd graph when grad mode is on and any
     * parameter or the input requires grad. The input is not modified.
     */
    public abstract Tensor forward(Tensor input);

    /**
     * Computes this module's output from several inputs, e.g. {@code attention.forward(query, key, value)} or
     * {@code rnn.forward(input, initialState)}. Modules with several inputs override this (and say in their
     * Javadoc what each input is); for every other module it takes exactly one input and is {@link #forward(Tensor)}.
     *
     * @throws IllegalArgumentException when this module takes one input and a different number is given
     */
    public Tensor forward(Tensor... inputs) {
        if (inputs == null || inputs.length != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".forward: takes one input, got "
                    + (inputs == null ? "null" : inputs.length));
        }
        return forward(inputs[0]);
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers {@code value} as the trainable parameter {@code name}: it is taken out of scope management and
     * marked {@code requiresGrad}. Returns it.
     *
     * @throws IllegalArgumentException for a name that is empty, contains a dot or is taken, or a tensor that is not
     *                                  a dense floating leaf
     */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        if (!value.dtype().isFloating() || !value.isLeaf() || !value.isContiguous()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name
                    + "' must be a dense floating leaf tensor, got " + value.dtype() + " " + value.shape()
                    + (value.isLeaf() ? "" : " produced by " + value.gradFnName()));
        }
        parameters.put(name, Scope.persist(value).requiresGrad(true));
        return value;
    }

    /** Registers {@code value} as the buffer {@code name} (saved in the state dict, not trained). Returns it. */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, Scope.persist(value));
        return value;
    }

    /** Registers {@code module} as the child {@code name}; its names get the prefix {@code name.}. Returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == this) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot be its own child");
        }
        children.put(name, module);
        return module;
    }

    /** Registers {@code generator} as the random stream {@code name} (saved in checkpoints). Returns it. */
    protected final Generator registerGenerator(String name, Generator generator) {
        checkName(name);
        generators.put(name, generator);
        return generator;
    }

    /** The generator registered as {@code name} (replaced when a checkpoint restores it). */
    protected final Generator generator(String name) {
        Generator g = generators.get(name);
        if (g == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no generator named '" + name + "'");
        }
        return g;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name
                    + "' must be non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)
                || generators.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already used");
        }
    }

    // ---------------------------------------------------------------- traversal

    /** Every parameter by hierarchical name: this module's own first, then each child's, in registration order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(out, "", true, false);
        return Collections.unmodifiableMap(out);
    }

    /** The parameters of {@link #namedParameters()} in the same order. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer by hierarchical name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(out, "", false, true);
        return Collections.unmodifiableMap(out);
    }

    /**
     * Parameters and buffers by hierarchical name, per module its parameters then its buffers then its children
     * (PyTorch's {@code state_dict} order). The tensors are the live ones, not copies.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(out, "", true, true);
        return Collections.unmodifiableMap(out);
    }

    private void collect(Map<String, Tensor> out, String prefix, boolean params, boolean bufs) {
        if (params) {
            parameters.forEach((k, v) -> out.put(prefix + k, v));
        }
        if (bufs) {
            buffers.forEach((k, v) -> out.put(prefix + k, v));
        }
        children.forEach((k, m) -> m.collect(out, prefix + k + ".", params, bufs));
    }

    /** Every registered generator by hierarchical name. */
    public final Map<String, Generator> namedGenerators() {
        Map<String, Generator> out = new LinkedHashMap<>();
        collectGenerators(out, "");
        return Collections.unmodifiableMap(out);
    }

    private void collectGenerators(Map<String, Generator> out, String prefix) {
        generators.forEach((k, g) -> out.put(prefix + k, g));
        children.forEach((k, m) -> m.collectGenerators(out, prefix + k + "."));
    }

    /** The direct children by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Total number of trainable elements. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : namedParameters().values()) {
            n += p.numel();
        }
        return n;
    }

    // ---------------------------------------------------------------- state

    /**
     * Copies every tensor of {@code state} into the parameter or buffer of the same name (converting dtype if
     * needed). The given tensors are only read. Strict: the key sets must match exactly and shapes must agree; all of
     * it is checked ({@link #checkStateDict}) before anything is written, so a state that does not fit leaves the
     * module unchanged.
     *
     * @throws IllegalArgumentException listing missing and unexpected keys, or naming a key whose shape differs
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        checkStateDict(state);
        Map<String, Tensor> own = stateDict();
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                e.getValue().assign(state.get(e.getKey()));
            }
        }
    }

    /**
     * Checks that {@link #loadStateDict} would accept {@code state}: exactly this module's keys, each with the shape
     * of this module's tensor. Nothing is modified.
     *
     * @throws IllegalArgumentException listing missing and unexpected keys, or naming a key whose shape differs
     */
    public final void checkStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        TreeSet<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: keys do not match " + getClass().getSimpleName()
                    + " (missing: " + missing + ", unexpected: " + unexpected + ")");
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (!src.shape().equals(e.getValue().shape())) {
                throw new IllegalArgumentException("loadStateDict: '" + e.getKey() + "' has shape " + src.shape()
                        + " but the module expects " + e.getValue().shape());
            }
        }
    }

    /**
     * Replaces the generator named {@code name} (hierarchical) by one for {@code seed} positioned at
     * {@code offset}, so random draws continue exactly where a checkpoint left them.
     *
     * @throws IllegalArgumentException when no generator has that name
     */
    public final void restoreGenerator(String name, long seed, long offset) {
        int dot = name.indexOf('.');
        if (dot >= 0) {
            Module child = children.get(name.substring(0, dot));
            if (child == null) {
                throw new IllegalArgumentException("restoreGenerator: no child '" + name.substring(0, dot)
                        + "' in " + getClass().getSimpleName() + " (children: " + children.keySet() + ")");
            }
            child.restoreGenerator(name.substring(dot + 1), seed, offset);
            return;
        }
        if (!generators.containsKey(name)) {
            throw new IllegalArgumentException("restoreGenerator: no generator '" + name + "' in "
                    + getClass().getSimpleName());
        }
        Generator g = new Generator(seed);
        g.setOffset(offset);
        generators.put(name, g);
    }

    // ---------------------------------------------------------------- mode, gradients, lifetime

    /** Sets training mode ({@code true}) or evaluation mode on this module and all its descendants. Returns this. */
    public Module train(boolean on) {
        training = on;
        for (Module m : children.values()) {
            m.train(on);
        }
        return this;
    }

    /** Training mode (dropout active, batch statistics). Returns this. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode (dropout off, running statistics). Returns this. */
    public final Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Moves every parameter and buffer of this module and its children to {@code device} in place (PyTorch's
     * {@code module.to(device)}): the same tensor objects, now on {@code device}, so references held elsewhere
     * follow; gradients are dropped. Create the optimizer after moving (its state stays where it was made).
     * Returns this.
     */
    public Module to(Device device) {
        if (device == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".to: device is null");
        }
        return convert(t -> t.to(device));
    }

    /**
     * Casts every floating parameter and buffer to the floating {@code dtype} in place (PyTorch's
     * {@code module.to(dtype)}); integer buffers such as counters keep their type, gradients are dropped. Returns
     * this.
     *
     * @throws IllegalArgumentException when {@code dtype} is not a floating type
     */
    public Module to(DType dtype) {
        if (dtype == null || !dtype.isFloating()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".to: dtype must be a floating type, got "
                    + dtype);
        }
        return convert(t -> t.dtype().isFloating() ? t.to(dtype) : t);
    }

    private Module convert(UnaryOperator<Tensor> conversion) {
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            for (Tensor t : stateDict().values()) {
                Tensor converted = conversion.apply(t);
                if (converted != t) {
                    t.setData(converted);
                }
            }
        }
        return this;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        for (Tensor p : namedParameters().values()) {
            p.zeroGrad();
        }
    }

    /** Closes every parameter (with its gradient) and buffer of this module and its descendants. */
    @Override
    public void close() {
        for (Tensor t : parameters.values()) {
            t.zeroGrad();
            t.close();
        }
        for (Tensor t : buffers.values()) {
            t.close();
        }
        for (Module m : children.values()) {
            m.close();
        }
    }

    // ---------------------------------------------------------------- printing

    /** The constructor arguments worth printing, e.g. {@code in=784, out=128, bias=true}; empty by default. */
    protected String extraRepr() {
        return "";
    }

    /** A PyTorch-style tree: {@code Sequential(\n  (0): Linear(in=784, out=128, bias=true)\n  ...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> e : children.entrySet()) {
                String child = e.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
