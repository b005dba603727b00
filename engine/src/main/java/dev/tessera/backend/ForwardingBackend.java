package dev.tessera.backend;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.backend.fused.FusedKernels;

/**
 * A backend that forwards every call to another: the base of backends that change a few calls of a real one (the
 * engine's half-precision adapter, the recording backend of a step capture). A subclass overrides what it changes;
 * everything else reaches {@link #delegate} unchanged, except {@link #stepCapture()}: a forwarding backend offers
 * no capture of its own.
 */
public abstract class ForwardingBackend extends PrimitivesBackend {
    /** The backend calls go to. */
    protected final Backend delegate;

    /** Forwards to {@code delegate}. */
    protected ForwardingBackend(Backend delegate) {
        super(delegate);
        this.delegate = delegate;
    }

    @Override
    public String deviceSpec() {
        return delegate.deviceSpec();
    }

    @Override
    public DeviceInfo info() {
        return delegate.info();
    }

    @Override
    public boolean supports(DType dtype) {
        return delegate.supports(dtype);
    }

    @Override
    public boolean computes(DType dtype) {
        return delegate.computes(dtype);
    }

    @Override
    public boolean multiplies(DType dtype) {
        return delegate.multiplies(dtype);
    }

    @Override
    public Buffer allocate(DType dtype, long numel) {
        return delegate.allocate(dtype, numel);
    }

    @Override
    public void free(Buffer buffer) {
        delegate.free(buffer);
    }

    @Override
    public MemoryStats memoryStats() {
        return delegate.memoryStats();
    }

    @Override
    public void resetPeak() {
        delegate.resetPeak();
    }

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        delegate.write(dst, dstOffset, src, srcOffset, length);
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        delegate.read(src, srcOffset, dst, dstOffset, length);
    }

    @Override
    public void synchronize() {
        delegate.synchronize();
    }

    @Override
    public FusedKernels fusedKernels() {
        return delegate.fusedKernels();
    }
}
