package dev.tessera.loss;

import static dev.tessera.loss.LossParity.FX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/** Cross-entropy with class weights and label smoothing against PyTorch, and its label checks. */
class CrossEntropyLossTest {
    @Test
    void matchesPyTorchWithWeightsAndSmoothingForEveryReduction() {
        for (String v : new String[]{"plain", "weighted", "smoothed", "weighted_smoothed"}) {
            boolean weighted = Boolean.parseBoolean(FX.config("ce." + v).get("weighted").toLowerCase());
            double eps = FX.number("ce." + v, "smoothing");
            Tensor w = weighted ? FX.tensor("ce.weights") : null;
            LossParity.check("ce." + v, r -> new CrossEntropyLoss(w, eps, r), FX.tensor("ce.logits"),
                    LossParity.labels());
        }
    }

    @Test
    void rejectsBadLabelsAndSmoothing() {
        Tensor logits = FX.tensor("ce.logits");
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Tensor outOfRange = Tensor.of(TorchFixture.DEVICE, new int[]{0, 1, 2, 3, 4}, 5);
        assertEquals("softmaxCrossEntropy: label 4 is out of range [0, 4)",
                assertThrows(IndexOutOfBoundsException.class, () -> ce.compute(logits, outOfRange)).getMessage());
        Tensor shortLabels = Tensor.of(TorchFixture.DEVICE, new int[]{0, 1}, 2);
        assertEquals("softmaxCrossEntropy: labels shape [2] does not match logits [5, 4] (expected [5])",
                assertThrows(IllegalArgumentException.class, () -> ce.compute(logits, shortLabels)).getMessage());
        assertEquals("CrossEntropyLoss: labelSmoothing must be in [0, 1], got 1.5", assertThrows(
                IllegalArgumentException.class, () -> new CrossEntropyLoss(null, 1.5, Reduction.MEAN)).getMessage());
    }
}
