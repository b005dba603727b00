package dev.tessera.cli;

import dev.tessera.Tensor;
import dev.tessera.optim.Adagrad;
import dev.tessera.optim.Adam;
import dev.tessera.optim.AdamW;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.ParamGroup;
import dev.tessera.optim.RMSprop;
import dev.tessera.optim.SGD;
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
        if (!NAMES.contains(name.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--optimizer: unknown optimizer '" + name + "' (expected "
                    + String.join(", ", NAMES) + ")");
        }
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
            case "sgd" -> new SGD(all, o.lr, 0, 0, false, wd, false);
            case "momentum" -> new SGD(all, o.lr, o.momentum, 0, false, wd, false);
            case "nesterov" -> new SGD(all, o.lr, o.momentum, 0, true, wd, false);
            case "adagrad" -> new Adagrad(all, o.lr, 0, wd, 0, 1e-10);
            case "rmsprop" -> new RMSprop(all, o.lr, 0.99, 1e-8, wd, 0, false);
            case "adam" -> new Adam(all, o.lr, 0.9, 0.999, 1e-8, wd, false);
            case "adamw" -> new AdamW(ParamGroup.decayAndNoDecay(params, wd), o.lr, 0.9, 0.999, 1e-8, wd, false);
            default -> throw new IllegalStateException("Optimizers: unhandled " + name);
        };
    }
}
