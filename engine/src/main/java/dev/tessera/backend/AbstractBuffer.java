package dev.tessera.backend;

import dev.tessera.DType;

/**
 * The base of {@link Buffer} implementations: the dtype and element count fixed at creation, which is all a buffer
 * must report; a subclass adds its storage (a Java array, a device allocation).
 */
public abstract class AbstractBuffer implements Buffer {
    private final DType dtype;
    private final long numel;

    /** A buffer of {@code numel} elements of {@code dtype}. */
    protected AbstractBuffer(DType dtype, long numel) {
        this.dtype = dtype;
        this.numel = numel;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final long numel() {
        return numel;
    }
}
