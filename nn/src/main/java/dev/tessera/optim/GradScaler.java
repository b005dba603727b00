package dev.tessera.optim;

import dev.tessera.DType;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.Require;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dynamic loss scaling for FLOAT16 training, with the semantics of PyTorch's {@code torch.cuda.amp.GradScaler}.
 *
 * <pre>{@code
 * scaler.scale(loss).backward();   // gradients of S * loss: small FLOAT16 gradients no longer flush to zero
 * scaler.unscale(optimizer);       // optional, before clipping: gradients divided by S, inf/NaN recorded
 * scaler.step(optimizer);          // unscales if not done; skips the update when any gradient is inf or NaN
 * scaler.update();                 // adjusts S for the next step
 * }</pre>
 *
 * <h2>Scale rule</h2>
 * With scale S (initially {@code initScale}, default 2^16), growth factor g (2), backoff factor b (0.5) and growth
 * interval n (2000), {@link #update()} after a step sets
 * <ul>
 *   <li>{@code S = S * b} and the growth tracker to 0 when a gradient was inf or NaN (the step was skipped);</li>
 *   <li>else the tracker plus 1; when that reaches n, {@code S = S * g} and the tracker to 0.</li>
 * </ul>
 * This is {@code torch._amp_update_scale_}. Unscaling multiplies each gradient by {@code 1/S} computed in FLOAT32
 * (PyTorch: {@code scale.double().reciprocal().float()}), in place. The inf/NaN check reads one number per
 * {@link #unscale} back from the device, as PyTorch's {@code step} does.
 *
 * <h2>Order per optimizer</h2>
 * {@code unscale} at most once between two {@link #update()} calls, {@code step} at most once; {@code update} after
 * at least one {@code step} or {@code unscale}. Breaking the order is an {@link IllegalStateException}, as in PyTorch.
 * Gradients must be FLOAT32 or FLOAT64 (FP32 master weights): FLOAT16 gradients are refused, as PyTorch refuses them.
 */
public final class GradScaler {
    /** The prefix of the keys of {@link #state()}. */
    public static final String PREFIX = "grad_scaler.";
    private final double growthFactor;
    private final double backoffFactor;
    private final int growthInterval;
    private double scale;
    private int growthTracker;
    private final Map<Optimizer, Stage> stages = new IdentityHashMap<>();

    /** What one optimizer has done since the last update, and whether its gradients held an inf or NaN. */
    private record Stage(boolean unscaled, boolean stepped, boolean foundInf) {
    }

    /** PyTorch's defaults: initial scale 2^16, growth x2 after 2000 good steps, backoff x0.5. */
    public GradScaler() {
        this(65536.0, 2.0, 0.5, 2000);
    }

    /**
     * A scaler with the given rule.
     *
     * @throws IllegalArgumentException when initScale is not positive and finite, growthFactor is not above 1,
     *                                  backoffFactor is not in (0, 1), or growthInterval is not positive
     */
    public GradScaler(double initScale, double growthFactor, double backoffFactor, int growthInterval) {
        if (!(initScale > 0 && Double.isFinite(initScale))) {
            throw new IllegalArgumentException("GradScaler: initScale must be positive and finite, got " + initScale);
        }
        if (!(growthFactor > 1 && Double.isFinite(growthFactor))) {
            throw new IllegalArgumentException("GradScaler: growthFactor must be > 1, got " + growthFactor);
        }
        Require.in("GradScaler", "backoffFactor", backoffFactor, Require.Unit.OPEN);
        Require.atLeast("GradScaler", "growthInterval", growthInterval, 1);
        this.scale = (float) initScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
    }

    /** {@code loss * S}, differentiable, in the loss's type. */
    public Tensor scale(Tensor loss) {
        return loss.mul(scale);
    }

    /**
     * Divides every gradient of {@code optimizer}'s parameters by S in place and records whether any is inf or NaN
     * (one read from the device).
     *
     * @throws IllegalStateException when called twice for this optimizer since the last {@link #update()}, after
     *                               its {@link #step}, or for a FLOAT16 gradient
     */
    public void unscale(Optimizer optimizer) {
        Stage stage = stages.get(optimizer);
        if (stage != null && stage.unscaled()) {
            throw new IllegalStateException("GradScaler.unscale: already called for " + optimizer.name()
                    + " since the last update()");
        }
        if (stage != null && stage.stepped()) {
            throw new IllegalStateException("GradScaler.unscale: called after step() for " + optimizer.name()
                    + "; call update() first");
        }
        double inverse = (float) (1.0 / scale);
        boolean foundInf = false;
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            Tensor nonFinite = null;
            for (ParamGroup group : optimizer.groups()) {
                for (Map.Entry<String, Tensor> e : group.params().entrySet()) {
                    Tensor grad = e.getValue().grad();
                    if (grad == null) {
                        continue;
                    }
                    if (grad.dtype() == DType.FLOAT16) {
                        throw new IllegalStateException("GradScaler.unscale: parameter '" + e.getKey() + "' has a "
                                + "FLOAT16 gradient; keep parameters in FLOAT32 (master weights) and use autocast");
                    }
                    grad.mulInPlace(inverse);
                    // 0 * x is 0 for finite x and NaN for inf or NaN, so the sum is NaN iff an element is not finite.
                    Tensor probe = grad.mul(0.0).sum().to(DType.FLOAT32);
                    nonFinite = nonFinite == null ? probe : nonFinite.add(probe);
                }
            }
            foundInf = nonFinite != null && Double.isNaN(nonFinite.item());
        }
        stages.put(optimizer, new Stage(true, false, foundInf));
    }

    /**
     * Unscales (unless {@link #unscale} already did since the last update) and steps {@code optimizer} unless a
     * gradient is inf or NaN. Returns whether the optimizer stepped.
     *
     * @throws IllegalStateException when {@code step} was already called for this optimizer since the last update
     */
    public boolean step(Optimizer optimizer) {
        Stage stage = stages.get(optimizer);
        if (stage != null && stage.stepped()) {
            throw new IllegalStateException("GradScaler.step: already called for " + optimizer.name()
                    + " since the last update()");
        }
        if (stage == null) {
            unscale(optimizer);
            stage = stages.get(optimizer);
        }
        if (!stage.foundInf()) {
            optimizer.step();
        }
        stages.put(optimizer, new Stage(true, true, stage.foundInf()));
        return !stage.foundInf();
    }

    /**
     * Applies the scale rule (class javadoc) to the inf/NaN findings of every optimizer since the last update, and
     * forgets them.
     *
     * @throws IllegalStateException when no {@link #unscale} or {@link #step} ran since the last update
     */
    public void update() {
        if (stages.isEmpty()) {
            throw new IllegalStateException("GradScaler.update: no unscale() or step() since the last update(); "
                    + "nothing was checked for inf/NaN");
        }
        boolean foundInf = stages.values().stream().anyMatch(Stage::foundInf);
        stages.clear();
        if (foundInf) {
            scale = (float) (scale * backoffFactor);
            growthTracker = 0;
        } else if (++growthTracker == growthInterval) {
            double grown = (float) (scale * growthFactor);
            if (Double.isFinite(grown)) {
                scale = grown;
            }
            growthTracker = 0;
        }
    }

    /** The current scale S (a FLOAT32 value, as PyTorch keeps it). */
    public double currentScale() {
        return scale;
    }

    /** Good steps since the last change of S (or bad step). */
    public int growthTracker() {
        return growthTracker;
    }

    /**
     * The state PyTorch's {@code state_dict} holds, under {@link #PREFIX}: {@code scale}, {@code growth_factor},
     * {@code backoff_factor}, {@code growth_interval} and {@code growth_tracker}, as exact strings.
     */
    public Map<String, String> state() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(PREFIX + "scale", Double.toString(scale));
        out.put(PREFIX + "growth_factor", Double.toString(growthFactor));
        out.put(PREFIX + "backoff_factor", Double.toString(backoffFactor));
        out.put(PREFIX + "growth_interval", Integer.toString(growthInterval));
        out.put(PREFIX + "growth_tracker", Integer.toString(growthTracker));
        return out;
    }

    /**
     * Restores the scale and growth tracker written by {@link #state()} (other keys are ignored; the rule stays the
     * one this scaler was built with, and must equal the saved one).
     *
     * @throws IllegalArgumentException naming the key when one is missing or malformed, or the saved rule differs
     */
    public void loadState(Map<String, String> state) {
        double savedScale = number(state, "scale");
        int tracker = (int) number(state, "growth_tracker");
        if (number(state, "growth_factor") != growthFactor || number(state, "backoff_factor") != backoffFactor
                || number(state, "growth_interval") != growthInterval) {
            throw new IllegalArgumentException("GradScaler.loadState: the saved rule (growth "
                    + state.get(PREFIX + "growth_factor") + ", backoff " + state.get(PREFIX + "backoff_factor")
                    + ", interval " + state.get(PREFIX + "growth_interval") + ") differs from this scaler's ("
                    + growthFactor + ", " + backoffFactor + ", " + growthInterval + ")");
        }
        if (!(savedScale > 0 && Double.isFinite(savedScale)) || tracker < 0 || tracker >= growthInterval) {
            throw new IllegalArgumentException("GradScaler.loadState: scale " + savedScale + " and growth tracker "
                    + tracker + " are not a valid state for interval " + growthInterval);
        }
        scale = savedScale;
        growthTracker = tracker;
        stages.clear();
    }

    private static double number(Map<String, String> state, String key) {
        String v = state.get(PREFIX + key);
        if (v == null) {
            throw new IllegalArgumentException("GradScaler.loadState: '" + PREFIX + key + "' is missing");
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GradScaler.loadState: '" + PREFIX + key + "' is '" + v
                    + "', not a number", e);
        }
    }
}
