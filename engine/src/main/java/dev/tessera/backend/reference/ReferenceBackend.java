package dev.tessera.backend.reference;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.Sizes;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.DeviceInfo;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.MemoryCounter;
import dev.tessera.backend.Operand;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import java.util.Map;

/**
 * The scalar reference backend (device spec {@code reference}): every primitive from {@link ReferenceKernels},
 * every fused op from its default. It is the executable specification, used by the conformance suite as the
 * FLOAT64 oracle; it is never chosen automatically.
 */
public final class ReferenceBackend implements Backend {
    private final MemoryCounter memory = new MemoryCounter();
    private final dev.tessera.backend.RecordingCapture capture = new dev.tessera.backend.RecordingCapture(this);
    private final DeviceInfo info = DeviceInfo.available("reference", "scalar FLOAT64 reference",
            DeviceInfo.Kind.CPU, Runtime.getRuntime().maxMemory(), Map.of("role", "specification (slow)"));

    @Override
    public String deviceSpec() {
        return "reference";
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public boolean supports(DType dtype) {
        return true;
    }

    @Override
    public Buffer allocate(DType dtype, long numel) {
        HeapBuffer b = HeapBuffer.allocate(dtype, Sizes.heapBufferLength("reference", dtype, numel));
        memory.allocated(b.bytes());
        return b;
    }

    @Override
    public void free(Buffer buffer) {
        memory.freed(buffer.bytes());
    }

    @Override
    public MemoryStats memoryStats() {
        return memory.snapshot(0);
    }

    @Override
    public void resetPeak() {
        memory.resetPeak();
    }

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        System.arraycopy(src, srcOffset, ((HeapBuffer) dst).array(), HeapBuffer.arrayIndex(dstOffset), length);
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        System.arraycopy(((HeapBuffer) src).array(), HeapBuffer.arrayIndex(srcOffset), dst, dstOffset, length);
    }

    @Override
    public void synchronize() {
    }

    @Override
    public void copy(Operand src, Operand dst, int[] shape) {
        ReferenceKernels.copy(src, dst, shape);
    }

    @Override
    public void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        ReferenceKernels.unary(op, alpha, x, out, shape);
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut, Buffer gradIn, long n) {
        ReferenceKernels.unaryBackward(op, alpha, (HeapBuffer) x, (HeapBuffer) y, (HeapBuffer) gradOut,
                (HeapBuffer) gradIn, HeapBuffer.arrayIndex(n));
    }

    @Override
    public void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        ReferenceKernels.binary(op, a, b, out, shape);
    }

    @Override
    public void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        ReferenceKernels.where(condition, a, b, out, shape);
    }

    @Override
    public void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner) {
        ReferenceKernels.reduce(op, (HeapBuffer) src, (HeapBuffer) dst, HeapBuffer.arrayIndex(outer),
                HeapBuffer.arrayIndex(n), HeapBuffer.arrayIndex(inner));
    }

    @Override
    public void matmul(Gemm gemm, Buffer a, Buffer b, Buffer c) {
        ReferenceKernels.matmul(gemm, (HeapBuffer) a, (HeapBuffer) b, (HeapBuffer) c);
    }

    @Override
    public void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m, long inner) {
        ReferenceKernels.index(op, (HeapBuffer) src, (HeapBuffer) index, (HeapBuffer) dst, HeapBuffer.arrayIndex(outer),
                HeapBuffer.arrayIndex(n), HeapBuffer.arrayIndex(m), HeapBuffer.arrayIndex(inner));
    }

    @Override
    public void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset,
                       double a, double b) {
        ReferenceKernels.random(dist, (HeapBuffer) dst, HeapBuffer.arrayIndex(count), seed, streamOffset, a, b);
    }

    /** Steps are captured by recording the calls ({@link dev.tessera.backend.RecordingCapture}). */
    @Override
    public java.util.Optional<dev.tessera.backend.StepCapture> stepCapture() {
        return java.util.Optional.of(capture);
    }
}
