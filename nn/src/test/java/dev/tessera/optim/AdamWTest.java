package dev.tessera.optim;

import static dev.tessera.optim.OptimizerParity.beta;
import static dev.tessera.optim.OptimizerParity.flag;
import static dev.tessera.optim.OptimizerParity.num;

import dev.tessera.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdamW trajectories and parameter groups against PyTorch. */
class AdamWTest {
    @Test
    void decoupledDecayAndAmsgradMatchPyTorchOver25Steps() {
        for (String name : new String[]{"adamw", "adamw_amsgrad"}) {
            OptimizerParity.check(name, p -> new AdamW(AdamTest.group(p), num(name, "lr"), beta(name, 0),
                    beta(name, 1), num(name, "eps"), num(name, "weight_decay"), flag(name, "amsgrad")));
        }
    }

    @Test
    void parameterGroupsWithTheirOwnRateAndDecayMatchPyTorch() {
        String name = "adamw_groups";
        OptimizerParity.check(name, p -> new AdamW(List.of(
                ParamGroup.of(Map.of("weight", p.get("weight"))).withLr(num(name, "weight_lr"))
                        .withWeightDecay(num(name, "weight_decay")),
                ParamGroup.of(Map.<String, Tensor>of("bias", p.get("bias"))).withLr(num(name, "bias_lr"))
                        .withWeightDecay(num(name, "bias_decay"))), 1.0, 0.9, 0.999, 1e-8, 0.5, false));
    }
}
