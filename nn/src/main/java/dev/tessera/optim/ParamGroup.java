package dev.tessera.optim;

import dev.tessera.Tensor;
import dev.tessera.nn.Require;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of named parameters sharing a learning rate and a weight decay (PyTorch's {@code param_groups}). Unset
 * values fall back to the optimizer's. The optimizer records the rate it starts with as {@link #initialLr()}, the
 * base every {@link dev.tessera.optim.schedule.LrSchedule} scales; schedules then change {@link #lr()}.
 */
public final class ParamGroup {
    private final Map<String, Tensor> params;
    private Double lr;
    private Double weightDecay;
    private double initialLr = Double.NaN;

    private ParamGroup(Map<String, Tensor> params) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A group of {@code params} by name (e.g. {@code model.namedParameters()}), with the optimizer's settings. */
    public static ParamGroup of(Map<String, Tensor> params) {
        return new ParamGroup(params);
    }

    /**
     * The usual split for decoupled weight decay: parameters of rank 2 and more (weights) decay by
     * {@code weightDecay}, the others (biases, norm and PReLU parameters) do not.
     */
    public static List<ParamGroup> decayAndNoDecay(Map<String, Tensor> params, double weightDecay) {
        Map<String, Tensor> decay = new LinkedHashMap<>();
        Map<String, Tensor> noDecay = new LinkedHashMap<>();
        params.forEach((k, v) -> (v.rank() >= 2 ? decay : noDecay).put(k, v));
        List<ParamGroup> out = new ArrayList<>();
        if (!decay.isEmpty()) {
            out.add(of(decay).withWeightDecay(weightDecay));
        }
        if (!noDecay.isEmpty()) {
            out.add(of(noDecay).withWeightDecay(0.0));
        }
        return out;
    }

    /** This group with its own learning rate. Returns this. */
    public ParamGroup withLr(double rate) {
        this.lr = rate;
        return this;
    }

    /** This group with its own weight decay. Returns this. */
    public ParamGroup withWeightDecay(double decay) {
        this.weightDecay = decay;
        return this;
    }

    /** Fills unset values from the optimizer's defaults and records the initial rate; called once by it. */
    void resolve(String optimizer, int index, double defaultLr, double defaultWeightDecay) {
        if (lr == null) {
            lr = defaultLr;
        }
        if (weightDecay == null) {
            weightDecay = defaultWeightDecay;
        }
        Require.finiteNonNegative(optimizer, "lr of group " + index, lr);
        Require.finiteNonNegative(optimizer, "weightDecay of group " + index, weightDecay);
        initialLr = lr;
    }

    /** The parameters by name (unmodifiable). */
    public Map<String, Tensor> params() {
        return params;
    }

    /** The current learning rate. */
    public double lr() {
        return lr;
    }

    /**
     * Sets the current learning rate (schedules do this).
     *
     * @throws IllegalArgumentException when the rate is negative or NaN
     */
    public void setLr(double rate) {
        Require.finiteNonNegative("ParamGroup", "lr", rate);
        this.lr = rate;
    }

    /** The rate the optimizer started with (the base of schedules). */
    public double initialLr() {
        return initialLr;
    }

    /** The weight decay. */
    public double weightDecay() {
        return weightDecay;
    }
}
