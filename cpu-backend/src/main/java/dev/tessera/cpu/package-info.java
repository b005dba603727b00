/**
 * The CPU backend (device {@code cpu}): the Backend SPI on Java heap arrays, with element-wise kernels vectorized by
 * the Vector API (run the JVM with {@code --add-modules jdk.incubator.vector}; without it scalar kernels run), a
 * blocked, multithreaded matrix product, and a buffer pool. {@link dev.tessera.cpu.CpuProvider} registers it with
 * {@link java.util.ServiceLoader}; user code reaches it only through {@code Device.of("cpu")} or
 * {@code Device.auto()}. System properties: {@code tessera.cpu.threads} (worker threads), {@code tessera.cpu.fast}
 * ({@code false} runs the plain kernels only).
 */
package dev.tessera.cpu;
