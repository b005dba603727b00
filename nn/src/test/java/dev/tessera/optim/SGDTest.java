package dev.tessera.optim;

import static dev.tessera.optim.OptimizerParity.flag;
import static dev.tessera.optim.OptimizerParity.num;
import static dev.tessera.optim.OptimizerParity.numOr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SGD with momentum, dampening, Nesterov and weight decay against PyTorch; decoupled decay; checks. */
class SGDTest {
    private static SGD sgd(String name, Map<String, Tensor> p) {
        return new SGD(List.of(ParamGroup.of(p)), num(name, "lr"), numOr(name, "momentum", 0),
                numOr(name, "dampening", 0), flag(name, "nesterov"), numOr(name, "weight_decay", 0), false);
    }

    @Test
    void matchesPyTorchOver25Steps() {
        for (String name : new String[]{"sgd", "sgd_momentum", "sgd_nesterov", "sgd_weight_decay"}) {
            OptimizerParity.check(name, p -> sgd(name, p));
        }
    }

    @Test
    void decoupledWeightDecayShrinksWeightsBeforeTheStep() {
        Map<String, Tensor> p = OptimizerParity.params();
        double[] before = p.get("weight").toDoubleArray();
        OptimizerParity.gradient(p);
        double[] g = p.get("weight").grad().toDoubleArray();
        new SGD(List.of(ParamGroup.of(p)), 0.1, 0, 0, false, 0.5, true).step();
        double[] expected = new double[before.length];
        for (int i = 0; i < before.length; i++) {
            expected[i] = before[i] * (1 - 0.1 * 0.5) - 0.1 * g[i];
        }
        assertArrayEquals(expected, p.get("weight").toDoubleArray(), 1e-15);
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Map<String, Tensor> p = OptimizerParity.params();
        assertEquals("SGD: lr must be in [0, inf), got -0.1",
                assertThrows(IllegalArgumentException.class, () -> new SGD(p, -0.1)).getMessage());
        assertEquals("SGD: nesterov needs momentum > 0 and dampening 0, got momentum 0.0 and dampening 0.0",
                assertThrows(IllegalArgumentException.class,
                        () -> new SGD(List.of(ParamGroup.of(p)), 0.1, 0, 0, true, 0, false)).getMessage());
        assertEquals("SGD: dampening must be in [0, 1], got 2.0", assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(ParamGroup.of(p)), 0.1, 0.9, 2, false, 0, false)).getMessage());
        assertEquals("SGD: the parameter list is empty (nothing to optimize)",
                assertThrows(IllegalArgumentException.class, () -> new SGD(Map.of(), 0.1)).getMessage());
    }
}
