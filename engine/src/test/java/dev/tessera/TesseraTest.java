package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Process-wide switches and the leak counter. */
class TesseraTest {
    private final Device d = Device.of("reference");

    /** A tensor dropped without close() is reclaimed by the Cleaner and counted as a leak. */
    @Test
    void anUnclosedUnreachableTensorIsCountedAsALeak() throws InterruptedException {
        long before = Tessera.leakedBuffers();
        dropUnclosed();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Tessera.leakedBuffers() == before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(Tessera.leakedBuffers() > before, "the garbage collector's release was counted");
    }

    private void dropUnclosed() {
        Tensor.zeros(Shape.of(1000), DType.FLOAT32, d);
    }
}
