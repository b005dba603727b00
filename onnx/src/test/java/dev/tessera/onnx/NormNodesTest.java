package dev.tessera.onnx;

import static dev.tessera.onnx.OrtCheck.assertAgrees;
import static dev.tessera.onnx.OrtCheck.input;
import static dev.tessera.onnx.OrtCheck.randomize;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.nn.BatchNorm2d;
import dev.tessera.nn.GroupNorm;
import dev.tessera.nn.LayerNorm;
import dev.tessera.nn.TensorOptions;
import org.junit.jupiter.api.Test;

/** The normalization layers run in ONNX Runtime and agree with Tessera's forward pass in evaluation mode. */
class NormNodesTest {
    private static final TensorOptions OPTIONS = new TensorOptions(Device.defaultDevice(), DType.FLOAT32,
            new Generator(13));

    @Test
    void batchNorm2dUsesTheRunningStatistics() throws Exception {
        BatchNorm2d affine = new BatchNorm2d(3, 1e-3, 0.5, true, true, OPTIONS);
        BatchNorm2d plain = new BatchNorm2d(3, 1e-5, null, false, true, OPTIONS);
        try (Scope s = Scope.open()) {
            for (int i = 0; i < 3; i++) {
                affine.forward(input(10 + i, 4, 3, 5, 6).mul(2.0).add(1.0));
                plain.forward(input(20 + i, 4, 3, 5, 6).sub(3.0));
            }
        }
        randomize(affine.weight(), 30);
        randomize(affine.bias(), 31);
        assertAgrees(affine, input(40, 2, 3, 5, 6));
        assertAgrees(plain, input(41, 2, 3, 4, 4));
    }

    @Test
    void layerNormOverOneOrMoreTrailingAxes() throws Exception {
        LayerNorm last = new LayerNorm(new int[]{6}, 1e-5, true, true, OPTIONS);
        randomize(last.weight(), 1);
        randomize(last.bias(), 2);
        assertAgrees(last, input(3, 4, 5, 6).mul(3.0).add(2.0));
        LayerNorm two = new LayerNorm(new int[]{4, 6}, 1e-3, true, false, OPTIONS);
        randomize(two.weight(), 4);
        assertAgrees(two, input(5, 3, 4, 6));
        assertAgrees(new LayerNorm(new int[]{6}, 1e-5, false, false, OPTIONS), input(6, 3, 6));
    }

    @Test
    void groupNormOnImagesAndVectorsWithAndWithoutAffine() throws Exception {
        GroupNorm affine = new GroupNorm(3, 6, 1e-5, true, OPTIONS);
        randomize(affine.weight(), 7);
        randomize(affine.bias(), 8);
        assertAgrees(affine, input(9, 2, 6, 4, 5).mul(2.0).add(1.0));
        assertAgrees(affine, input(10, 3, 6));
        assertAgrees(new GroupNorm(2, 4, 1e-3, false, OPTIONS), input(11, 2, 4, 7));
        assertAgrees(new GroupNorm(4, 4, 1e-5, true, OPTIONS), input(12, 2, 4, 3, 3));
    }

    @Test
    void shapesTheLayersDoNotTakeAreRefused() {
        UnsupportedModuleException groups = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(new GroupNorm(3, 6, 1e-5, true, OPTIONS), 4, 5));
        assertTrue(groups.getMessage().contains(GroupNorm.class.getName()) && groups.getMessage().endsWith(
                "expected input [N, C, *] with C divisible by the 3 groups and C = 6, got [N, 4, 5]"),
                groups.getMessage());
        UnsupportedModuleException images = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(new BatchNorm2d(3), 3, 5));
        assertTrue(images.getMessage().endsWith("expected input [N, 3, H, W], got [N, 3, 5]"), images.getMessage());
        UnsupportedModuleException layer = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(new LayerNorm(6), 5));
        assertTrue(layer.getMessage().endsWith("expected input [N, ..., 6], got [N, 5]"), layer.getMessage());
    }
}
