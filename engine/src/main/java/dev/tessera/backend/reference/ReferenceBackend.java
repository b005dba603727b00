package dev.tessera.backend.reference;

import dev.tessera.DType;
import dev.tessera.MemoryStats;
import dev.tessera.Sizes;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.DeviceInfo;
import dev.tessera.backend.MemoryCounter;
import java.util.Map;

/**
 * The scalar reference backend (device spec {@code reference}): every primitive from {@link ReferenceKernels},
 * every fused op from its default. It is the executable specification, used by the conformance suite as the
 * FLOAT64 oracle; it is never chosen automatically.
 */
public final class ReferenceBackend extends HeapBackend {
    private final MemoryCounter memory = new MemoryCounter();
    private final dev.tessera.backend.RecordingCapture capture = new dev.tessera.backend.RecordingCapture(this);
    private final DeviceInfo info = DeviceInfo.available("reference", "scalar FLOAT64 reference",
            DeviceInfo.Kind.CPU, Runtime.getRuntime().maxMemory(), Map.of("role", "specification (slow)"));

    /** The reference backend: its primitives are {@link ReferenceKernels#SPEC}. */
    public ReferenceBackend() {
        super(ReferenceKernels.SPEC);
    }

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

    /** Steps are captured by recording the calls ({@link dev.tessera.backend.RecordingCapture}). */
    @Override
    public java.util.Optional<dev.tessera.backend.StepCapture> stepCapture() {
        return java.util.Optional.of(capture);
    }
}
