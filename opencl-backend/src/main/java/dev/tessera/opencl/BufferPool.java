package dev.tessera.opencl;

import static org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_OUT_OF_HOST_MEMORY;
import static org.jocl.CL.CL_OUT_OF_RESOURCES;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clReleaseMemObject;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.MemoryCounter;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jocl.cl_context;
import org.jocl.cl_mem;

/**
 * The caching allocator of one OpenCL context: device buffers are created in size buckets (eighth-of-a-power-of-two
 * steps, at least 256 bytes) and recycled through per-bucket free lists instead of being released.
 *
 * <p>A request larger than {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE} fails with a message naming the request and the
 * limit. When the device would run out of memory the cache is emptied first; if the request still does not fit, an
 * {@link OpenClException} names the request and the device's usage. Reusing a buffer is safe without waiting because
 * the backend has a single in-order queue: work queued by the next owner runs after the last owner's. Thread-safe
 * ({@link #free} may be called from a Cleaner thread).
 */
final class BufferPool {
    private static final long MIN_BUCKET = 256;

    private final cl_context context;
    private final ClDevice device;
    private final String spec;
    private final MemoryCounter counter = new MemoryCounter();
    private final Map<Long, ArrayDeque<cl_mem>> freeLists = new HashMap<>();
    private long cachedBytes;
    private long liveCapacityBytes;

    BufferPool(cl_context context, ClDevice device, String spec) {
        this.context = context;
        this.device = device;
        this.spec = spec;
    }

    /** The bucket (capacity in bytes) a request of {@code bytes} is served from. */
    static long bucket(long bytes) {
        if (bytes <= MIN_BUCKET) {
            return MIN_BUCKET;
        }
        int log2 = 63 - Long.numberOfLeadingZeros(bytes);
        long granularity = Math.max(MIN_BUCKET, 1L << Math.max(0, log2 - 3));
        return (bytes + granularity - 1) / granularity * granularity;
    }

    /** A buffer of {@code numel} elements of {@code dtype}, from the cache when a buffer of its bucket is free. */
    ClBuffer allocate(DType dtype, long numel, Object owner) {
        if (numel < 0) {
            throw new IllegalArgumentException(spec + ": cannot allocate a buffer of " + numel + " elements");
        }
        long bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        if (bytes > device.maxAllocBytes()) {
            throw new OpenClException(spec + " (" + device.name() + "): a " + dtype + " buffer of " + numel
                    + " elements needs " + bytes + " bytes, more than this device's CL_DEVICE_MAX_MEM_ALLOC_SIZE of "
                    + device.maxAllocBytes() + " bytes (the largest single buffer it can hold)");
        }
        long capacity = Math.max(bytes, Math.min(bucket(bytes), device.maxAllocBytes()));
        synchronized (this) {
            ArrayDeque<cl_mem> list = freeLists.get(capacity);
            cl_mem mem = list == null ? null : list.poll();
            if (mem != null) {
                cachedBytes -= capacity;
            } else {
                mem = create(dtype, numel, capacity);
            }
            liveCapacityBytes += capacity;
            counter.allocated(bytes);
            return new ClBuffer(dtype, numel, mem, capacity, owner);
        }
    }

    /** Puts {@code buffer}'s memory back on its free list. */
    void free(ClBuffer buffer) {
        if (!buffer.markFreed()) {
            throw new IllegalStateException(spec + ": " + buffer + " was freed twice");
        }
        synchronized (this) {
            freeLists.computeIfAbsent(buffer.capacityBytes, c -> new ArrayDeque<>()).push(buffer.mem);
            cachedBytes += buffer.capacityBytes;
            liveCapacityBytes -= buffer.capacityBytes;
            counter.freed(buffer.bytes());
        }
    }

    /** Releases every cached (free) buffer to the driver. */
    synchronized void emptyCache() {
        for (ArrayDeque<cl_mem> list : freeLists.values()) {
            for (cl_mem mem : list) {
                clReleaseMemObject(mem);
            }
        }
        freeLists.clear();
        cachedBytes = 0;
    }

    /** In-use, peak and cached bytes. */
    synchronized MemoryStats stats() {
        return counter.snapshot(cachedBytes);
    }

    /** Resets the peak to the current usage. */
    void resetPeak() {
        counter.resetPeak();
    }

    private cl_mem create(DType dtype, long numel, long capacity) {
        if (liveCapacityBytes + cachedBytes + capacity > device.globalMemBytes()) {
            emptyCache();
        }
        if (liveCapacityBytes + capacity > device.globalMemBytes()) {
            throw outOfMemory(dtype, numel, capacity, "device memory exhausted");
        }
        int[] status = new int[1];
        cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, capacity, null, status);
        if (isOutOfMemory(status[0])) {
            emptyCache();
            mem = clCreateBuffer(context, CL_MEM_READ_WRITE, capacity, null, status);
        }
        if (isOutOfMemory(status[0])) {
            throw outOfMemory(dtype, numel, capacity, OpenClException.errorName(status[0]));
        }
        OpenClException.check(status[0], "clCreateBuffer(" + capacity + " bytes)");
        return mem;
    }

    private static boolean isOutOfMemory(int status) {
        return status != CL_SUCCESS && (status == CL_MEM_OBJECT_ALLOCATION_FAILURE || status == CL_OUT_OF_RESOURCES
                || status == CL_OUT_OF_HOST_MEMORY);
    }

    private OpenClException outOfMemory(DType dtype, long numel, long capacity, String why) {
        return new OpenClException(spec + " (" + device.name() + "): out of memory allocating a " + dtype
                + " buffer of " + numel + " elements (" + capacity + " bytes): " + why + "; in use "
                + liveCapacityBytes + " bytes, cached " + cachedBytes + " bytes, device total "
                + device.globalMemBytes() + " bytes");
    }
}
