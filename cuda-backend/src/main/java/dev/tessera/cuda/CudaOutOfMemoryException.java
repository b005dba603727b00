package dev.tessera.cuda;

/**
 * Device memory ran out even after the allocator emptied its cache and retried. The message names the request and
 * the device's usage (in use, cached, free and total bytes).
 */
public final class CudaOutOfMemoryException extends CudaException {
    private static final long serialVersionUID = 1L;

    CudaOutOfMemoryException(String message) {
        super(message);
    }
}
