package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import org.junit.jupiter.api.Test;

/** Size buckets, reuse, accounting, the max-alloc limit and double frees of the OpenCL buffer pool. */
class BufferPoolTest {

    @Test
    void bucketsAreAtLeastTheRequestAndAtMostAnEighthLarger() {
        assertEquals(256, BufferPool.bucket(1));
        assertEquals(256, BufferPool.bucket(256));
        assertEquals(512, BufferPool.bucket(257));
        for (long bytes = 300; bytes < 1L << 34; bytes = bytes * 3 + 7) {
            long b = BufferPool.bucket(bytes);
            assertTrue(b >= bytes && b <= bytes + bytes / 8 + 256, bytes + " -> " + b);
            assertEquals(b, BufferPool.bucket(b), "a bucket is its own bucket");
        }
    }

    @Test
    void freedMemoryIsReusedAndAccounted() {
        OpenClBackend cl = (OpenClBackend) ClTesting.device();
        MemoryStats before = cl.memoryStats();
        ClBuffer a = (ClBuffer) cl.allocate(DType.FLOAT32, 1000);
        assertEquals(before.bytesInUse() + 4000, cl.memoryStats().bytesInUse());
        cl.free(a);
        assertEquals(before.bytesInUse(), cl.memoryStats().bytesInUse());
        assertTrue(cl.memoryStats().bytesCached() >= a.capacityBytes);
        ClBuffer b = (ClBuffer) cl.allocate(DType.INT32, 990);
        assertSame(a.mem, b.mem, "same bucket reuses the cached cl_mem");
        cl.free(b);
    }

    @Test
    void aRequestAboveMaxAllocNamesTheRequestAndTheLimit() {
        OpenClBackend cl = (OpenClBackend) ClTesting.device();
        long limit = cl.context().device.maxAllocBytes();
        int numel = (int) Math.min(Integer.MAX_VALUE, limit / 8 + 1);
        DType dt = limit / 8 + 1 <= Integer.MAX_VALUE ? DType.FLOAT64 : null;
        org.junit.jupiter.api.Assumptions.assumeTrue(dt != null && cl.supports(dt),
                "max alloc too large to exceed with one buffer of int-indexed doubles");
        OpenClException e = assertThrows(OpenClException.class, () -> cl.allocate(dt, numel));
        assertTrue(e.getMessage().contains(Long.toString((long) numel * 8))
                && e.getMessage().contains(Long.toString(limit))
                && e.getMessage().contains("CL_DEVICE_MAX_MEM_ALLOC_SIZE"), e.getMessage());
    }

    @Test
    void aDoubleFreeIsRefused() {
        Backend cl = ClTesting.device();
        Buffer b = cl.allocate(DType.FLOAT32, 10);
        cl.free(b);
        assertThrows(IllegalStateException.class, () -> cl.free(b));
    }

    @Test
    void aForeignBufferIsRefused() {
        Backend cl = ClTesting.device();
        Buffer foreign = ClTesting.REF.allocate(DType.FLOAT32, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cl.free(foreign));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }
}
