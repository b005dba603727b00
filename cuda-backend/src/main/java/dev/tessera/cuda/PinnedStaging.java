package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;

/**
 * Host-to-device and device-to-host transfers through pinned (page-locked) host buffers, so copies run
 * asynchronously at full bus speed. Uploads rotate through {@link #SLOTS} staging buffers, each guarded by an event
 * recorded after its copy: a write waits only if the slot it reuses still has a copy in flight, never for the
 * stream. A download copies into its own pinned buffer and waits for the stream (the caller needs the data). Large
 * transfers go in chunks of {@link #CHUNK} bytes. Callers hold the backend's lock.
 */
final class PinnedStaging {
    static final int SLOTS = 4;
    static final long CHUNK = 16L << 20;

    private final CudaContext context;
    private final Slot[] uploads = new Slot[SLOTS];
    private final Slot download;
    private int next;

    /** A pinned host buffer and the event that marks the end of the last copy out of it. */
    private static final class Slot {
        final CUevent event = new CUevent();
        Pointer host;
        ByteBuffer bytes;
        long capacity;
        boolean pending;
    }

    PinnedStaging(CudaContext context) {
        this.context = context;
        for (int i = 0; i < SLOTS; i++) {
            uploads[i] = newSlot();
        }
        download = newSlot();
    }

    private static Slot newSlot() {
        Slot s = new Slot();
        CudaException.check(cuEventCreate(s.event, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
        return s;
    }

    /** Copies {@code length} elements of a Java array (float[], double[] or int[]) into dst at {@code dstOffset}. */
    void upload(CudaBuffer dst, long dstOffset, Object src, int srcOffset, int length) {
        int size = dst.dtype().byteSize();
        long perChunk = CHUNK / size;
        for (long done = 0; done < length; ) {
            int count = (int) Math.min(perChunk, length - done);
            Slot slot = uploads[next];
            next = (next + 1) % SLOTS;
            if (slot.pending) {
                CudaException.check(cuEventSynchronize(slot.event), "cuEventSynchronize (upload staging)");
                slot.pending = false;
            }
            reserve(slot, (long) count * size);
            put(slot.bytes, src, srcOffset + (int) done, count);
            CudaException.check(cuMemcpyHtoDAsync(dst.pointer(dstOffset + done), slot.host, (long) count * size,
                    context.stream), "cuMemcpyHtoDAsync(" + (long) count * size + " bytes to " + dst + ")");
            CudaException.check(cuEventRecord(slot.event, context.stream), "cuEventRecord");
            slot.pending = true;
            done += count;
        }
    }

    /**
     * Copies {@code length} elements of a Java array into dst at once (a synchronous copy outside the stream), as
     * a host write must while the stream is being captured: the stream runs nothing then, and a copy on it would be
     * captured with a staging address whose contents change.
     */
    void uploadNow(CudaBuffer dst, long dstOffset, Object src, int srcOffset, int length) {
        int size = dst.dtype().byteSize();
        Pointer host;
        if (src instanceof float[] f) {
            host = Pointer.to(f);
        } else if (src instanceof double[] d) {
            host = Pointer.to(d);
        } else if (src instanceof int[] i) {
            host = Pointer.to(i);
        } else {
            throw new IllegalArgumentException("write: expected float[], double[] or int[], got " + src.getClass());
        }
        CudaException.check(cuMemcpyHtoD(dst.pointer(dstOffset), host.withByteOffset((long) srcOffset * size),
                (long) length * size), "cuMemcpyHtoD(" + (long) length * size + " bytes to " + dst + ")");
    }

    /** Copies {@code length} elements at {@code srcOffset} of src into a Java array, waiting for the stream. */
    void download(CudaBuffer src, long srcOffset, Object dst, int dstOffset, int length) {
        int size = src.dtype().byteSize();
        long perChunk = CHUNK / size;
        for (long done = 0; done < length; ) {
            int count = (int) Math.min(perChunk, length - done);
            reserve(download, (long) count * size);
            CudaException.check(cuMemcpyDtoHAsync(download.host, src.pointer(srcOffset + done), (long) count * size,
                    context.stream), "cuMemcpyDtoHAsync(" + (long) count * size + " bytes from " + src + ")");
            context.synchronize();
            get(download.bytes, dst, dstOffset + (int) done, count);
            done += count;
        }
    }

    /** Grows a slot's pinned buffer to at least {@code bytes} (the slot has no copy in flight). */
    private static void reserve(Slot slot, long bytes) {
        if (slot.capacity >= bytes) {
            return;
        }
        if (slot.host != null) {
            CudaException.check(cuMemFreeHost(slot.host), "cuMemFreeHost");
        }
        long capacity = Math.max(bytes, Math.min(CHUNK, Math.max(64 * 1024, 2 * slot.capacity)));
        Pointer host = new Pointer();
        CudaException.check(cuMemAllocHost(host, capacity), "cuMemAllocHost(" + capacity + " bytes)");
        slot.host = host;
        slot.bytes = host.getByteBuffer(0, capacity).order(ByteOrder.nativeOrder());
        slot.capacity = capacity;
    }

    private static void put(ByteBuffer bytes, Object src, int offset, int count) {
        if (src instanceof float[] f) {
            bytes.asFloatBuffer().put(f, offset, count);
        } else if (src instanceof double[] d) {
            bytes.asDoubleBuffer().put(d, offset, count);
        } else if (src instanceof int[] i) {
            bytes.asIntBuffer().put(i, offset, count);
        } else {
            throw new IllegalArgumentException("write: expected float[], double[] or int[], got " + src.getClass());
        }
    }

    private static void get(ByteBuffer bytes, Object dst, int offset, int count) {
        if (dst instanceof float[] f) {
            bytes.asFloatBuffer().get(f, offset, count);
        } else if (dst instanceof double[] d) {
            bytes.asDoubleBuffer().get(d, offset, count);
        } else if (dst instanceof int[] i) {
            bytes.asIntBuffer().get(i, offset, count);
        } else {
            throw new IllegalArgumentException("read: expected float[], double[] or int[], got " + dst.getClass());
        }
    }
}
