package dev.tessera.train;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.DeviceInfo;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.FusedKernels;
import java.util.concurrent.atomic.AtomicLong;

/** A backend that forwards everything to another and counts the device-to-host reads (the host waits on each). */
final class CountingBackend implements Backend {
    private final Backend inner;
    private final String spec;
    private final AtomicLong reads = new AtomicLong();

    CountingBackend(Backend inner, String spec) {
        this.inner = inner;
        this.spec = spec;
    }

    /** Reads since the last call; resets the count. */
    long takeReads() {
        return reads.getAndSet(0);
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        reads.incrementAndGet();
        inner.read(src, srcOffset, dst, dstOffset, length);
    }

    @Override
    public String deviceSpec() {
        return spec;
    }

    @Override
    public DeviceInfo info() {
        return inner.info();
    }

    @Override
    public boolean supports(DType dtype) {
        return inner.supports(dtype);
    }

    @Override
    public Buffer allocate(DType dtype, long numel) {
        return inner.allocate(dtype, numel);
    }

    @Override
    public void free(Buffer buffer) {
        inner.free(buffer);
    }

    @Override
    public MemoryStats memoryStats() {
        return inner.memoryStats();
    }

    @Override
    public void resetPeak() {
        inner.resetPeak();
    }

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        inner.write(dst, dstOffset, src, srcOffset, length);
    }

    @Override
    public void synchronize() {
        inner.synchronize();
    }

    @Override
    public void copy(Operand src, Operand dst, int[] shape) {
        inner.copy(src, dst, shape);
    }

    @Override
    public void unary(UnaryOp op, double alpha, Operand x, Operand out, int[] shape) {
        inner.unary(op, alpha, x, out, shape);
    }

    @Override
    public void unaryBackward(UnaryOp op, double alpha, Buffer x, Buffer y, Buffer gradOut, Buffer gradIn, long n) {
        inner.unaryBackward(op, alpha, x, y, gradOut, gradIn, n);
    }

    @Override
    public void binary(BinaryOp op, Operand a, Operand b, Operand out, int[] shape) {
        inner.binary(op, a, b, out, shape);
    }

    @Override
    public void where(Operand condition, Operand a, Operand b, Operand out, int[] shape) {
        inner.where(condition, a, b, out, shape);
    }

    @Override
    public void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner) {
        this.inner.reduce(op, src, dst, outer, n, inner);
    }

    @Override
    public void matmul(Gemm gemm, Buffer a, Buffer b, Buffer c) {
        inner.matmul(gemm, a, b, c);
    }

    @Override
    public void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m, long inner) {
        this.inner.index(op, src, index, dst, outer, n, m, inner);
    }

    @Override
    public void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset, double a,
                       double b) {
        inner.random(dist, dst, count, seed, streamOffset, a, b);
    }

    @Override
    public FusedKernels fusedKernels() {
        return inner.fusedKernels();
    }
}
