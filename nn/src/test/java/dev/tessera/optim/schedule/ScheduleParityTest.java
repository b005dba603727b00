package dev.tessera.optim.schedule;

import static dev.tessera.optim.schedule.ScheduleParity.check;
import static dev.tessera.optim.schedule.ScheduleParity.num;

import org.junit.jupiter.api.Test;

/** Every schedule PyTorch also has, over 300 steps, against PyTorch's rates. */
class ScheduleParityTest {
    @Test
    void stepMultiStepExponential() {
        check("step", new StepDecay((long) num("step", "step_size"), num("step", "gamma")));
        check("multistep", new MultiStepDecay(num("multistep", "gamma"), 50, 120, 200));
        check("exponential", new ExponentialDecay(num("exponential", "gamma")));
    }

    @Test
    void cosineAndWarmup() {
        check("cosine", new CosineAnnealing((long) num("cosine", "t_max"), num("cosine", "eta_min")));
        check("linear_warmup", new Warmup((long) num("linear_warmup", "warmup"), num("linear_warmup",
                "start_factor"), LrSchedule.constant()));
        check("warmup_cosine", new Warmup((long) num("warmup_cosine", "warmup"), num("warmup_cosine",
                "start_factor"), new CosineAnnealing((long) num("warmup_cosine", "t_max"),
                num("warmup_cosine", "eta_min"))));
    }

    @Test
    void reduceOnPlateau() {
        check("plateau", new ReduceOnPlateau(Mode.MIN, num("plateau", "factor"), (int) num("plateau", "patience"),
                num("plateau", "threshold"), true, (int) num("plateau", "cooldown"), num("plateau", "min_lr")));
    }

    @Test
    void oneCycle() {
        check("onecycle_cos", new OneCycle(num("onecycle_cos", "max_lr"), (long) num("onecycle_cos", "total")));
        String n = "onecycle_linear_3phase";
        check(n, new OneCycle(num(n, "max_lr"), (long) num(n, "total"), num(n, "pct_start"), false, num(n, "div"),
                num(n, "final_div"), true));
    }

    @Test
    void cyclical() {
        for (String n : new String[]{"cyclic_triangular", "cyclic_triangular2", "cyclic_exp_range"}) {
            Cyclical.Policy policy = n.endsWith("triangular") ? Cyclical.Policy.TRIANGULAR
                    : n.endsWith("2") ? Cyclical.Policy.TRIANGULAR2 : Cyclical.Policy.EXP_RANGE;
            String gamma = ScheduleParity.FX.config(n).get("gamma");
            check(n, new Cyclical(num(n, "base_lr"), num(n, "max_lr"), (long) num(n, "up"), (long) num(n, "down"),
                    policy, gamma == null ? 1.0 : Double.parseDouble(gamma)));
        }
    }
}
