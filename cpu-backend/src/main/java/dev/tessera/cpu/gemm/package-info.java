/**
 * The CPU matrix product's per-type parts: a {@link dev.tessera.cpu.gemm.GemmKernel} packs operand blocks into the
 * layout its register-tiled micro-kernel reads and names the cache-block sizes; the scalar kernels here
 * ({@link dev.tessera.cpu.gemm.ScalarFloatGemm}, {@link dev.tessera.cpu.gemm.ScalarDoubleGemm}) run when the Vector API
 * is absent, and {@code dev.tessera.cpu.vector} holds the vectorized ones. {@link dev.tessera.cpu.gemm.GemmShape}
 * picks the tile and the cache blocks per machine. The FLOAT32 and FLOAT64 classes are generated from one template
 * each ({@code cpu-backend/src/main/gemm}).
 */
package dev.tessera.cpu.gemm;
