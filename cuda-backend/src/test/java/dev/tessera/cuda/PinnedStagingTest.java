package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The staging buffer's packing of Java arrays (host logic, no GPU): 16-bit types travel as their short bits. */
class PinnedStagingTest {
    @Test
    void shortBitsRoundTripThroughTheStagingBytes() {
        ByteBuffer bytes = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        short[] src = {0, 1, (short) 0x8000, (short) 0xffff, 0x3c00, 0x7e00};
        PinnedStaging.put(bytes, src, 2, 4);
        assertArrayEquals(new short[]{(short) 0x8000, (short) 0xffff, 0x3c00, 0x7e00},
                new short[]{bytes.getShort(0), bytes.getShort(2), bytes.getShort(4), bytes.getShort(6)});
        short[] back = new short[7];
        PinnedStaging.get(bytes, back, 3, 4);
        assertArrayEquals(new short[]{0, 0, 0, (short) 0x8000, (short) 0xffff, 0x3c00, 0x7e00}, back);
    }

    @Test
    void otherArraysAreRejectedNamingTheAcceptedKinds() {
        ByteBuffer bytes = ByteBuffer.allocate(8);
        assertThrows(IllegalArgumentException.class, () -> PinnedStaging.put(bytes, new long[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> PinnedStaging.get(bytes, new byte[1], 0, 1));
    }
}
