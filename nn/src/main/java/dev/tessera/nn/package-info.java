/**
 * Neural-network modules: the {@link dev.tessera.nn.Module} base class (named parameters and buffers, PyTorch-style
 * state dicts, training and evaluation modes), layers ({@link dev.tessera.nn.Linear},
 * {@link dev.tessera.nn.BatchNorm1d}, {@link dev.tessera.nn.Dropout}, {@link dev.tessera.nn.Flatten}), activations
 * ({@link dev.tessera.nn.ReLU}, {@link dev.tessera.nn.GELU}, {@link dev.tessera.nn.PReLU}, {@link dev.tessera.nn.Swish},
 * ...), containers ({@link dev.tessera.nn.Sequential}, {@link dev.tessera.nn.Residual}) and weight initialization
 * ({@link dev.tessera.nn.Init}). {@link dev.tessera.nn.TensorOptions} says on which device, in which dtype and from
 * which generator a module creates its parameters. Written only against the public Tensor API, so every module runs
 * on every backend.
 */
package dev.tessera.nn;
