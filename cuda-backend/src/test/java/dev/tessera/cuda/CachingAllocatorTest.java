package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingAllocatorTest {
    /** An allocator of {@code cuda:0} on {@code mem} whose cache holds one freed block of {@code size} bytes. */
    static CachingAllocator withCachedBlock(FakeMemory mem, long size) {
        CachingAllocator a = new CachingAllocator(mem, "cuda:0");
        a.recycle(a.acquire(size, "cached"));
        return a;
    }

    /** Device memory of a fixed capacity that logs every driver call. */
    static final class FakeMemory implements DeviceMemory {
        final long capacity;
        long used;
        long next = 0x1000;
        final List<String> calls = new ArrayList<>();

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public Block allocate(long bytes) {
            calls.add("allocate " + bytes);
            if (used + bytes > capacity) {
                return null;
            }
            used += bytes;
            Block b = new Block(bytes, next, null);
            next += bytes;
            return b;
        }

        @Override
        public void release(Block block) {
            calls.add("release " + block.size);
            used -= block.size;
        }

        @Override
        public void synchronize() {
            calls.add("synchronize");
        }

        @Override
        public long[] freeAndTotal() {
            return new long[]{capacity - used, capacity};
        }
    }

    @Test
    void bucketsWasteAtMostAQuarter() {
        assertEquals(512, CachingAllocator.bucketSize(1));
        assertEquals(512, CachingAllocator.bucketSize(512));
        assertEquals(640, CachingAllocator.bucketSize(513));
        assertEquals(1024, CachingAllocator.bucketSize(1024));
        assertEquals(1280, CachingAllocator.bucketSize(1025));
        assertEquals(4096, CachingAllocator.bucketSize(4000));
        assertEquals(5L << 20, CachingAllocator.bucketSize((4L << 20) + 1));
        assertEquals(7L << 30, CachingAllocator.bucketSize((6L << 30) + 1));
        for (long bytes = 1; bytes < 10_000_000; bytes = bytes * 3 / 2 + 7) {
            long b = CachingAllocator.bucketSize(bytes);
            assertTrue(b >= bytes && (bytes <= 512 || b <= bytes * 1.25 + 1), bytes + " -> " + b);
            assertEquals(0, b % 128, "buckets are multiples of 128 bytes");
            assertEquals(b, CachingAllocator.bucketSize(b), "a bucket size is its own bucket");
        }
    }

    @Test
    void freedBlocksServeTheNextRequestOfTheirBucketWithoutTheDriver() {
        FakeMemory mem = new FakeMemory(1 << 20);
        CachingAllocator a = new CachingAllocator(mem, "cuda:0");
        Block b1 = a.acquire(1000, "x");
        assertEquals(1024, b1.size);
        a.recycle(b1);
        assertEquals(1024, a.cachedBytes());
        Block b2 = a.acquire(900, "y");
        assertSame(b1, b2, "same bucket: the cached block comes back");
        assertEquals(0, a.cachedBytes());
        Block b3 = a.acquire(600, "z");
        assertNotSame(b1, b3, "another bucket needs a new block");
        assertEquals(List.of("allocate 1024", "allocate 640"), mem.calls);
        assertEquals(2, a.driverAllocations());
        assertEquals(1024 + 640, a.reservedBytes());
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetries() {
        FakeMemory mem = new FakeMemory(4096);
        CachingAllocator a = withCachedBlock(mem, 2048);
        Block big = a.acquire(3000, "second");
        assertEquals(3072, big.size);
        assertEquals(List.of("allocate 2048", "allocate 3072", "synchronize", "release 2048", "allocate 3072"),
                mem.calls, "the failed allocation waits for the device, releases the cache, then retries");
        assertEquals(0, a.cachedBytes());
        assertEquals(3072, a.reservedBytes());
    }

    @Test
    void outOfMemoryAfterTheRetryNamesTheRequestAndTheUsage() {
        FakeMemory mem = new FakeMemory(4096);
        CachingAllocator a = new CachingAllocator(mem, "cuda:0");
        a.acquire(3000, "kept");
        Block cached = a.acquire(512, "cached");
        a.recycle(cached);
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class,
                () -> a.acquire(5000, "FLOAT32 x 1250"));
        assertEquals("cuda:0: out of memory allocating 5,000 bytes (FLOAT32 x 1250, bucket 5,120 bytes): 3,072 bytes "
                + "reserved by this allocator (512 of them cached and released before retrying), device free "
                + "1,024 of 4,096 bytes", e.getMessage());
    }

    @Test
    void emptyCacheReleasesEveryCachedBlockAfterSynchronising() {
        FakeMemory mem = new FakeMemory(1 << 20);
        CachingAllocator a = new CachingAllocator(mem, "cuda:0");
        Block x = a.acquire(100, "x");
        Block y = a.acquire(100, "y");
        a.recycle(x);
        a.recycle(y);
        mem.calls.clear();
        a.emptyCache();
        assertEquals(List.of("synchronize", "release 512", "release 512"), mem.calls);
        assertEquals(0, a.reservedBytes());
        mem.calls.clear();
        a.emptyCache();
        assertEquals(List.of(), mem.calls, "an empty cache needs no synchronisation");
    }
}
