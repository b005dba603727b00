/**
 * The CUDA backend (devices {@code cuda:N}, NVIDIA GPUs through the JCuda driver API): one primary context and stream
 * per device, the PTX kernels of module {@code tessera-kernels}, matrix products through cuBLAS (with a forwarding
 * library where only CUDA 13's {@code libcublas.so.13} exists) and a caching allocator.
 * {@link dev.tessera.cuda.CudaProvider} registers it with {@link java.util.ServiceLoader}; without a driver, a GPU or
 * the PTX it reports itself unavailable with the reason. {@link dev.tessera.cuda.CudaOutOfMemoryException} names the
 * request and the device's memory use after the cache was emptied and the allocation retried.
 * {@link dev.tessera.cuda.CudaBackend#stepCapture()} captures training steps as CUDA graphs with a graph-private
 * memory pool (docs/GRAPH_CAPTURE.md).
 */
package dev.tessera.cuda;
