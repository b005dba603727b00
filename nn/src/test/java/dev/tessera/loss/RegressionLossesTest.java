package dev.tessera.loss;

import static dev.tessera.loss.LossParity.FX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/** MSE, L1, smooth L1, Huber and quantile losses against PyTorch for every reduction. */
class RegressionLossesTest {
    private final Tensor pred = FX.tensor("reg.pred");
    private final Tensor target = FX.tensor("reg.target");

    @Test
    void mseAndL1() {
        LossParity.check("mse", MSELoss::new, pred, target);
        LossParity.check("l1", L1Loss::new, pred, target);
    }

    @Test
    void smoothL1AndHuber() {
        LossParity.check("smooth_l1", r -> new SmoothL1Loss(FX.number("smooth_l1", "beta"), r), pred, target);
        LossParity.check("huber", r -> new HuberLoss(FX.number("huber", "delta"), r), pred, target);
    }

    @Test
    void quantile() {
        LossParity.check("quantile", r -> new QuantileLoss(FX.number("quantile", "tau"), r), pred, target);
    }

    @Test
    void smoothL1WithBetaZeroIsL1() {
        assertEquals(new L1Loss().compute(pred, target).item(),
                new SmoothL1Loss(0, Reduction.MEAN).compute(pred, target).item(), 1e-15);
    }

    @Test
    void notesSumOfSquaredErrorsIsHalfTheSumReduction() {
        Tensor q = Tensor.of(TorchFixture.DEVICE, new double[]{1, 2}, 2);
        Tensor y = Tensor.of(TorchFixture.DEVICE, new double[]{2, 5}, 2);
        assertEquals(5.0, 0.5 * new MSELoss(Reduction.SUM).compute(q, y).item());
        assertEquals(5.0, new MSELoss().compute(q, y).item());
    }

    @Test
    void rejectsBadHyperparameters() {
        assertEquals("QuantileLoss: tau must be in (0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> new QuantileLoss(1.0, Reduction.MEAN)).getMessage());
        assertEquals("HuberLoss: delta must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new HuberLoss(0, Reduction.MEAN)).getMessage());
        assertEquals("SmoothL1Loss: beta must be >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(-1, Reduction.MEAN)).getMessage());
    }
}
