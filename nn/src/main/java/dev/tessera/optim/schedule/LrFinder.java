package dev.tessera.optim.schedule;

import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.nn.Module;
import dev.tessera.nn.Require;
import dev.tessera.optim.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The learning-rate range test (Smith, arXiv 1506.01186, as the notes describe it): starting at {@code minLr}, train
 * one mini-batch at a time while the rate grows exponentially to {@code maxLr},
 * {@code lr_i = minLr (maxLr / minLr)^(i / (steps - 1))}, recording the loss after each and its exponential moving
 * average {@code avg_i = beta avg_{i-1} + (1 - beta) loss_i}, debiased as {@code avg_i / (1 - beta^(i+1))}. The sweep
 * stops early when the smoothed loss exceeds {@code divergence} times its minimum (or is not finite). Afterwards the
 * model (parameters, buffers, random generators, mode) and the optimizer (state, step counts, rates) are restored
 * exactly to what they were, so the sweep leaves no trace. A caller may also stop the sweep between two
 * mini-batches (an interrupted command); the result then holds the points recorded so far. PyTorch has no built-in
 * equivalent.
 */
public final class LrFinder {
    /** Computes the loss of the next mini-batch (the forward pass); the finder runs backward and the step. */
    @FunctionalInterface
    public interface LossFunction {
        /** The scalar loss of the next mini-batch, computed with the model's current parameters. */
        Tensor nextLoss();
    }

    private final double minLr;
    private final double maxLr;
    private final int steps;
    private final double beta;
    private final double divergence;

    /** The usual sweep: 1e-7 to 10 over 100 mini-batches, smoothing 0.98, stop at 4 times the best loss. */
    public LrFinder() {
        this(1e-7, 10, 100, 0.98, 4);
    }

    /**
     * A sweep.
     *
     * @param minLr      first rate, > 0
     * @param maxLr      last rate, > minLr
     * @param steps      mini-batches, >= 2
     * @param beta       smoothing in [0, 1)
     * @param divergence stop when the smoothed loss exceeds this multiple of its minimum, > 1
     * @throws IllegalArgumentException naming the argument and its accepted range
     */
    public LrFinder(double minLr, double maxLr, int steps, double beta, double divergence) {
        if (!(minLr > 0) || !(maxLr > minLr) || Double.isInfinite(maxLr)) {
            throw new IllegalArgumentException("LrFinder: need 0 < minLr < maxLr < inf, got " + minLr + " and "
                    + maxLr);
        }
        Require.atLeast("LrFinder", "steps", steps, 2);
        Require.in("LrFinder", "beta", beta, Require.Unit.CLOSED_OPEN);
        if (!(divergence > 1)) {
            throw new IllegalArgumentException("LrFinder: divergence must be > 1, got " + divergence);
        }
        this.minLr = minLr;
        this.maxLr = maxLr;
        this.steps = steps;
        this.beta = beta;
        this.divergence = divergence;
    }

    /** The rate of sweep step {@code i}. */
    public double rateAt(int i) {
        return minLr * Math.pow(maxLr / minLr, (double) i / (steps - 1));
    }

    /**
     * Runs the sweep on {@code model} with {@code optimizer}, drawing mini-batch losses from {@code loss}, then
     * restores both. Each step runs in its own {@link Scope}.
     */
    public LrFinderResult run(Module model, Optimizer optimizer, LossFunction loss) {
        return run(model, optimizer, loss, () -> false);
    }

    /**
     * As {@link #run(Module, Optimizer, LossFunction)}, asking {@code stop} before each mini-batch: once it answers
     * true the sweep ends there (the model and optimizer are restored as after a full sweep) and the result, marked
     * {@linkplain LrFinderResult#stopped() stopped}, holds the points recorded so far.
     */
    public LrFinderResult run(Module model, Optimizer optimizer, LossFunction loss, BooleanSupplier stop) {
        Snapshot snapshot = new Snapshot(model, optimizer);
        List<LrFinderResult.Point> points = new ArrayList<>();
        boolean diverged = false;
        boolean stopped = false;
        try {
            model.train();
            optimizer.zeroGrad();
            double avg = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < steps; i++) {
                if (stop.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                double lr = rateAt(i);
                optimizer.setLr(lr);
                double value;
                try (Scope s = Scope.open()) {
                    Tensor l = loss.nextLoss();
                    value = l.item();
                    if (Double.isFinite(value)) {
                        l.backward();
                        optimizer.step();
                    }
                    optimizer.zeroGrad();
                }
                if (!Double.isFinite(value)) {
                    diverged = true;
                    break;
                }
                avg = beta * avg + (1 - beta) * value;
                double smoothed = avg / (1 - Math.pow(beta, i + 1));
                points.add(new LrFinderResult.Point(lr, value, smoothed));
                best = Math.min(best, smoothed);
                if (smoothed > divergence * best) {
                    diverged = true;
                    break;
                }
            }
        } finally {
            snapshot.restore(model, optimizer);
        }
        return LrFinderResult.of(points, diverged, stopped);
    }

    /** Copies of everything the sweep changes. */
    private static final class Snapshot {
        private final Map<String, Tensor> modelState = new LinkedHashMap<>();
        private final Map<String, long[]> generators = new LinkedHashMap<>();
        private final boolean training;
        private final Map<String, Tensor> optimizerTensors = new LinkedHashMap<>();
        private final Map<String, String> optimizerScalars;

        Snapshot(Module model, Optimizer optimizer) {
            try (dev.tessera.autograd.GradMode.Guard g = dev.tessera.autograd.GradMode.noGrad()) {
                model.stateDict().forEach((k, v) -> modelState.put(k, Scope.persist(v.copy())));
                optimizer.stateTensors().forEach((k, v) -> optimizerTensors.put(k, Scope.persist(v.copy())));
            }
            for (Map.Entry<String, Generator> e : model.namedGenerators().entrySet()) {
                generators.put(e.getKey(), new long[]{e.getValue().seed(), e.getValue().offset()});
            }
            training = model.isTraining();
            optimizerScalars = optimizer.stateScalars();
        }

        void restore(Module model, Optimizer optimizer) {
            try {
                model.loadStateDict(modelState);
                generators.forEach((k, v) -> model.restoreGenerator(k, v[0], v[1]));
                model.train(training);
                optimizer.zeroGrad();
                optimizer.loadState(optimizerTensors, optimizerScalars);
            } finally {
                modelState.values().forEach(Tensor::close);
                optimizerTensors.values().forEach(Tensor::close);
            }
        }
    }
}
