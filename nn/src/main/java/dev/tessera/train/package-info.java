/**
 * The training loop: {@link dev.tessera.train.Trainer} fits a model with a loss, an optimizer and a schedule over
 * {@link dev.tessera.train.BatchSource batches} (e.g. {@link dev.tessera.train.TensorBatches}), configured by
 * {@link dev.tessera.train.TrainerConfig} (epochs, seed, gradient accumulation and clipping, a policy for non-finite
 * losses, {@link dev.tessera.train.EarlyStopping early stopping}, crash-safe {@link dev.tessera.train.Checkpoint
 * checkpoints} and resuming), reports every epoch to {@link dev.tessera.train.TrainingListener listeners} and returns
 * the {@link dev.tessera.train.TrainingHistory}; {@link dev.tessera.train.Trainer#evaluate} gives the
 * {@link dev.tessera.train.Evaluation loss and accuracy} of held-out data.
 */
package dev.tessera.train;
