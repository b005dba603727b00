package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.HostArrays;
import dev.tessera.testing.BufferData;
import org.junit.jupiter.api.Test;

/** Writes at offsets (queued, not waited for) and reads at offsets, for every dtype. */
class TransfersTest {

    @Test
    void writesAndReadsAtOffsetsForEveryType() {
        Backend cl = ClTesting.device();
        for (DType dt : DType.values()) {
            if (!cl.supports(dt)) {
                continue;
            }
            double[] values = new double[100];
            for (int i = 0; i < values.length; i++) {
                values[i] = i * 3 - 50;
            }
            Buffer b = BufferData.upload(cl, dt, values);
            // overwrite elements 10..19 from source elements 5..14 of a second array
            Object patch = HostArrays.fromDoubles(new double[]{0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, dt);
            cl.write(b, 10, patch, 5, 10);
            for (int i = 0; i < 10; i++) {
                values[10 + i] = i + 1;
            }
            assertArrayEquals(values, BufferData.download(cl, b), 0.0, dt.toString());
            double[] window = new double[7];
            Object part = HostArrays.allocate(dt, 9);
            cl.read(b, 40, part, 2, 7);
            for (int i = 0; i < 7; i++) {
                window[i] = HostArrays.element(part, dt, 2 + i);
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(values, 40, 47), window, 0.0, dt + " partial read");
            cl.free(b);
        }
    }

    @Test
    void manyQueuedWritesLandInOrder() {
        Backend cl = ClTesting.device();
        Buffer b = cl.allocate(DType.FLOAT32, 1 << 16);
        float[] chunk = new float[1 << 16];
        for (int round = 0; round < 50; round++) {
            java.util.Arrays.fill(chunk, round);
            cl.write(b, 0, chunk, 0, chunk.length);
        }
        float[] out = new float[1 << 16];
        cl.read(b, 0, out, 0, out.length);
        float[] expected = new float[1 << 16];
        java.util.Arrays.fill(expected, 49);
        assertArrayEquals(expected, out);
        cl.free(b);
    }

    @Test
    void aLargeUploadIsStagedInPiecesAndArrivesWhole() {
        Backend cl = ClTesting.device();
        int n = (40 << 20) / Float.BYTES + 3; // more than one 32 MiB staging piece
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        Buffer b = cl.allocate(DType.FLOAT32, n + 5);
        cl.write(b, 5, values, 0, n);
        float[] back = new float[n];
        cl.read(b, 5, back, 0, n);
        assertArrayEquals(values, back);
        cl.free(b);
    }
}
