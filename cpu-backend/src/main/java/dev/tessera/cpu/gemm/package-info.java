/**
 * The CPU matrix product's per-type parts: a {@link dev.tessera.cpu.gemm.GemmKernel} packs operand blocks into the
 * layout its register-tiled micro-kernel reads and names the cache-block sizes; the scalar kernels here
 * ({@link dev.tessera.cpu.gemm.ScalarFloatGemm}, {@link dev.tessera.cpu.gemm.ScalarDoubleGemm}) run when the Vector API
 * is absent, and {@code dev.tessera.cpu.vector} holds the vectorized ones.
 */
package dev.tessera.cpu.gemm;
