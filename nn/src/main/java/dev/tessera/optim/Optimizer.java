package dev.tessera.optim;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.Require;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Updates parameters from their gradients, group by group. Subclasses implement one step for one group; this class
 * owns the groups, the per-parameter state (moment estimates and such, created on a parameter's first step and
 * named as in PyTorch: {@code momentum_buffer}, {@code exp_avg}, ...), per-parameter step counts, and saving and
 * restoring all of it.
 *
 * <p>A parameter whose gradient is null (it took no part in the loss) is skipped and its state does not advance,
 * as in PyTorch. Steps run with grad mode off; state tensors live outside every {@link Scope}.
 *
 * <h2>State keys</h2>
 * {@link #stateTensors()} names tensors {@code optim.state.<param>.<key>}, e.g.
 * {@code optim.state.layers.0.weight.exp_avg}; {@link #stateScalars()} holds {@code optim.state.<param>.step},
 * {@code optim.group.<i>.lr} and {@code optim.steps} as strings (exact: doubles are written with
 * {@link Double#toString}).
 */
public abstract class Optimizer {
    /** The prefix of every state key. */
    public static final String PREFIX = "optim.";
    /** The scalar naming the optimizer whose state it is ({@link #name()}). */
    public static final String TYPE_KEY = PREFIX + "type";
    private final String name;
    private final List<ParamGroup> groups;
    private final Map<String, Map<String, Tensor>> state = new LinkedHashMap<>();
    private final Map<String, Long> paramSteps = new LinkedHashMap<>();
    private long steps;
    /** Step-scalar tensors by the first parameter of their update (not saved: rewritten every step). */
    private final Map<String, Tensor> scalars = new LinkedHashMap<>();
    private boolean scalarsOnly;

    /**
     * An optimizer over {@code groups}, whose unset rates and decays default to {@code lr} and {@code weightDecay}.
     *
     * @throws IllegalArgumentException for no parameters, a repeated name, a non-floating parameter, or a negative
     *                                  rate or decay
     */
    protected Optimizer(String name, List<ParamGroup> groups, double lr, double weightDecay) {
        this.name = name;
        Require.finiteNonNegative(name, "lr", lr);
        Require.finiteNonNegative(name, "weightDecay", weightDecay);
        if (groups.isEmpty() || groups.stream().allMatch(g -> g.params().isEmpty())) {
            throw new IllegalArgumentException(name + ": the parameter list is empty (nothing to optimize)");
        }
        Set<String> seen = new HashSet<>();
        Map<Tensor, String> tensors = new IdentityHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            g.resolve(name, i, lr, weightDecay);
            for (Map.Entry<String, Tensor> e : g.params().entrySet()) {
                if (!seen.add(e.getKey())) {
                    throw new IllegalArgumentException(name + ": parameter '" + e.getKey()
                            + "' appears in more than one group");
                }
                String other = tensors.putIfAbsent(e.getValue(), e.getKey());
                if (other != null) {
                    throw new IllegalArgumentException(name + ": parameters '" + other + "' and '" + e.getKey()
                            + "' are the same tensor; each step would update it twice (give it once)");
                }
                if (!e.getValue().dtype().isFloating()) {
                    throw new IllegalArgumentException(name + ": parameter '" + e.getKey() + "' is "
                            + e.getValue().dtype() + "; only floating tensors can be optimized");
                }
            }
        }
        this.groups = List.copyOf(groups);
    }

    /** One group of {@code params} (the usual case: {@code model.namedParameters()}). */
    protected static List<ParamGroup> single(Map<String, Tensor> params) {
        return List.of(ParamGroup.of(params));
    }

    // ---------------------------------------------------------------- stepping

    /**
     * Updates every parameter that has a gradient, in place. Gradients are read, not modified.
     *
     * @throws IllegalStateException naming a parameter that was closed (its module was closed)
     */
    public final void step() {
        step(false);
    }

    /**
     * Whether a step of this optimizer can be captured in a {@link dev.tessera.StepGraph}: every step-dependent
     * scalar of its update (rate, bias corrections) is read from a step-scalar tensor in device memory that
     * {@link #stepScalarsOnly()} rewrites before each replay. False unless a subclass says so: an update made of
     * ordinary tensor ops bakes its rate into the captured launches, and replays would keep the capture's rate.
     */
    public boolean capturable() {
        return false;
    }

    /**
     * The host half of {@link #step()} for one replay of a captured step: the same checks and step counts, and the
     * step-dependent scalars written into their device buffers, but no update (the replayed graph makes it).
     *
     * @throws IllegalStateException when this optimizer is not {@link #capturable()}
     */
    public final void stepScalarsOnly() {
        if (!capturable()) {
            throw new IllegalStateException(name + ": its steps cannot be captured (an update made of tensor ops "
                    + "would replay the capture's rate)");
        }
        step(true);
    }

    private void step(boolean scalarsOnly) {
        for (ParamGroup group : groups) {
            for (Map.Entry<String, Tensor> e : group.params().entrySet()) {
                if (e.getValue().isClosed()) {
                    throw new IllegalStateException(name + ".step: parameter '" + e.getKey() + "' is closed (was its "
                            + "module closed?); nothing was updated");
                }
            }
        }
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            for (ParamGroup group : groups) {
                List<String> names = new ArrayList<>();
                List<Tensor> params = new ArrayList<>();
                List<Tensor> grads = new ArrayList<>();
                for (Map.Entry<String, Tensor> e : group.params().entrySet()) {
                    Tensor grad = e.getValue().grad();
                    if (grad != null) {
                        names.add(e.getKey());
                        params.add(e.getValue());
                        grads.add(grad);
                    }
                }
                if (!params.isEmpty()) {
                    for (String n : names) {
                        paramSteps.merge(n, 1L, Long::sum);
                    }
                    this.scalarsOnly = scalarsOnly;
                    try {
                        stepGroup(group, names, params, grads);
                    } finally {
                        this.scalarsOnly = false;
                    }
                }
            }
        }
        steps++;
    }

    /** False while {@link #stepScalarsOnly()} runs {@link #stepGroup}: write the step scalars, update nothing. */
    protected final boolean updating() {
        return !scalarsOnly;
    }

    /**
     * The step-scalar tensor ({@link dev.tessera.ParameterUpdates#newStepScalars}) of the fused update of the
     * parameters that start with {@code firstParam}, created on first use on the device of {@code like}; null when
     * the update may take its scalars as launch arguments (no capture is open there and no replay is being
     * prepared).
     */
    protected final Tensor stepScalars(String firstParam, Tensor like) {
        if (!scalarsOnly && !like.device().isCapturing()) {
            return null;
        }
        return scalars.computeIfAbsent(firstParam,
                k -> Scope.persist(dev.tessera.ParameterUpdates.newStepScalars(like.device())));
    }

    /**
     * Applies one update to the parameters of {@code group} that have gradients. {@link #paramStep} already counts
     * this step. Runs with grad mode off inside a scope that closes temporaries.
     */
    protected abstract void stepGroup(ParamGroup group, List<String> names, List<Tensor> params, List<Tensor> grads);

    /** Clears the gradients of every parameter. */
    public final void zeroGrad() {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params().values()) {
                p.zeroGrad();
            }
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * The state tensor {@code key} of parameter {@code param}, created on first use filled with {@code initial}
     * (shape, dtype and device of the parameter) and owned by this optimizer.
     */
    protected final Tensor state(String param, String key, Tensor like, double initial) {
        Map<String, Tensor> s = state.computeIfAbsent(param, k -> new LinkedHashMap<>());
        Tensor t = s.get(key);
        if (t == null) {
            t = Scope.persist(Tensor.full(initial, like.shape(), like.dtype(), like.device()));
            s.put(key, t);
        }
        return t;
    }

    /** Whether parameter {@code param} already has state {@code key}. */
    protected final boolean hasState(String param, String key) {
        Map<String, Tensor> s = state.get(param);
        return s != null && s.containsKey(key);
    }

    /** How many steps parameter {@code param} has taken, this one included (1 on its first). */
    protected final long paramStep(String param) {
        return paramSteps.getOrDefault(param, 0L);
    }

    /** The groups (their rates may be changed through {@link ParamGroup#setLr}). */
    public final List<ParamGroup> groups() {
        return groups;
    }

    /** Sets the rate of every group to {@code base} times the group's initial rate over the first group's. */
    public final void setLr(double rate) {
        double first = groups.get(0).initialLr();
        for (ParamGroup g : groups) {
            g.setLr(first == 0 ? rate : rate * g.initialLr() / first);
        }
    }

    /** The first group's current rate. */
    public final double lr() {
        return groups.get(0).lr();
    }

    /** Number of {@link #step()} calls so far. */
    public final long steps() {
        return steps;
    }

    /** Every state tensor by its key {@code optim.state.<param>.<key>} (the live tensors; read-only use). */
    public final Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((p, m) -> m.forEach((k, t) -> out.put(PREFIX + "state." + p + "." + k, t)));
        return Collections.unmodifiableMap(out);
    }

    /** The scalar state: step counts and group rates, as exact strings. */
    public final Map<String, String> stateScalars() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(TYPE_KEY, name);
        out.put(PREFIX + "steps", Long.toString(steps));
        for (int i = 0; i < groups.size(); i++) {
            out.put(PREFIX + "group." + i + ".lr", Double.toString(groups.get(i).lr()));
        }
        paramSteps.forEach((p, n) -> out.put(PREFIX + "state." + p + ".step", Long.toString(n)));
        return out;
    }

    /**
     * Replaces all state by the given one (as produced by {@link #stateTensors()} and {@link #stateScalars()};
     * other keys are ignored). Tensor values are copied, the arguments are not modified. Everything is checked
     * before the current state is replaced, so on an exception the optimizer is unchanged.
     *
     * @throws IllegalArgumentException for the state of another optimizer type ({@link #TYPE_KEY}), naming a key
     *                                  whose parameter is unknown or whose shape differs, or a scalar that is
     *                                  missing or not a number
     */
    public final void loadState(Map<String, Tensor> tensors, Map<String, String> scalars) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        groups.forEach(g -> byName.putAll(g.params()));
        checkStructure(byName, scalars);
        Map<String, Map<String, Tensor>> fresh = new LinkedHashMap<>();
        String statePrefix = PREFIX + "state.";
        try {
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                if (!e.getKey().startsWith(statePrefix)) {
                    continue;
                }
                String rest = e.getKey().substring(statePrefix.length());
                int dot = rest.lastIndexOf('.');
                String param = dot < 0 ? rest : rest.substring(0, dot);
                Tensor p = byName.get(param);
                if (p == null || dot < 0) {
                    throw new IllegalArgumentException(name + ".loadState: '" + e.getKey()
                            + "' names no parameter of this optimizer");
                }
                if (!e.getValue().shape().equals(p.shape())) {
                    throw new IllegalArgumentException(name + ".loadState: '" + e.getKey() + "' has shape "
                            + e.getValue().shape() + " but parameter '" + param + "' has " + p.shape());
                }
                Tensor copy = Scope.persist(Tensor.zeros(p.shape(), p.dtype(), p.device()));
                fresh.computeIfAbsent(param, k -> new LinkedHashMap<>()).put(rest.substring(dot + 1), copy);
                try (GradMode.Guard g = GradMode.noGrad()) {
                    copy.assign(e.getValue());
                }
            }
        } catch (RuntimeException ex) {
            fresh.values().forEach(m -> m.values().forEach(Tensor::close));
            throw ex;
        }
        long newSteps;
        Map<String, Long> newParamSteps = new LinkedHashMap<>();
        double[] lrs = new double[groups.size()];
        try {
            if (scalars.get(PREFIX + "steps") == null) {
                throw new IllegalArgumentException(name + ".loadState: missing '" + PREFIX + "steps'");
            }
            newSteps = count(scalars, PREFIX + "steps");
            for (String p : byName.keySet()) {
                if (scalars.get(statePrefix + p + ".step") != null) {
                    newParamSteps.put(p, count(scalars, statePrefix + p + ".step"));
                }
            }
            for (int i = 0; i < groups.size(); i++) {
                String key = PREFIX + "group." + i + ".lr";
                String v = scalars.get(key);
                lrs[i] = v == null ? groups.get(i).lr() : rate(key, v);
            }
        } catch (RuntimeException ex) {
            fresh.values().forEach(m -> m.values().forEach(Tensor::close));
            throw ex;
        }
        closeState();
        state.putAll(fresh);
        paramSteps.putAll(newParamSteps);
        steps = newSteps;
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(lrs[i]);
        }
    }

    /**
     * Refuses state saved by another optimizer type, or for parameters this one does not have.
     */
    private void checkStructure(Map<String, Tensor> byName, Map<String, String> scalars) {
        String type = scalars.get(TYPE_KEY);
        if (type != null && !type.equals(name)) {
            throw new IllegalArgumentException(name + ".loadState: the state was saved by " + type + ", not " + name
                    + " (restore it into the same optimizer type)");
        }
        String statePrefix = PREFIX + "state.";
        for (String key : scalars.keySet()) {
            if (key.startsWith(statePrefix) && key.endsWith(".step")) {
                String param = key.substring(statePrefix.length(), key.length() - ".step".length());
                if (!byName.containsKey(param)) {
                    throw new IllegalArgumentException(name + ".loadState: '" + key + "' names no parameter of this "
                            + "optimizer (the state was saved for other parameters: " + byName.size() + " here)");
                }
            }
        }
        int saved = 0;
        while (scalars.containsKey(PREFIX + "group." + saved + ".lr")) {
            saved++;
        }
        if (saved > groups.size()) {
            throw new IllegalArgumentException(name + ".loadState: the state has " + saved + " parameter groups, this "
                    + "optimizer " + groups.size());
        }
    }

    /** The non-negative integer stored under {@code key}. */
    private long count(Map<String, String> scalars, String key) {
        String v = scalars.get(key);
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ".loadState: '" + key + "' is '" + v
                + "', expected a non-negative integer");
    }

    /** The learning rate {@code v} stored under {@code key}. */
    private double rate(String key, String v) {
        try {
            double lr = Double.parseDouble(v);
            if (lr >= 0 && !Double.isInfinite(lr)) {
                return lr;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ".loadState: '" + key + "' is '" + v
                + "', expected a non-negative number");
    }

    /** Releases every state tensor (the optimizer then starts afresh on its next step). */
    public final void closeState() {
        state.values().forEach(m -> m.values().forEach(Tensor::close));
        state.clear();
        paramSteps.clear();
    }

    /** The optimizer's name, e.g. {@code AdamW}. */
    public final String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + "(groups=" + groups.size() + ", lr=" + lr() + ", steps=" + steps + ")";
    }
}
