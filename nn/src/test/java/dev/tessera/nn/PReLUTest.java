package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/** PReLU with shared and per-channel slopes against PyTorch. */
class PReLUTest {
    private final TensorOptions opts = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64,
            new dev.tessera.Generator(1));

    @Test
    void sharedAndPerChannelSlopesMatchPyTorch() {
        try (TorchFixture fx = TorchFixture.load("activations.safetensors")) {
            for (String name : new String[]{"prelu_shared", "prelu_channel"}) {
                Tensor w = fx.tensor(name + ".weight");
                PReLU m = new PReLU(Math.toIntExact(w.numel()), 0.25, opts);
                m.loadStateDict(java.util.Map.of("weight", w));
                Tensor x = fx.tensor("x").reshape(3, 4).copy().requiresGrad(true);
                Tensor y = m.forward(x);
                y.backward(fx.tensor("g").reshape(3, 4));
                fx.assertClose(name + ".y", y, 1e-12, 1e-15);
                fx.assertClose(name + ".dx", x.grad(), 1e-12, 1e-15);
                fx.assertClose(name + ".dweight", m.weight().grad(), 1e-12, 1e-15);
            }
        }
    }

    @Test
    void rejectsInputWithoutMatchingChannels() {
        PReLU m = new PReLU(4, 0.25, opts);
        Tensor x = Tensor.zeros(dev.tessera.Shape.of(2, 3), DType.FLOAT64, TorchFixture.DEVICE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(x));
        assertTrue(e.getMessage().contains("no channel axis of size 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PReLU(0, 0.25, opts));
    }
}
