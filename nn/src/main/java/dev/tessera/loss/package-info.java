/**
 * Loss functions mapping predictions and targets to a scalar (or per-example) loss, with PyTorch's definitions and
 * {@link dev.tessera.loss.Reduction reductions}: {@link dev.tessera.loss.CrossEntropyLoss} (class weights, label
 * smoothing), {@link dev.tessera.loss.BCELoss}, {@link dev.tessera.loss.BCEWithLogitsLoss},
 * {@link dev.tessera.loss.MSELoss}, {@link dev.tessera.loss.L1Loss}, {@link dev.tessera.loss.SmoothL1Loss},
 * {@link dev.tessera.loss.HuberLoss}, {@link dev.tessera.loss.QuantileLoss}, {@link dev.tessera.loss.SquaredEMDLoss}
 * (ordered classes), and {@link dev.tessera.loss.Penalty L1/L2 weight penalties} added to any of them.
 */
package dev.tessera.loss;
