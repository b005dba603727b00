package dev.tessera.cli;

import dev.tessera.Tensor;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.ParamGroup;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code --optimizer} names and the optimizers they make, with PyTorch's default constants. */
final class Optimizers {
    private static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam",
            "adamw");

    private Optimizers() {
    }

    /**
     * Checks {@code name} is known.
     *
     * @throws IllegalArgumentException naming it and the known ones
     */
    static void check(String name) {
        Checks.oneOf("--optimizer", name, NAMES);
    }

    /** The weight decay in effect: {@code --weight-decay}, else 0.01 for adamw and 0 for the others. */
    static double weightDecay(TrainOptions o) {
        return o.weightDecay != null ? o.weightDecay
                : o.optimizer.trim().toLowerCase(Locale.ROOT).equals("adamw") ? 0.01 : 0.0;
    }

    /**
     * The optimizer of {@code params}: sgd (plain), momentum and nesterov (SGD with {@code --momentum}), adagrad,
     * rmsprop (alpha 0.99), adam and adamw (betas 0.9, 0.999). Weight decay is added to the gradient, except for
     * adamw, which decays the weight matrices directly (default 0.01) and spares biases and norm parameters.
     */
    static Optimizer create(TrainOptions o, Map<String, Tensor> params) {
        check(o.optimizer);
        String name = o.optimizer.trim().toLowerCase(Locale.ROOT);
        double wd = weightDecay(o);
        List<ParamGroup> all = List.of(ParamGroup.of(params));
        return switch (name) {
            case "sgd" -> dev.tessera.optim.Optimizers.sgd(all).lr(o.lr).weightDecay(wd).build();
            case "momentum" -> dev.tessera.optim.Optimizers.sgd(all).lr(o.lr).momentum(o.momentum).weightDecay(wd)
                    .build();
            case "nesterov" -> dev.tessera.optim.Optimizers.sgd(all).lr(o.lr).momentum(o.momentum).nesterov(true)
                    .weightDecay(wd).build();
            case "adagrad" -> dev.tessera.optim.Optimizers.adagrad(all).lr(o.lr).weightDecay(wd).build();
            case "rmsprop" -> dev.tessera.optim.Optimizers.rmsprop(all).lr(o.lr).weightDecay(wd).build();
            case "adam" -> dev.tessera.optim.Optimizers.adam(all).lr(o.lr).weightDecay(wd).build();
            case "adamw" -> dev.tessera.optim.Optimizers.adamW(ParamGroup.decayAndNoDecay(params, wd)).lr(o.lr)
                    .weightDecay(wd).build();
            default -> throw new IllegalStateException("Optimizers: unhandled " + name);
        };
    }
}
