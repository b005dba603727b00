package dev.tessera.opencl;

import static org.jocl.CL.CL_COMPLETE;
import static org.jocl.CL.CL_EVENT_COMMAND_EXECUTION_STATUS;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetEventInfo;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clWaitForEvents;

import dev.tessera.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_event;

/**
 * Host-device copies on the backend's in-order queue. Writes do not wait for the device: the Java array is copied
 * to an off-heap staging buffer that is kept alive until its transfer has completed. Reads block (the host needs
 * the data), which also completes every earlier command. Thread-safe.
 */
final class Transfers {
    /** Staged bytes in flight above which a write first waits for the oldest transfers. */
    private static final long MAX_PENDING_BYTES = 256L << 20;
    /** Largest single staging buffer. */
    private static final int STAGING_BYTES = 32 << 20;

    private final cl_command_queue queue;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long pendingBytes;

    private record Pending(cl_event event, ByteBuffer staging) {
    }

    Transfers(cl_command_queue queue) {
        this.queue = queue;
    }

    /**
     * Queues a copy of {@code src[srcOffset, srcOffset + length)} into {@code dst} at element {@code dstOffset}, staged
     * in pieces of at most {@value #STAGING_BYTES} bytes so that large uploads use bounded off-heap memory.
     */
    void write(ClBuffer dst, long dstOffset, Object src, int srcOffset, int length) {
        int size = dst.dtype().byteSize();
        int piece = STAGING_BYTES / size;
        for (int done = 0; done < length; done += piece) {
            writePiece(dst, dstOffset + done, src, srcOffset + done, Math.min(piece, length - done));
        }
    }

    private void writePiece(ClBuffer dst, long dstOffset, Object src, int srcOffset, int length) {
        int size = dst.dtype().byteSize();
        ByteBuffer staging = ByteBuffer.allocateDirect(length * size).order(ByteOrder.nativeOrder());
        switch (dst.dtype()) {
            case FLOAT32 -> staging.asFloatBuffer().put((float[]) src, srcOffset, length);
            case FLOAT64 -> staging.asDoubleBuffer().put((double[]) src, srcOffset, length);
            case INT32 -> staging.asIntBuffer().put((int[]) src, srcOffset, length);
            case FLOAT16, BFLOAT16 -> staging.asShortBuffer().put((short[]) src, srcOffset, length);
        }
        cl_event event = new cl_event();
        synchronized (this) {
            OpenClException.check(clEnqueueWriteBuffer(queue, dst.mem, false, dstOffset * size,
                    (long) length * size, Pointer.to(staging), 0, null, event), "clEnqueueWriteBuffer(" + dst + ")");
            pending.add(new Pending(event, staging));
            pendingBytes += staging.capacity();
            retireFinished();
        }
    }

    /** Copies {@code length} elements from {@code src} at {@code srcOffset} into {@code dst}; waits for the data. */
    void read(ClBuffer src, long srcOffset, Object dst, int dstOffset, int length) {
        if (length == 0) {
            return;
        }
        DType dt = src.dtype();
        Pointer target = switch (dt) {
            case FLOAT32 -> Pointer.to((float[]) dst).withByteOffset((long) dstOffset * Sizeof.cl_float);
            case FLOAT64 -> Pointer.to((double[]) dst).withByteOffset((long) dstOffset * Sizeof.cl_double);
            case INT32 -> Pointer.to((int[]) dst).withByteOffset((long) dstOffset * Sizeof.cl_int);
            case FLOAT16, BFLOAT16 -> Pointer.to((short[]) dst).withByteOffset((long) dstOffset * Sizeof.cl_short);
        };
        OpenClException.check(clEnqueueReadBuffer(queue, src.mem, true, srcOffset * dt.byteSize(),
                (long) length * dt.byteSize(), target, 0, null, null), "clEnqueueReadBuffer(" + src + ")");
        synchronized (this) {
            retireFinished();
        }
    }

    /** Waits for every queued command and releases all staging memory. */
    void finish() {
        OpenClException.check(clFinish(queue), "clFinish");
        synchronized (this) {
            retireFinished();
        }
    }

    /** Releases the staging buffers of completed writes; waits for the oldest while too many bytes are in flight. */
    private void retireFinished() {
        while (pendingBytes > MAX_PENDING_BYTES && !pending.isEmpty()) {
            Pending oldest = pending.peek();
            OpenClException.check(clWaitForEvents(1, new cl_event[]{oldest.event()}), "clWaitForEvents(write)");
            release(pending.poll());
        }
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            int[] status = new int[1];
            OpenClException.check(clGetEventInfo(p.event(), CL_EVENT_COMMAND_EXECUTION_STATUS, Sizeof.cl_int,
                    Pointer.to(status), null), "clGetEventInfo(write)");
            if (status[0] < 0) {
                throw new OpenClException("clEnqueueWriteBuffer (completed asynchronously)", status[0]);
            }
            if (status[0] != CL_COMPLETE) {
                return;
            }
            it.remove();
            release(p);
        }
    }

    private void release(Pending p) {
        clReleaseEvent(p.event());
        pendingBytes -= p.staging().capacity();
    }
}
