package dev.tessera.train;

import dev.tessera.CaptureException;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.StepGraph;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Module;
import dev.tessera.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One training step (zero the gradients, forward, loss, backward, optimizer update) captured once per input shape
 * as a {@link StepGraph} and replayed, as PyTorch's {@code torch.cuda.graphs} does: the host issues one graph launch
 * per step instead of every kernel, which is what makes small steps fast on a GPU.
 *
 * <h2>How a step runs</h2>
 * <ol>
 *   <li>The first {@link Builder#warmupSteps warm-up} steps run eagerly (they create the optimizer's state and
 *       settle lazily made tensors, which must not be created inside a graph).</li>
 *   <li>Then, for each new input signature (shapes and dtypes of features and targets, and the model's training
 *       flag), the step is captured with the inputs copied into fixed tensors, and the graph replays once to make
 *       the step. A later batch of a signature already seen is copied into that graph's fixed inputs, the
 *       optimizer's step-dependent scalars (the rate a schedule set, Adam's bias corrections) are written to device
 *       memory ({@link Optimizer#stepScalarsOnly()}), and the graph replays. A new signature captures a new graph;
 *       a graph is never replayed on inputs of another shape.</li>
 *   <li>If a step cannot be captured, the step runs eagerly from then on and the reason is logged once
 *       ({@link #eagerReason()}): a backend without step capture, an optimizer whose update is not
 *       {@link Optimizer#capturable()}, an op inside the step that reads from the device ({@code item()}, an index
 *       range check, see {@link dev.tessera.Tessera#setIndexChecks}), a random draw (dropout), or optimizer state
 *       created during the capture.</li>
 * </ol>
 * Replayed steps equal eager steps bit for bit on the recording backends (cpu, reference).
 *
 * <p>{@link #run} returns the step's loss as a tensor that belongs to this object and holds its value until the
 * next run or {@link #close()}; reading it ({@code item()}) waits for the step. After a step each parameter's
 * {@link Tensor#grad()} holds that step's gradient (in a graph's memory while captured). The step itself zeroes the
 * gradients: do not close or replace them between runs (a changed gradient tensor makes the next run capture again).
 * Not thread-safe.
 */
public final class CompiledStep implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.tessera.train.CompiledStep");

    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int warmupSteps;
    private final Map<Signature, Graph> graphs = new HashMap<>();
    private int eagerSteps;
    private String eagerReason;
    private Tensor eagerLoss;
    private Tensor eagerOutput;
    private Tensor lastOutput;

    private CompiledStep(Module model, Loss loss, Optimizer optimizer, int warmupSteps, String eagerReason) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.warmupSteps = warmupSteps;
        this.eagerReason = eagerReason;
    }

    /** A builder for steps of {@code model} trained on {@code loss} by {@code optimizer}. */
    public static Builder builder(Module model, Loss loss, Optimizer optimizer) {
        return new Builder(model, loss, optimizer);
    }

    /** Builds a {@link CompiledStep}. */
    public static final class Builder {
        private final Module model;
        private final Loss loss;
        private final Optimizer optimizer;
        private int warmupSteps = 2;
        private boolean capture = true;

        private Builder(Module model, Loss loss, Optimizer optimizer) {
            if (model == null || loss == null || optimizer == null) {
                throw new IllegalArgumentException("CompiledStep: model, loss and optimizer must not be null");
            }
            this.model = model;
            this.loss = loss;
            this.optimizer = optimizer;
        }

        /** Eager steps before the first capture, in [1, 100] (default 2; PyTorch warms up with 1 to 3). */
        public Builder warmupSteps(int n) {
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException("CompiledStep: warmupSteps must be in [1, 100], got " + n);
            }
            this.warmupSteps = n;
            return this;
        }

        /** Whether to capture at all (default true); false runs every step eagerly. */
        public Builder capture(boolean on) {
            this.capture = on;
            return this;
        }

        /** The step. */
        public CompiledStep build() {
            return new CompiledStep(model, loss, optimizer, warmupSteps, capture ? null : "capture turned off");
        }
    }

    /**
     * One training step on a batch.
     *
     * @return the batch's loss (a scalar owned by this object; valid until the next run or {@link #close()})
     * @throws IllegalStateException when closed
     */
    public Tensor run(Tensor features, Tensor targets) {
        closeEager();
        if (eagerReason == null && eagerSteps >= warmupSteps) {
            Signature key = new Signature(features.shape(), features.dtype(), targets.shape(), targets.dtype(),
                    model.isTraining());
            Graph g = graphs.get(key);
            if (g != null && !g.gradientsUnchanged()) {
                graphs.remove(key).close();
                g = null;
            }
            if (g == null) {
                g = capture(features, targets).orElse(null);
                if (g != null) {
                    graphs.put(key, g);
                }
            } else {
                g.replay(features, targets);
            }
            if (g != null) {
                lastOutput = g.output;
                return g.loss;
            }
        }
        eagerSteps++;
        try (Scope s = Scope.open()) {
            Tensor[] outLoss = step(features, targets);
            eagerOutput = Scope.persist(outLoss[0].detach());
            eagerLoss = Scope.persist(outLoss[1].detach());
        }
        lastOutput = eagerOutput;
        return eagerLoss;
    }

    /**
     * The model's output of the last {@link #run} (owned by this object, valid until the next run or close), for
     * metrics such as accuracy.
     *
     * @throws IllegalStateException before the first run
     */
    public Tensor output() {
        if (lastOutput == null) {
            throw new IllegalStateException("CompiledStep.output: no step has run yet");
        }
        return lastOutput;
    }

    private void closeEager() {
        for (Tensor t : new Tensor[]{eagerLoss, eagerOutput}) {
            if (t != null) {
                t.close();
            }
        }
        eagerLoss = null;
        eagerOutput = null;
        lastOutput = null;
    }

    /** Why steps run eagerly, or empty while they are captured (or still warming up). */
    public Optional<String> eagerReason() {
        return Optional.ofNullable(eagerReason);
    }

    /** Graphs held, one per input signature seen since the warm-up. */
    public int graphCount() {
        return graphs.size();
    }

    /** Closes every graph (freeing its memory) and the last loss. */
    @Override
    public void close() {
        graphs.values().forEach(Graph::close);
        graphs.clear();
        closeEager();
    }

    /** The eager step; returns the model's output and the loss (in the caller's scope). */
    private Tensor[] step(Tensor features, Tensor targets) {
        optimizer.zeroGrad();
        Tensor out = model.forward(features);
        Tensor l = loss.compute(out, targets);
        if (l.numel() != 1) {
            throw new IllegalArgumentException("CompiledStep: the loss must reduce to a scalar (reduction MEAN or "
                    + "SUM), got shape " + l.shape());
        }
        l.backward();
        optimizer.step();
        return new Tensor[]{out, l};
    }

    /** Captures a graph for the signature of these inputs and replays it once; empty (and eager from now) if not. */
    private Optional<Graph> capture(Tensor features, Tensor targets) {
        Device device = features.device();
        Optional<String> refused = StepGraph.unsupportedReason(device);
        if (refused.isEmpty() && !optimizer.capturable()) {
            refused = Optional.of(optimizer.name() + " cannot be captured (its update would replay the rate of the "
                    + "capture)");
        }
        if (refused.isPresent()) {
            fallBack(refused.get());
            return Optional.empty();
        }
        Tensor x;
        Tensor y;
        try (GradMode.Guard g = GradMode.noGrad()) {
            x = Scope.persist(features.detach().copy());
            y = Scope.persist(targets.detach().copy());
        }
        int stateBefore = optimizer.stateTensors().size();
        Tensor[] outLoss = new Tensor[2];
        StepGraph graph;
        try {
            graph = StepGraph.capture(device, () -> {
                try (Scope s = Scope.open()) {
                    Tensor[] made = step(x, y);
                    outLoss[0] = Scope.persist(made[0].detach());
                    outLoss[1] = Scope.persist(made[1].detach());
                }
            });
        } catch (CaptureException e) {
            x.close();
            y.close();
            fallBack("the step cannot be captured: " + e.getMessage());
            return Optional.empty();
        }
        Graph made = new Graph(graph, x, y, outLoss[0], outLoss[1], gradients());
        graph.replay();
        if (optimizer.stateTensors().size() != stateBefore) {
            made.close();
            fallBack(optimizer.name() + " created state during the capture (a parameter had no gradient in the "
                    + "warm-up steps); a replay would reset it");
            return Optional.empty();
        }
        return Optional.of(made);
    }

    private void fallBack(String reason) {
        eagerReason = reason;
        LOG.log(System.Logger.Level.WARNING, "CompiledStep runs eagerly: " + reason);
    }

    private Map<Tensor, Tensor> gradients() {
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        for (Tensor p : model.parameters()) {
            grads.put(p, p.grad());
        }
        return grads;
    }

    /** The shapes and dtypes of a step's inputs and the model's training flag: one graph each. */
    private record Signature(Shape features, DType featureType, Shape targets, DType targetType, boolean training) {
    }

    /** One captured step: its graph, fixed inputs, static output and loss, and the gradient tensors it writes. */
    private final class Graph {
        private final StepGraph graph;
        private final Tensor x;
        private final Tensor y;
        private final Tensor output;
        private final Tensor loss;
        private final Map<Tensor, Tensor> grads;

        Graph(StepGraph graph, Tensor x, Tensor y, Tensor output, Tensor loss, Map<Tensor, Tensor> grads) {
            this.graph = graph;
            this.x = x;
            this.y = y;
            this.output = output;
            this.loss = loss;
            this.grads = grads;
        }

        /** Whether every parameter still has the gradient tensor the capture made (the optimizer steps on those). */
        boolean gradientsUnchanged() {
            for (Map.Entry<Tensor, Tensor> e : grads.entrySet()) {
                if (e.getKey().grad() != e.getValue()) {
                    return false;
                }
            }
            return true;
        }

        void replay(Tensor features, Tensor targets) {
            x.assign(features);
            y.assign(targets);
            optimizer.stepScalarsOnly();
            graph.replay();
        }

        void close() {
            List<Tensor> own = new ArrayList<>(List.of(x, y, output, loss));
            graph.close();
            own.forEach(Tensor::close);
        }
    }
}
