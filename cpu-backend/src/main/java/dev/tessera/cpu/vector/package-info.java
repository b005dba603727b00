/**
 * The CPU backend's Vector API code (module {@code jdk.incubator.vector}): vectorized element-wise kernels and matrix
 * product micro-kernels, behind {@link dev.tessera.cpu.vector.VectorKernels}. Loaded only when the module is present,
 * so the backend still starts on a JVM run without it.
 */
package dev.tessera.cpu.vector;
