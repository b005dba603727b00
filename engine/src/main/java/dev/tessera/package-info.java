/**
 * Tessera's core API: the {@link dev.tessera.Tensor} (an n-dimensional array on one {@link dev.tessera.Device}, with
 * every differentiable operation as a method and reverse-mode autograd through {@link dev.tessera.Tensor#backward()}),
 * its {@link dev.tessera.Shape} and {@link dev.tessera.DType}, device discovery and selection ({@link dev.tessera.Device#auto()}),
 * explicit lifetime ({@link dev.tessera.Scope} closes the tensors created inside it), counter-based random numbers
 * ({@link dev.tessera.Generator}) and global switches ({@link dev.tessera.Tessera}: debug mode, determinism, anomaly
 * detection).
 *
 * <p>Every operation checks its arguments (shapes, dtypes, devices) here, before any backend runs, and reports a
 * mismatch as an exception naming the operation and the shapes; broadcasting and dtype promotion follow NumPy and
 * PyTorch. Each method's Javadoc states its math.
 */
package dev.tessera;
