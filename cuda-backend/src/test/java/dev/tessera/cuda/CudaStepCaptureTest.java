package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.CaptureException;
import dev.tessera.DType;
import dev.tessera.backend.CapturedGraph;
import dev.tessera.cuda.CachingAllocatorTest.FakeMemory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CudaStepCapture}'s state machine and its pool, with a fake driver (no GPU). */
class CudaStepCaptureTest {
    private final List<String> calls = new ArrayList<>();
    private final FakeMemory mem = new FakeMemory(1 << 20);
    private final CachingAllocator allocator = new CachingAllocator(mem, "cuda:0");
    private final FakeDriver driver = new FakeDriver();
    private final CudaStepCapture capture = new CudaStepCapture("cuda:0", null, () -> calls.add("drain"), allocator,
            driver);

    /** Records the driver calls; fails the end of a capture when asked. */
    private final class FakeDriver implements GraphDriver {
        String failEnd;

        @Override
        public void beginCapture() {
            calls.add("begin");
        }

        @Override
        public Executable endCapture() {
            calls.add("end");
            if (failEnd != null) {
                throw new CudaException(failEnd);
            }
            int id = calls.size();
            return new Executable() {
                @Override
                public void launch() {
                    calls.add("launch " + id);
                }

                @Override
                public void destroy() {
                    calls.add("destroy " + id);
                }
            };
        }

        @Override
        public void abandonCapture() {
            calls.add("abandon");
        }
    }

    private static CudaBuffer buffer(Block b) {
        return new CudaBuffer(DType.FLOAT32, b.size / 4, b, null);
    }

    @Test
    void beginDrainsTheStreamThenCapturesEndInstantiatesReplayLaunches() {
        assertNull(capture.begin(), "the capturing backend is the backend itself (null here)");
        assertTrue(capture.capturing());
        Block inside = allocator.acquire(1000, "activation");
        CapturedGraph g = capture.end();
        assertFalse(capture.capturing());
        g.replay();
        g.replay();
        assertEquals(List.of("drain", "begin", "end", "launch 3", "launch 3"), calls);
        assertTrue(g.owns(buffer(inside)));
        assertFalse(g.owns(buffer(allocator.acquire(1000, "after"))), "allocations after the capture are shared");
        allocator.recycle(inside);
        assertEquals(0, allocator.cachedBytes(), "the graph keeps its block");
        g.close();
        g.close();
        assertEquals(List.of("drain", "begin", "end", "launch 3", "launch 3", "drain", "destroy 3"), calls);
        assertEquals(1024, allocator.cachedBytes(), "closing returns the pool's free blocks");
        IllegalStateException e = assertThrows(IllegalStateException.class, g::replay);
        assertEquals("replay of cuda:0 graph 1, which is closed", e.getMessage());
    }

    @Test
    void oneCaptureAtATimeAndNoEndWithoutBegin() {
        IllegalStateException noBegin = assertThrows(IllegalStateException.class, capture::end);
        assertEquals("cuda:0: end() of a step capture without begin()", noBegin.getMessage());
        capture.begin();
        IllegalStateException twice = assertThrows(IllegalStateException.class, capture::begin);
        assertTrue(twice.getMessage().startsWith("cuda:0: a step capture is already open (cuda:0 graph 1"),
                twice.getMessage());
        capture.end().close();
        capture.begin();
        CapturedGraph second = capture.end();
        second.close();
        assertEquals("replay of cuda:0 graph 2, which is closed",
                assertThrows(IllegalStateException.class, second::replay).getMessage());
    }

    @Test
    void abortAbandonsTheCaptureAndFreesItsPool() {
        capture.abort();
        assertEquals(List.of(), calls, "nothing open: nothing to do");
        capture.begin();
        Block b = allocator.acquire(100, "x");
        allocator.recycle(b);
        capture.abort();
        assertFalse(capture.capturing());
        assertEquals(List.of("drain", "begin", "abandon"), calls);
        assertEquals(512, allocator.cachedBytes());
        assertSame(b, allocator.acquire(100, "y"), "the block is shared again");
    }

    @Test
    void aCaptureTheDriverRejectsBecomesACaptureExceptionAndFreesItsPool() {
        driver.failEnd = "cuStreamEndCapture: CUDA_ERROR_STREAM_CAPTURE_INVALIDATED";
        capture.begin();
        Block b = allocator.acquire(100, "x");
        allocator.recycle(b);
        CaptureException e = assertThrows(CaptureException.class, capture::end);
        assertTrue(e.getMessage().startsWith("cuda:0: the captured step could not be made a graph (cuStreamEndCapture"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("); it runs eagerly"), e.getMessage());
        assertFalse(capture.capturing());
        assertEquals(512, allocator.cachedBytes());
    }
}
