package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.Autocast;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.testing.TorchFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A small MLP and CNN, forward and backward under BFLOAT16 autocast on one backend ({@link #deviceSpec()}), against PyTorch 1.13's
 * {@code torch.autocast("cpu", dtype=torch.bfloat16)} (scripts/fixtures/make_torch_autocast_fixtures.py).
 *
 * <p>Both accumulate the products in FP32, but PyTorch's CPU kernels add the bias before rounding to BF16 once,
 * while here (a backend that stores BF16 without computing in it) the product and the bias addition each round, so
 * a logit may land a BF16 step (2^-8 relative) away from PyTorch's: all must be within two steps, and be BF16 (an
 * FP32 forward pass fails the type checks). The FP32 loss follows from the logits; the FP32 gradients of the master
 * weights pass through BF16 backward products, so they are compared relative to the largest gradient of each
 * tensor, to a few BF16 steps.
 */
public abstract class AutocastParityTest {
    private static final double BF16_STEP = 1.0 / 256;

    /** The device under test, e.g. {@code cpu}. */
    protected abstract String deviceSpec();

    private Sequential model(String name, Device device) {
        TensorOptions o = new TensorOptions(device, DType.FLOAT32, new Generator(0));
        return name.equals("mlp")
                ? new Sequential(new Linear(12, 16, true, o), new ReLU(), new Linear(16, 5, true, o))
                : new Sequential(new Conv2d(ConvSpec.builder(1, 4, 3).options(o)), new ReLU(), new Flatten(),
                new Linear(4 * 6 * 6, 3, true, o));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn"})
    void forwardAndBackwardMatchPyTorchsCpuAutocast(String name) {
        Device device = Device.of(deviceSpec());
        try (TorchFixture fx = TorchFixture.load("autocast.safetensors"); Scope s = Scope.open()) {
            Sequential model = model(name, device);
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (String k : model.stateDict().keySet()) {
                state.put(k, fx.tensor(name + ".p." + k).to(device));
            }
            model.loadStateDict(state);
            Tensor logits;
            Tensor loss;
            try (Autocast a = Autocast.enable(DType.BFLOAT16)) {
                logits = model.forward(fx.tensor(name + ".x").to(device));
                loss = new CrossEntropyLoss().compute(logits, fx.tensor(name + ".y").to(device));
            }
            assertEquals(DType.BFLOAT16, logits.dtype(), "linear runs in BF16");
            assertEquals(DType.FLOAT32, loss.dtype(), "the loss runs in FP32");
            loss.backward();

            double[] want = fx.tensor(name + ".logits").toDoubleArray();
            double[] got = logits.toDoubleArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 2 * BF16_STEP * Math.max(1, Math.abs(want[i])), "logit " + i);
            }
            assertEquals(fx.tensor(name + ".loss").toDoubleArray()[0], loss.item(), 2e-2);
            for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
                assertEquals(DType.FLOAT32, p.getValue().grad().dtype(), p.getKey());
                double[] g = fx.tensor(name + ".d." + p.getKey()).toDoubleArray();
                double[] mine = p.getValue().grad().toDoubleArray();
                double scale = 0;
                for (double v : g) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < g.length; i++) {
                    assertEquals(g[i], mine[i], 4 * BF16_STEP * scale, p.getKey() + "[" + i + "]");
                }
            }
        }
    }
}
