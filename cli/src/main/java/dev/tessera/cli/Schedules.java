package dev.tessera.cli;

import dev.tessera.optim.schedule.CosineAnnealing;
import dev.tessera.optim.schedule.Cyclical;
import dev.tessera.optim.schedule.ExponentialDecay;
import dev.tessera.optim.schedule.LrSchedule;
import dev.tessera.optim.schedule.Mode;
import dev.tessera.optim.schedule.Newbob;
import dev.tessera.optim.schedule.OneCycle;
import dev.tessera.optim.schedule.ReduceOnPlateau;
import dev.tessera.optim.schedule.StepDecay;
import dev.tessera.optim.schedule.Warmup;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --schedule} names and the learning-rate schedules they make. Every schedule counts optimizer steps
 * ({@code S} per epoch), so {@code --warmup STEPS} composes with any of them:
 * <ul>
 * <li>{@code step}: times gamma (0.1) every {@code --step-size} epochs (a third of the run);</li>
 * <li>{@code exponential}: times gamma (0.9) per epoch, spread evenly over its steps;</li>
 * <li>{@code cosine}: cosine annealing to 0 over the steps after the warm-up;</li>
 * <li>{@code newbob}: times gamma (0.5) whenever the validation loss does not improve;</li>
 * <li>{@code plateau}: times gamma (0.1) after 5 epochs without a lower validation loss;</li>
 * <li>{@code onecycle}: one cycle peaking at {@code --lr} (PyTorch's OneCycleLR shape);</li>
 * <li>{@code cyclic}: triangular cycles between {@code --lr}/10 and {@code --lr}, 2 epochs up and 2 down.</li>
 * </ul>
 */
final class Schedules {
    private static final List<String> NAMES = List.of("none", "step", "exponential", "cosine", "newbob", "plateau",
            "onecycle", "cyclic");

    private Schedules() {
    }

    /**
     * Checks the schedule name and its parameters.
     *
     * @throws IllegalArgumentException naming the option and its accepted range
     */
    static void check(TrainOptions o) {
        String name = Checks.oneOf("--schedule", o.schedule, NAMES);
        if (o.stepSize != null) {
            Checks.atLeast("--step-size", o.stepSize, 1);
        }
        if (o.gamma != null) {
            if (name.equals("step") || name.equals("exponential")) {
                Checks.inClosed("--gamma", o.gamma, 0, 1);
            } else {
                Checks.inHalfOpen("--gamma", o.gamma, Double.MIN_VALUE, 1);
            }
        }
        if ((name.equals("newbob") || name.equals("plateau")) && o.valFraction == 0) {
            throw new IllegalArgumentException("--schedule " + name + " watches the validation loss: it needs "
                    + "--val-fraction > 0");
        }
    }

    /** Optimizer steps per epoch for {@code batches} mini-batches accumulated {@code accumulate} at a time. */
    static long stepsPerEpoch(int batches, int accumulate) {
        return Math.max(1, (batches + accumulate - 1) / accumulate);
    }

    /** The schedule for a run of {@code o.epochs} epochs of {@code stepsPerEpoch} optimizer steps. */
    static LrSchedule create(TrainOptions o, long stepsPerEpoch) {
        check(o);
        long total = o.epochs * stepsPerEpoch;
        LrSchedule inner = switch (o.schedule.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> LrSchedule.constant();
            case "step" -> new StepDecay(stepsPerEpoch * (o.stepSize != null ? o.stepSize : Math.max(1, o.epochs / 3)),
                    gamma(o, 0.1));
            case "exponential" -> new ExponentialDecay(Math.pow(gamma(o, 0.9), 1.0 / stepsPerEpoch));
            case "cosine" -> new CosineAnnealing(Math.max(1, total - o.warmup), 0);
            case "newbob" -> new Newbob(Mode.MIN, gamma(o, 0.5), 0, 0);
            case "plateau" -> new ReduceOnPlateau(Mode.MIN, gamma(o, 0.1), 5, 1e-4, true, 0, 0);
            case "onecycle" -> new OneCycle(o.lr, Math.max(2, total - o.warmup));
            case "cyclic" -> new Cyclical(o.lr / 10, o.lr, 2 * stepsPerEpoch, 2 * stepsPerEpoch,
                    Cyclical.Policy.TRIANGULAR, 1);
            default -> throw new IllegalStateException("Schedules: unhandled " + o.schedule);
        };
        return o.warmup > 0 ? new Warmup(o.warmup, 1.0 / o.warmup, inner) : inner;
    }

    private static double gamma(TrainOptions o, double dflt) {
        return o.gamma != null ? o.gamma : dflt;
    }
}
