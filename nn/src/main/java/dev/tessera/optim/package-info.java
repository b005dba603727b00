/**
 * Optimizers that update a model's parameters from their gradients, with PyTorch's update rules:
 * {@link dev.tessera.optim.SGD} (momentum, Nesterov), {@link dev.tessera.optim.Adagrad}, {@link dev.tessera.optim.RMSprop},
 * {@link dev.tessera.optim.Adam} and {@link dev.tessera.optim.AdamW}, over {@link dev.tessera.optim.ParamGroup parameter
 * groups} with their own hyperparameters; {@link dev.tessera.optim.GradientClipping} and
 * {@link dev.tessera.optim.GradientAccumulator} act on the gradients before a step. Each step runs as fused backend
 * operations on the parameters' device.
 */
package dev.tessera.optim;
