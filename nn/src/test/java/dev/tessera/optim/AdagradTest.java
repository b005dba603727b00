package dev.tessera.optim;

import static dev.tessera.optim.OptimizerParity.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Adagrad's 25-step trajectory against PyTorch. */
class AdagradTest {
    @Test
    void matchesPyTorchOver25StepsWithDecayAndInitialAccumulator() {
        String n = "adagrad";
        OptimizerParity.check(n, p -> new Adagrad(AdamTest.group(p), num(n, "lr"), num(n, "lr_decay"),
                num(n, "weight_decay"), num(n, "initial_accumulator_value"), num(n, "eps")));
    }

    @Test
    void rejectsNegativeHyperparameters() {
        assertEquals("Adagrad: lrDecay must be in [0, inf), got -1.0", assertThrows(IllegalArgumentException.class,
                () -> new Adagrad(AdamTest.group(OptimizerParity.params()), 0.1, -1, 0, 0, 1e-10)).getMessage());
    }
}
