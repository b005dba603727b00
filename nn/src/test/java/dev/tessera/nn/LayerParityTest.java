package dev.tessera.nn;

import static dev.tessera.nn.ModuleParity.ATOL;
import static dev.tessera.nn.ModuleParity.RTOL;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of layers.safetensors (scripts/fixtures/make_torch_layer_fixtures.py): the layer is built from the
 * case's hyperparameters, PyTorch's state dict is loaded, and the output and the gradients of
 * {@code y.backward(g)} must match PyTorch's in FLOAT64 to 1e-9.
 */
class LayerParityTest {
    private static final TensorOptions OPTS = ModuleParity.float64(3);

    static Stream<String> cases() {
        return ModuleParity.cases("layers.safetensors");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        try (TorchFixture fx = TorchFixture.load("layers.safetensors")) {
            Module m = ModuleParity.loaded(fx, name, LayerParityTest::build);
            Tensor x = fx.tensor(name + ".x");
            boolean indices = x.dtype() == DType.INT32;
            Tensor input = indices ? x : x.copy().requiresGrad(true);
            Tensor y = m.forward(input);
            fx.assertClose(name + ".y", y, RTOL, ATOL);
            y.backward(fx.tensor(name + ".g"));
            if (!indices) {
                fx.assertClose(name + ".dx", input.grad(), RTOL, ATOL);
            }
            ModuleParity.assertParameterGradients(fx, name, m);
            Map<String, Tensor> after = fx.withPrefix(name + ".p_after.");
            if (!after.isEmpty()) {
                after.forEach((k, v) -> assertTrue(Arrays.equals(v.shape().dims(),
                        m.stateDict().get(k).shape().dims())));
                after.forEach((k, v) -> TorchFixture.assertClose(name + ".p_after." + k, v.toDoubleArray(),
                        m.stateDict().get(k).toDoubleArray(), RTOL, ATOL));
                m.eval();
                fx.assertClose(name + ".eval_y", m.forward(x), RTOL, ATOL);
            }
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static Module build(Map<String, String> c) {
        return switch (c.get("type")) {
            case "Conv1d", "Conv2d", "ConvTranspose2d" -> conv(c);
            case "MaxPool2d" -> new MaxPool2d(ints(c.get("kernel")), ints(c.get("stride")), ints(c.get("padding")),
                    ints(c.get("dilation")));
            case "AvgPool2d" -> new AvgPool2d(ints(c.get("kernel")), ints(c.get("stride")), ints(c.get("padding")),
                    Boolean.parseBoolean(c.get("count_include_pad")));
            case "AdaptiveAvgPool2d" -> new AdaptiveAvgPool2d(ints(c.get("out"))[0], ints(c.get("out"))[1]);
            case "LayerNorm" -> new LayerNorm(ints(c.get("shape")), Double.parseDouble(c.get("eps")),
                    Boolean.parseBoolean(c.get("affine")), true, OPTS);
            case "GroupNorm" -> new GroupNorm(Integer.parseInt(c.get("groups")), Integer.parseInt(c.get("channels")),
                    Double.parseDouble(c.get("eps")), Boolean.parseBoolean(c.get("affine")), OPTS);
            case "BatchNorm2d" -> new BatchNorm2d(Integer.parseInt(c.get("channels")),
                    Double.parseDouble(c.get("eps")), Double.parseDouble(c.get("momentum")), true, true, OPTS);
            case "Embedding" -> new Embedding(Integer.parseInt(c.get("num")), Integer.parseInt(c.get("dim")),
                    Integer.valueOf(c.get("padding_idx")), OPTS);
            default -> throw new IllegalArgumentException("no builder for " + c.get("type"));
        };
    }

    private static Module conv(Map<String, String> c) {
        ConvSpec.Builder b = ConvSpec.builder(Integer.parseInt(c.get("in")), Integer.parseInt(c.get("out")),
                        ints(c.get("kernel")))
                .stride(ints(c.get("stride"))).dilation(ints(c.get("dilation")))
                .groups(Integer.parseInt(c.get("groups"))).bias(Boolean.parseBoolean(c.get("bias"))).options(OPTS);
        if (c.get("padding").equals("same")) {
            b.paddingSame();
        } else {
            b.padding(ints(c.get("padding")));
        }
        if (c.containsKey("output_padding")) {
            b.outputPadding(ints(c.get("output_padding")));
        }
        return switch (c.get("type")) {
            case "Conv1d" -> new Conv1d(b);
            case "Conv2d" -> new Conv2d(b);
            default -> new ConvTranspose2d(b);
        };
    }
}
