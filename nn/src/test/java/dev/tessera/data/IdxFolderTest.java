package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.Shape;
import org.junit.jupiter.api.Test;

class IdxFolderTest {
    @Test
    void greyImagesGainAChannelAxisAndOtherRanksKeepTheirs() {
        assertEquals(Shape.of(1, 28, 28), IdxFolder.exampleShape(new int[]{60000, 28, 28}), "[N, H, W] -> [1, H, W]");
        assertEquals(Shape.of(3, 32, 32), IdxFolder.exampleShape(new int[]{5, 3, 32, 32}), "[N, C, H, W] unchanged");
        assertEquals(Shape.of(64), IdxFolder.exampleShape(new int[]{7, 64}), "a table [N, F] stays flat");
    }
}
