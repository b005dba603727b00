package dev.tessera.loss;

import dev.tessera.DType;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.function.Function;

/** Checks a loss against the PyTorch fixture for every reduction: the loss and the gradient of its input. */
final class LossParity {
    static final TorchFixture FX = TorchFixture.load("losses.safetensors");

    private LossParity() {
    }

    /**
     * For each reduction r, {@code make.apply(r)} is compared to fixtures {@code prefix.r.loss} and
     * {@code prefix.r.grad}; with NONE the upstream gradient is the fixture's, else 1.
     */
    static void check(String prefix, Function<Reduction, Loss> make, Tensor input, Tensor target) {
        for (Reduction r : Reduction.values()) {
            String name = prefix + "." + r.name().toLowerCase(java.util.Locale.ROOT);
            Tensor x = input.copy().requiresGrad(true);
            Tensor loss = make.apply(r).compute(x, target);
            if (r == Reduction.NONE) {
                loss.backward(FX.tensor(loss.rank() == 1 ? "upstream.rows" : "upstream.full"));
            } else {
                loss.backward();
            }
            FX.assertClose(name + ".loss", loss, 1e-12, 1e-14);
            FX.assertClose(name + ".grad", x.grad(), 1e-11, 1e-14);
        }
    }

    static Tensor labels() {
        return FX.tensor("ce.labels").to(DType.INT32);
    }
}
