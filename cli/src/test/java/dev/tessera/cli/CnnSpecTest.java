package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.nn.Module;
import dev.tessera.nn.TensorOptions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing {@code --model cnn:...} values, the networks they build and the data they refuse. */
class CnnSpecTest {
    private final TensorOptions options = new TensorOptions(Device.cpu(), DType.FLOAT32, new Generator(3));

    @Test
    void parsesChannelsAndTheHiddenLinearWidth() {
        CnnSpec anchor = assertInstanceOf(CnnSpec.class, ModelSpec.parse("cnn:32,64:fc=128"));
        assertArrayEquals(new int[]{32, 64}, anchor.channels());
        assertEquals(128, anchor.fc());
        assertEquals(CnnSpec.DEFAULT_FC, ((CnnSpec) ModelSpec.parse(" CNN: 8 ")).fc(), "fc defaults to 128");
        assertEquals(0, ((CnnSpec) ModelSpec.parse("cnn:8,16:fc=0")).fc());
        for (String bad : new String[]{"cnn", "cnn:", "cnn:0", "cnn:8,,16", "cnn:8:fc=-1", "cnn:8:fc=x",
            "cnn:8:pool=2"}) {
            assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(bad), bad);
        }
        assertEquals("--model: fc=-1 in 'cnn:8:fc=-1' must be >= 0 (0: no hidden linear layer)",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("cnn:8:fc=-1")).getMessage());
    }

    @Test
    void buildsTheIssuesFashionMnistNetworkWithPyTorchsLayerNames() {
        ModelSpec spec = ModelSpec.parse("cnn:32,64:fc=128");
        Shape image = Shape.of(1, 28, 28);
        try (Module m = spec.build(image, 10, new TrainOptions(), options); Scope s = Scope.open()) {
            Map<String, List<Integer>> shapes = new LinkedHashMap<>();
            m.stateDict().forEach((k, v) -> shapes.put(k, dims(v.shape())));
            assertEquals(Map.of("0.weight", List.of(32, 1, 3, 3), "0.bias", List.of(32),
                    "3.weight", List.of(64, 32, 3, 3), "3.bias", List.of(64),
                    "7.weight", List.of(128, 3136), "7.bias", List.of(128),
                    "9.weight", List.of(10, 128), "9.bias", List.of(10)), shapes,
                    "conv ReLU pool, conv ReLU pool, flatten, linear 3136->128 ReLU, linear 128->10");
            assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight",
                    "9.bias"), List.copyOf(shapes.keySet()));
            long expected = 32 * 9 + 32 + 64 * 32 * 9 + 64 + 3136 * 128 + 128 + 128 * 10 + 10;
            assertEquals(expected, m.parameterCount());
            assertEquals(expected, spec.parameters(image, 10));
            Tensor y = m.forward(Tensor.uniform(options.generator(), 0, 1, Shape.of(2, 1, 28, 28), DType.FLOAT32,
                    Device.cpu()));
            assertEquals(List.of(2, 10), dims(y.shape()));
        }
    }

    @Test
    void withoutTheHiddenLayerTheFeaturesGoStraightToTheClasses() {
        ModelSpec spec = ModelSpec.parse("cnn:4:fc=0");
        Shape image = Shape.of(3, 7, 5);
        try (Module m = spec.build(image, 2, new TrainOptions(), options)) {
            assertEquals(List.of("0.weight", "0.bias", "4.weight", "4.bias"), List.copyOf(m.stateDict().keySet()));
            assertEquals(List.of(2, 4 * 3 * 2), dims(m.stateDict().get("4.weight").shape()),
                    "7x5 pools to 3x2 (rounding down)");
            assertEquals(m.parameterCount(), spec.parameters(image, 2));
        }
    }

    @Test
    void batchNormActivationAndDropoutTakeTheirPlaces() {
        TrainOptions o = new TrainOptions();
        o.batchnorm = true;
        o.dropout = 0.25;
        o.activation = "prelu";
        try (Module m = ModelSpec.parse("cnn:4:fc=6").build(Shape.of(1, 4, 4), 3, o, options)) {
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                    "1.num_batches_tracked", "2.weight", "5.weight", "5.bias", "6.weight", "6.bias", "6.running_mean",
                    "6.running_var", "6.num_batches_tracked", "7.weight", "9.weight", "9.bias"),
                    List.copyOf(m.stateDict().keySet()),
                    "conv BatchNorm2d PReLU(4) pool flatten linear BatchNorm1d PReLU(6) dropout linear");
            assertEquals(List.of(4), dims(m.stateDict().get("2.weight").shape()), "one PReLU slope per channel");
        }
    }

    @Test
    void refusesFlatDataAndMorePoolingThanTheImagesHold() {
        ModelSpec spec = ModelSpec.parse("cnn:2,2,2,2");
        assertEquals("--model cnn needs image data [N, C, H, W]; iris.csv has [N, 4]",
                assertThrows(IllegalArgumentException.class, () -> spec.inputShape(Shape.of(4), "iris.csv"))
                        .getMessage());
        assertEquals("--model cnn:2,2,2,2 has 4 pooling blocks, but the 8x8 images of digits have room for 3 (each "
                + "block halves height and width, rounding down, and needs both >= 2)",
                assertThrows(IllegalArgumentException.class, () -> spec.inputShape(Shape.of(1, 8, 8), "digits"))
                        .getMessage());
        assertEquals(Shape.of(1, 8, 8), ModelSpec.parse("cnn:2,2,2").inputShape(Shape.of(1, 8, 8), "digits"));
        assertEquals(Shape.of(192), ModelSpec.parse("mlp:8").inputShape(Shape.of(3, 8, 8), "rgb"),
                "an MLP flattens images");
    }

    @Test
    void refusesOptionsWithoutALayerToApplyTo() {
        TrainOptions o = new TrainOptions();
        o.residual = true;
        assertEquals("--residual applies to mlp models; --model cnn:8 has no residual form",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("cnn:8").checkOptions(o))
                        .getMessage());
        TrainOptions d = new TrainOptions();
        d.dropout = 0.5;
        ModelSpec.parse("cnn:8").checkOptions(d);
        assertEquals("--dropout follows the hidden linear layer of a cnn model; --model cnn:8:fc=0 has none (give "
                + ":fc=F with F > 0)", assertThrows(IllegalArgumentException.class,
                        () -> ModelSpec.parse("cnn:8:fc=0").checkOptions(d)).getMessage());
    }

    private static List<Integer> dims(Shape s) {
        return Arrays.stream(s.dims()).boxed().toList();
    }
}
