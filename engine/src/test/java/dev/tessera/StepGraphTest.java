package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Step capture on the reference backend (recorded calls): record, replay, memory ownership, refusals. */
class StepGraphTest {
    private static final Device REF = Device.of("reference");

    @Test
    void workRunsAtReplayNotAtCaptureAndReadsTheInputBuffersThen() {
        try (Tensor x = Tensor.of(REF, new float[]{1, 2, 3}, 3)) {
            Tensor[] y = new Tensor[1];
            try (StepGraph g = StepGraph.capture(REF, () -> y[0] = x.mul(2.0).add(1.0))) {
                assertFalse(REF.isCapturing());
                x.assign(Tensor.of(REF, new float[]{10, 20, 30}, 3));
                g.replay();
                assertArrayEquals(new float[]{21, 41, 61}, y[0].toFloatArray());
                x.assign(Tensor.of(REF, new float[]{-1, 0, 1}, 3));
                g.replay();
                assertArrayEquals(new float[]{-1, 1, 3}, y[0].toFloatArray());
            } finally {
                y[0].close();
            }
        }
    }

    @Test
    void buffersMadeDuringTheCaptureLiveUntilTheGraphCloses() {
        try (Tensor x = Tensor.of(REF, new float[]{1, 2, 3, 4}, 4)) {
            long before = REF.memoryStats().bytesInUse();
            Tensor[] y = new Tensor[1];
            StepGraph g = StepGraph.capture(REF, () -> {
                try (Scope s = Scope.open()) {
                    Tensor t = x.mul(3.0);
                    y[0] = Scope.persist(t.add(x));
                }
            });
            long captured = REF.memoryStats().bytesInUse();
            assertEquals(before + 2 * 4 * 4, captured, "the temporary and the result stay allocated");
            y[0].close();
            assertEquals(captured, REF.memoryStats().bytesInUse(), "closing the result defers its free to the graph");
            g.replay();
            g.close();
            assertEquals(before, REF.memoryStats().bytesInUse());
            assertThrows(IllegalStateException.class, g::replay);
        }
    }

    @Test
    void aHostReadInsideTheCaptureNamesTheOpAndAbandonsIt() {
        try (Tensor x = Tensor.of(REF, new float[]{1, 2}, 2)) {
            long before = REF.memoryStats().bytesInUse();
            CaptureException e = assertThrows(CaptureException.class,
                    () -> StepGraph.capture(REF, () -> {
                        try (Scope s = Scope.open()) {
                            x.sum().item();
                        }
                    }));
            assertTrue(e.getMessage().startsWith("item: a host read inside a captured step on reference"),
                    e.getMessage());
            assertFalse(REF.isCapturing());
            assertEquals(before, REF.memoryStats().bytesInUse(), "the abandoned capture's buffers are freed");
            assertEquals(3.0, x.sum().item());
        }
    }

    @Test
    void anIndexRangeCheckInsideTheCaptureNamesTheOp() {
        try (Tensor x = Tensor.of(REF, new float[]{1, 2, 3, 4}, 2, 2);
             Tensor index = Tensor.of(REF, new int[]{1, 0}, 2, 1)) {
            CaptureException e = assertThrows(CaptureException.class,
                    () -> StepGraph.capture(REF, () -> x.gather(1, index).close()));
            assertTrue(e.getMessage().startsWith("gather (its eager index range check"), e.getMessage());
        }
    }

    @Test
    void aRandomDrawInsideTheCaptureIsRefused() {
        CaptureException e = assertThrows(CaptureException.class, () -> StepGraph.capture(REF,
                () -> Tensor.uniform(new Generator(1), 0, 1, Shape.of(4), DType.FLOAT32, REF).close()));
        assertTrue(e.getMessage().contains("would replay the same stream offset"), e.getMessage());
    }

    @Test
    void otherThreadsRunEagerlyWhileOneCaptures() throws Exception {
        try (Tensor x = Tensor.of(REF, new float[]{1, 2}, 2)) {
            float[][] seen = new float[1][];
            Tensor[] y = new Tensor[1];
            try (StepGraph g = StepGraph.capture(REF, () -> {
                y[0] = x.mul(10.0);
                Thread other = new Thread(() -> {
                    try (Scope s = Scope.open()) {
                        seen[0] = x.add(1.0).toFloatArray();
                    }
                });
                other.start();
                try {
                    other.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            })) {
                assertArrayEquals(new float[]{2, 3}, seen[0], "computed and read at once on the other thread");
                g.replay();
                assertArrayEquals(new float[]{10, 20}, y[0].toFloatArray());
            } finally {
                y[0].close();
            }
        }
    }

    @Test
    void oneCaptureAtATimeAndNoReplayInsideOne() {
        try (StepGraph g = StepGraph.capture(REF, () -> { })) {
            assertThrows(IllegalStateException.class, () -> StepGraph.capture(REF, () -> {
                StepGraph.capture(REF, () -> { });
            }));
            assertThrows(IllegalStateException.class, () -> StepGraph.capture(REF, g::replay));
            assertFalse(REF.isCapturing());
        }
    }
}
