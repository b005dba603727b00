package dev.tessera.optim;

import static dev.tessera.optim.OptimizerParity.flag;
import static dev.tessera.optim.OptimizerParity.num;
import static dev.tessera.optim.OptimizerParity.numOr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** RMSprop, plain and centered with momentum, against PyTorch. */
class RMSpropTest {
    @Test
    void plainAndCenteredWithMomentumAndDecayMatchPyTorchOver25Steps() {
        for (String n : new String[]{"rmsprop", "rmsprop_centered_momentum"}) {
            OptimizerParity.check(n, p -> new RMSprop(AdamTest.group(p), num(n, "lr"), num(n, "alpha"),
                    num(n, "eps"), numOr(n, "weight_decay", 0), numOr(n, "momentum", 0), flag(n, "centered")));
        }
    }

    @Test
    void rejectsAlphaOutsideZeroOne() {
        assertEquals("RMSprop: alpha must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> new RMSprop(AdamTest.group(OptimizerParity.params()), 0.1, 1.5, 1e-8, 0, 0, false))
                .getMessage());
    }
}
