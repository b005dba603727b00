package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.nn.Module;
import dev.tessera.nn.TensorOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing {@code --model} values and the networks they build. */
class ModelSpecTest {
    private final TensorOptions options = new TensorOptions(Device.of("reference"), DType.FLOAT32, new Generator(3));

    @Test
    void parsesWidths() {
        assertArrayEquals(new int[]{128, 64}, ((MlpSpec) ModelSpec.parse("mlp:128,64")).hidden());
        assertArrayEquals(new int[]{7}, ((MlpSpec) ModelSpec.parse(" mlp: 7 ")).hidden());
        assertArrayEquals(new int[0], ((MlpSpec) ModelSpec.parse("mlp:")).hidden());
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("mlp:0"));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("mlp:4,,2"));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("resnet:18"));
    }

    @Test
    void buildsPlainBatchNormDropoutAndResidualNetworks() {
        TrainOptions o = new TrainOptions();
        try (Module m = ModelSpec.parse("mlp:8,6").build(Shape.of(4), 3, o, options)) {
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                    List.copyOf(m.stateDict().keySet()));
            assertEquals(4 * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3, m.parameterCount());
        }
        o.batchnorm = true;
        o.dropout = 0.5;
        o.residual = true;
        o.activation = "prelu";
        try (Module m = ModelSpec.parse("mlp:8,8").build(Shape.of(4), 3, o, options)) {
            assertEquals(List.of("0.block.0.weight", "0.block.0.bias", "0.block.1.weight", "0.block.1.bias",
                    "0.block.1.running_mean", "0.block.1.running_var", "0.block.1.num_batches_tracked",
                    "0.block.2.weight", "0.projection.weight", "1.block.0.weight", "1.block.0.bias",
                    "1.block.1.weight", "1.block.1.bias", "1.block.1.running_mean", "1.block.1.running_var",
                    "1.block.1.num_batches_tracked", "1.block.2.weight", "2.weight", "2.bias"),
                    List.copyOf(m.stateDict().keySet()), "a projection only where the width changes (4 -> 8)");
        }
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        TrainOptions o = new TrainOptions();
        try (Module a = ModelSpec.parse("mlp:5").build(Shape.of(3), 2, o, options.seeded(9));
             Module b = ModelSpec.parse("mlp:5").build(Shape.of(3), 2, o, options.seeded(9))) {
            assertArrayEquals(a.stateDict().get("0.weight").toFloatArray(), b.stateDict().get("0.weight")
                    .toFloatArray());
        }
    }
}
