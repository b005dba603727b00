package dev.tessera.loss;

import static dev.tessera.loss.LossParity.FX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/** Squared EMD against its formula in PyTorch, its ordinal behaviour, and distribution targets. */
class SquaredEMDLossTest {
    @Test
    void matchesTheFormulaInPyTorch() {
        LossParity.check("emd", SquaredEMDLoss::new, FX.tensor("ce.logits"), LossParity.labels());
    }

    @Test
    void aNearMissCostsLessThanAFarMissUnlikeCrossEntropy() {
        // confident predictions of class 1 and of class 3 for a true class 0: same cross-entropy, different EMD
        Tensor near = Tensor.of(TorchFixture.DEVICE, new double[]{0, 9, 0, 0}, 1, 4);
        Tensor far = Tensor.of(TorchFixture.DEVICE, new double[]{0, 0, 0, 9}, 1, 4);
        Tensor y = Tensor.of(TorchFixture.DEVICE, new int[]{0}, 1);
        SquaredEMDLoss emd = new SquaredEMDLoss(Reduction.SUM);
        assertTrue(emd.compute(near, y).item() < emd.compute(far, y).item() / 2);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        assertEquals(ce.compute(near, y).item(), ce.compute(far, y).item(), 1e-12);
    }

    @Test
    void acceptsATargetDistribution() {
        Tensor logits = FX.tensor("ce.logits");
        Tensor oneHot = LossParity.labels().oneHot(4).to(logits.dtype());
        SquaredEMDLoss emd = new SquaredEMDLoss(Reduction.MEAN);
        assertEquals(emd.compute(logits, LossParity.labels()).item(), emd.compute(logits, oneHot).item(), 1e-15);
        Tensor bad = Tensor.of(TorchFixture.DEVICE, new int[]{0, 1}, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> emd.compute(logits, bad)).getMessage()
                .contains("labels shape [2] does not match logits [5, 4]"));
    }
}
