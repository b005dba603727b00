package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.cuda.CachingAllocatorTest.FakeMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caching allocator's graph-private pools: what a captured graph addresses serves nothing else until closed. */
class GraphPoolTest {
    private final FakeMemory mem = new FakeMemory(1 << 20);
    private final CachingAllocator a = new CachingAllocator(mem, "cuda:0");

    @Test
    void blocksHandedOutDuringTheCaptureBelongToItsPool() {
        Block before = a.acquire(1000, "before");
        GraphPool pool = a.beginPool("cuda:0 graph 1");
        Block inside = a.acquire(1000, "inside");
        a.endPool();
        Block after = a.acquire(1000, "after");
        assertFalse(a.owns(pool, before));
        assertTrue(a.owns(pool, inside));
        assertFalse(a.owns(pool, after));
        assertEquals(1024, pool.bytes());
    }

    @Test
    void aCachedBlockJoinsThePoolThatTakesIt() {
        Block cached = a.acquire(1000, "x");
        a.recycle(cached);
        GraphPool pool = a.beginPool("g");
        assertSame(cached, a.acquire(1000, "y"), "the shared cache serves the capture");
        assertTrue(a.owns(pool, cached));
        assertEquals(0, a.cachedBytes());
    }

    @Test
    void aBlockFreedDuringTheCaptureServesOnlyThatCapture() {
        GraphPool pool = a.beginPool("g");
        Block scratch = a.acquire(1000, "scratch");
        a.recycle(scratch);
        assertEquals(0, a.cachedBytes(), "not in the shared cache");
        assertEquals(1024, pool.freeBytes());
        assertSame(scratch, a.acquire(900, "next"), "reused later in the same capture (graph order = stream order)");
        a.recycle(scratch);
        a.endPool();
        assertNotSame(scratch, a.acquire(1000, "outside"), "held while the graph lives");
    }

    @Test
    void blocksFreedAfterTheCaptureAreHeldUntilThePoolCloses() {
        GraphPool pool = a.beginPool("g");
        Block kept = a.acquire(1000, "loss");
        Block stillUsed = a.acquire(2000, "weight grad");
        a.endPool();
        a.recycle(kept);
        assertEquals(0, a.cachedBytes());
        mem.calls.clear();
        a.closePool(pool);
        assertEquals(1024, a.cachedBytes(), "the freed block joins the shared cache");
        assertFalse(a.owns(pool, stillUsed));
        a.recycle(stillUsed);
        assertEquals(1024 + 2048, a.cachedBytes(), "a block in use at the close goes to the cache when freed");
        assertEquals(List.of(), mem.calls, "no driver calls");
        a.closePool(pool);
        assertEquals(1024 + 2048, a.cachedBytes(), "closing twice changes nothing");
    }

    @Test
    void oneCaptureAtATime() {
        a.beginPool("cuda:0 graph 1");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.beginPool("cuda:0 graph 2"));
        assertEquals("cuda:0: cannot capture cuda:0 graph 2 while capturing cuda:0 graph 1 (0 blocks, 0 bytes, 0 of "
                + "them free)", e.getMessage());
    }

    @Test
    void theCacheIsNotReleasedDuringACapture() {
        Block b = a.acquire(100, "x");
        a.recycle(b);
        a.beginPool("g");
        IllegalStateException e = assertThrows(IllegalStateException.class, a::emptyCache);
        assertTrue(e.getMessage().startsWith("cuda:0: cannot release cached memory while capturing g"),
                e.getMessage());
        assertEquals(List.of("allocate 512"), mem.calls, "no synchronisation, no release");
    }

    @Test
    void outOfMemoryDuringACaptureFailsWithoutWaitingForTheStream() {
        FakeMemory small = new FakeMemory(4096);
        CachingAllocator alloc = CachingAllocatorTest.withCachedBlock(small, 2048);
        alloc.beginPool("cuda:0 graph 1");
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class,
                () -> alloc.acquire(3000, "FLOAT32 x 750"));
        assertEquals("cuda:0: out of memory allocating 3,000 bytes (FLOAT32 x 750, bucket 3,072 bytes) while "
                + "capturing cuda:0 graph 1 (0 blocks, 0 bytes, 0 of them free) (the cache cannot be released during a "
                + "capture): 2,048 bytes reserved by this allocator, 2,048 of them cached; device free 2,048 of "
                + "4,096 bytes", e.getMessage());
        assertEquals(List.of("allocate 2048", "allocate 3072"), small.calls);
    }
}
