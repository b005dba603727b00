package dev.tessera.backend.reference;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.Primitives;
import dev.tessera.backend.PrimitivesBackend;

/**
 * The base of the backends that keep their buffers in Java arrays ({@link HeapBuffer}) and finish every call before
 * it returns: transfers are {@link System#arraycopy} at array index {@link HeapBuffer#arrayIndex offset}, and
 * {@link #synchronize()} has nothing to wait for. The primitives run on the subclass's {@link Primitives}, which
 * take {@link HeapBuffer}s; a subclass supplies identity, memory and fused ops.
 */
public abstract class HeapBackend extends PrimitivesBackend {
    /** A backend whose primitives run on {@code primitives}. */
    protected HeapBackend(Primitives primitives) {
        super(primitives);
    }

    @Override
    public final void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        System.arraycopy(src, srcOffset, ((HeapBuffer) dst).array(), HeapBuffer.arrayIndex(dstOffset), length);
    }

    @Override
    public final void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        System.arraycopy(((HeapBuffer) src).array(), HeapBuffer.arrayIndex(srcOffset), dst, dstOffset, length);
    }

    /** Nothing to wait for: every call completes before it returns. */
    @Override
    public final void synchronize() {
    }
}
