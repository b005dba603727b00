package dev.tessera.loss;

import static dev.tessera.loss.LossParity.FX;

import org.junit.jupiter.api.Test;

/** Binary cross-entropy on logits, with element and positive-class weights, against PyTorch. */
class BCEWithLogitsLossTest {
    @Test
    void matchesPyTorchWithWeightsPositiveWeightsAndExtremeLogits() {
        LossParity.check("bce_logits", r -> new BCEWithLogitsLoss(FX.tensor("bce.weight"), FX.tensor("bce.pos_weight"),
                r), FX.tensor("bce_logits.x"), FX.tensor("bce.targets"));
    }
}
