package dev.tessera.cli;

import dev.tessera.Tensor;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.loss.Loss;
import dev.tessera.loss.MSELoss;
import dev.tessera.loss.Penalty;
import dev.tessera.loss.Reduction;
import dev.tessera.loss.SquaredEMDLoss;
import dev.tessera.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code --loss} names, the losses they make, and the L1/L2 penalties added to them. */
final class Losses {
    private static final List<String> NAMES = List.of("cross-entropy", "squared-emd", "mse");

    private Losses() {
    }

    /**
     * Checks the loss name and that label smoothing is only asked of the cross-entropy.
     *
     * @throws IllegalArgumentException naming the option and what is accepted
     */
    static void check(TrainOptions o) {
        String name = Checks.oneOf("--loss", o.loss, NAMES);
        if (o.labelSmoothing != 0 && !name.equals("cross-entropy")) {
            throw new IllegalArgumentException("--label-smoothing applies to the cross-entropy loss only, not to "
                    + name);
        }
    }

    /**
     * The data loss, mean over the batch: cross-entropy of the logits (with label smoothing), squared earth mover's
     * distance of their softmax, or the mean squared error between the outputs and one-hot targets.
     */
    static Loss base(TrainOptions o, int classes) {
        check(o);
        return switch (o.loss.trim().toLowerCase(Locale.ROOT)) {
            case "cross-entropy" -> new CrossEntropyLoss(null, o.labelSmoothing, Reduction.MEAN);
            case "squared-emd" -> new SquaredEMDLoss(Reduction.MEAN);
            case "mse" -> {
                MSELoss mse = new MSELoss(Reduction.MEAN);
                yield (out, labels) -> mse.compute(out, labels.oneHot(classes).to(out.dtype()));
            }
            default -> throw new IllegalStateException("Losses: unhandled " + o.loss);
        };
    }

    /**
     * The training objective: {@code base + l1 sum|w| + l2 sum w^2} over the model's weight matrices (parameters of
     * rank 2 or more; biases and norm parameters are not penalized), or {@code base} itself without penalties.
     */
    static Loss training(Loss base, TrainOptions o, Module model) {
        List<Penalty> penalties = new ArrayList<>();
        List<Tensor> weights = new ArrayList<>();
        model.namedParameters().values().forEach(p -> {
            if (p.rank() >= 2) {
                weights.add(p);
            }
        });
        if (o.l1 > 0) {
            penalties.add(new Penalty(Penalty.Kind.L1, o.l1, weights));
        }
        if (o.l2 > 0) {
            penalties.add(new Penalty(Penalty.Kind.L2, o.l2, weights));
        }
        if (penalties.isEmpty()) {
            return base;
        }
        return (out, target) -> {
            Tensor l = base.compute(out, target);
            for (Penalty p : penalties) {
                l = p.addTo(l);
            }
            return l;
        };
    }
}
