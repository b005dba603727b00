package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.train.AugmentedBatches;
import dev.tessera.train.BatchSource;
import dev.tessera.train.TensorBatches;
import org.junit.jupiter.api.Test;

/** Parsing {@code --augment} values and where they apply. */
class AugmentationTest {
    @Test
    void parsesNoneFlipAndCrop() {
        assertFalse(Augmentation.parse("none").enabled());
        assertEquals(new Augmentation(0, true), Augmentation.parse("flip"));
        assertEquals(new Augmentation(2, false), Augmentation.parse(" crop=2 "));
        assertEquals(new Augmentation(3, true), Augmentation.parse("Crop=3,flip"));
        for (String bad : new String[]{"", "rotate", "crop=0", "crop=x", "flip,", "crop"}) {
            assertThrows(IllegalArgumentException.class, () -> Augmentation.parse(bad), bad);
        }
        assertEquals("--augment: unknown augmentation 'rotate' in 'flip,rotate' (expected none, or flip and/or "
                + "crop=P separated by a comma, e.g. flip,crop=2)", assertThrows(IllegalArgumentException.class,
                        () -> Augmentation.parse("flip,rotate")).getMessage());
    }

    @Test
    void wrapsImageBatchesOnlyAndRefusesFlatFeatures() {
        Tensor x = Tensor.zeros(Shape.of(4, 1, 2, 2), DType.FLOAT32, Device.cpu());
        Tensor y = Tensor.zeros(Shape.of(4), DType.INT32, Device.cpu());
        BatchSource plain = new TensorBatches(x, y, 2, true, false);
        assertSame(plain, Augmentation.parse("none").apply(plain, 3, "cnn:4"));
        assertInstanceOf(AugmentedBatches.class, Augmentation.parse("flip").apply(plain, 3, "cnn:4"));
        assertEquals("--augment crops and flips images: --model mlp:8 takes flat features; use a cnn model",
                assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("crop=1").apply(plain, 1,
                        "mlp:8")).getMessage());
    }
}
