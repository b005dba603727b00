/**
 * The Backend SPI: what a device plug-in implements. A {@link dev.tessera.backend.Backend} computes a closed set of
 * primitives (element-wise {@link dev.tessera.backend.UnaryOp unary} and {@link dev.tessera.backend.BinaryOp binary}
 * ops, {@link dev.tessera.backend.ReduceOp reductions}, {@link dev.tessera.backend.Gemm matrix products}, indexing,
 * random fills) on its own {@link dev.tessera.backend.Buffer buffers}; fused operations are descriptors with default
 * decompositions into primitives, for which a backend may register kernels ({@link dev.tessera.backend.fused}). A
 * {@link dev.tessera.backend.BackendProvider} found by {@link java.util.ServiceLoader} makes a backend available and
 * describes its devices ({@link dev.tessera.backend.DeviceInfo}).
 *
 * <p>The engine has already checked shapes, dtypes and devices when a primitive is called: a backend only computes,
 * and must agree with the FLOAT64 reference backend ({@link dev.tessera.backend.reference}) within the tolerances of
 * the conformance suite that every backend module runs. User code does not need this package: activations are
 * {@link dev.tessera.Activation}.
 */
package dev.tessera.backend;
