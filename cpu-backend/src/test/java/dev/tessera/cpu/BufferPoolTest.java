package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.reference.HeapBuffer;
import org.junit.jupiter.api.Test;

/** The buffer pool: bucket sizes, reuse of freed arrays, the cache limit, accounting, and out-of-memory reports. */
class BufferPoolTest {

    @Test
    void capacitiesRoundUpByAtMostAQuarter() {
        assertEquals(1, BufferPool.capacity(0));
        assertEquals(64, BufferPool.capacity(64));
        assertEquals(80, BufferPool.capacity(65));
        assertEquals(128, BufferPool.capacity(128));
        assertEquals(160, BufferPool.capacity(129));
        for (int n = 65; n < 2_000_000_000 && n > 0; n = n * 3 / 2 + 1) {
            int c = BufferPool.capacity(n);
            assertTrue(c >= n && c <= n * 1.25 + 1, "capacity " + c + " for " + n);
            assertEquals(c, BufferPool.capacity(c), "a capacity is its own bucket");
            assertEquals(BufferPool.bucket(n), BufferPool.bucket(c), "n and its capacity share a bucket");
        }
        assertEquals(Integer.MAX_VALUE - 8, BufferPool.capacity(Integer.MAX_VALUE - 16));
    }

    @Test
    void freedArraysAreReusedForRequestsOfTheSameBucket() {
        BufferPool pool = new BufferPool(1 << 30);
        HeapBuffer a = pool.allocate(DType.FLOAT32, 1000);
        Object array = a.array();
        pool.free(a);
        HeapBuffer b = pool.allocate(DType.FLOAT32, 990);
        assertSame(array, b.array(), "same bucket reuses the array");
        assertEquals(990, b.numel());
        HeapBuffer c = pool.allocate(DType.FLOAT64, 990);
        assertNotSame(array, c.array(), "dtypes have separate lists");
        HeapBuffer d = pool.allocate(DType.INT32, 5);
        assertEquals(DType.INT32, d.dtype());
    }

    @Test
    void accountingCountsLiveBytesCachedBytesAndPeak() {
        BufferPool pool = new BufferPool(1 << 30);
        HeapBuffer a = pool.allocate(DType.FLOAT32, 1000);
        HeapBuffer b = pool.allocate(DType.FLOAT64, 10);
        MemoryStats s = pool.stats();
        assertEquals(4000 + 80, s.bytesInUse());
        assertEquals(2, s.liveBuffers());
        assertEquals(0, s.bytesCached());
        pool.free(a);
        s = pool.stats();
        assertEquals(80, s.bytesInUse());
        assertEquals(4L * BufferPool.capacity(1000), s.bytesCached());
        assertEquals(4080, s.peakBytes());
        pool.resetPeak();
        assertEquals(80, pool.stats().peakBytes());
        pool.free(b);
        assertEquals(0, pool.stats().bytesInUse());
    }

    @Test
    void theCacheIsBoundedAndCanBeCleared() {
        BufferPool pool = new BufferPool(4096);
        HeapBuffer a = pool.allocate(DType.FLOAT32, 1000);
        HeapBuffer b = pool.allocate(DType.FLOAT32, 1000);
        pool.free(a);
        pool.free(b);
        assertTrue(pool.stats().bytesCached() <= 4096, "cache over its limit");
        pool.clear();
        assertEquals(0, pool.stats().bytesCached());
    }

    @Test
    void impossibleRequestsThrowANamedOutOfMemoryError() {
        BufferPool pool = new BufferPool(0);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> pool.allocate(DType.FLOAT64,
                Integer.MAX_VALUE - 16));
        assertTrue(e.getMessage().contains("FLOAT64") && e.getMessage().contains("-Xmx"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(DType.FLOAT32, -1));
    }
}
