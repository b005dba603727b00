/**
 * The OpenCL backend (devices {@code opencl:N}, any OpenCL platform through JOCL: GPUs, or PoCL on the CPU): the
 * Backend SPI on device buffers, with the kernels of module {@code tessera-kernels} compiled per device and cached,
 * and a size-bucketed buffer pool. {@link dev.tessera.opencl.OpenClProvider} registers it with
 * {@link java.util.ServiceLoader}; a device that cannot start is reported with its reason by {@code Device.list()},
 * and {@link dev.tessera.opencl.OpenClException} names the failing OpenCL call and its error code.
 */
package dev.tessera.opencl;
