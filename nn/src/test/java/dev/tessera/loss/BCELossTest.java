package dev.tessera.loss;

import static dev.tessera.loss.LossParity.FX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/** Binary cross-entropy on probabilities against PyTorch, its clamped logs, and its input checks. */
class BCELossTest {
    @Test
    void matchesPyTorch() {
        LossParity.check("bce", r -> new BCELoss(FX.tensor("bce.weight"), r), FX.tensor("bce.probs"),
                FX.tensor("bce.targets"));
    }

    @Test
    void saturatedProbabilitiesGiveTheClampedFiniteLoss() {
        Tensor p = Tensor.of(TorchFixture.DEVICE, new double[]{0, 1}, 2);
        Tensor y = Tensor.of(TorchFixture.DEVICE, new double[]{1, 0}, 2);
        assertEquals(100.0, new BCELoss().compute(p, y).item(), 1e-12);
    }

    @Test
    void rejectsProbabilitiesOutsideZeroOneAndShapeMismatch() {
        Tensor p = Tensor.of(TorchFixture.DEVICE, new double[]{-0.5, 1.2}, 2);
        Tensor y = Tensor.of(TorchFixture.DEVICE, new double[]{1, 0}, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BCELoss().compute(p, y)).getMessage()
                .contains("probabilities in [0, 1], found values in [-0.5, 1.2]"));
        Tensor y3 = Tensor.of(TorchFixture.DEVICE, new double[]{1, 0, 1}, 3);
        assertEquals("BCELoss: target shape [3] differs from output shape [2] (they must be equal)",
                assertThrows(IllegalArgumentException.class, () -> new BCELoss().compute(p, y3)).getMessage());
    }
}
