package dev.tessera.backend;

import java.util.List;

/**
 * Entry point of a backend plug-in, found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.tessera.backend.BackendProvider}.
 *
 * <p>Implementations must be cheap to construct and must not fail in their constructor: probing for native
 * libraries happens in {@link #devices()} and {@link #open}.
 */
public interface BackendProvider {
    /** Backend name, the prefix of its device specs: {@code cpu}, {@code opencl}, {@code cuda}, {@code reference}. */
    String name();

    /**
     * Rank in automatic device selection: higher is tried first; negative means never chosen automatically.
     * CUDA uses 300, OpenCL 200, CPU 100.
     */
    int autoPriority();

    /**
     * Every device of this backend with its availability. Never throws: a backend that cannot load at all returns
     * one unavailable entry whose reason says why.
     */
    List<DeviceInfo> devices();

    /**
     * Starts device {@code index} (0-based, in the order of {@link #devices()}).
     *
     * @throws dev.tessera.DeviceUnavailableException with the exact reason when it cannot start
     */
    Backend open(int index);
}
