package dev.tessera.optim;

import static dev.tessera.optim.OptimizerParity.beta;
import static dev.tessera.optim.OptimizerParity.flag;
import static dev.tessera.optim.OptimizerParity.num;
import static dev.tessera.optim.OptimizerParity.numOr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adam and AMSGrad trajectories against PyTorch, state names, and beta checks. */
class AdamTest {
    static List<ParamGroup> group(Map<String, Tensor> p) {
        return List.of(ParamGroup.of(p));
    }

    @Test
    void adamAndAmsgradWithCoupledDecayMatchPyTorchOver25Steps() {
        for (String name : new String[]{"adam", "adam_amsgrad_wd"}) {
            OptimizerParity.check(name, p -> new Adam(group(p), num(name, "lr"), beta(name, 0), beta(name, 1),
                    num(name, "eps"), numOr(name, "weight_decay", 0), flag(name, "amsgrad")));
        }
    }

    @Test
    void stateIsNamedAsInPyTorch() {
        Map<String, Tensor> p = OptimizerParity.params();
        Adam adam = new Adam(group(p), 0.1, 0.9, 0.999, 1e-8, 0, true);
        OptimizerParity.gradient(p);
        adam.step();
        assertEquals(List.of("optim.state.weight.exp_avg", "optim.state.weight.exp_avg_sq",
                "optim.state.weight.max_exp_avg_sq", "optim.state.bias.exp_avg", "optim.state.bias.exp_avg_sq",
                "optim.state.bias.max_exp_avg_sq"), List.copyOf(adam.stateTensors().keySet()));
        assertEquals("1", adam.stateScalars().get("optim.state.weight.step"));
    }

    @Test
    void rejectsBetasOutsideZeroOne() {
        Map<String, Tensor> p = OptimizerParity.params();
        assertEquals("Adam: beta1 must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> new Adam(group(p), 0.1, 1.0, 0.999, 1e-8, 0, false)).getMessage());
        assertEquals("AdamW: beta2 must be in [0, 1), got -0.5", assertThrows(IllegalArgumentException.class,
                () -> new AdamW(group(p), 0.1, 0.9, -0.5, 1e-8, 0, false)).getMessage());
        assertEquals("Adam: eps must be in [0, inf), got NaN", assertThrows(IllegalArgumentException.class,
                () -> new Adam(group(p), 0.1, 0.9, 0.9, Double.NaN, 0, false)).getMessage());
    }
}
