/**
 * Learning-rate schedules: an {@link dev.tessera.optim.schedule.LrSchedule} maps a step (or epoch) count and the base
 * rate to the rate to use, with PyTorch's definitions ({@link dev.tessera.optim.schedule.StepDecay},
 * {@link dev.tessera.optim.schedule.MultiStepDecay}, {@link dev.tessera.optim.schedule.ExponentialDecay},
 * {@link dev.tessera.optim.schedule.CosineAnnealing}, {@link dev.tessera.optim.schedule.OneCycle},
 * {@link dev.tessera.optim.schedule.Cyclical}, linear {@link dev.tessera.optim.schedule.Warmup} before any of them);
 * {@link dev.tessera.optim.schedule.ReduceOnPlateau} and {@link dev.tessera.optim.schedule.Newbob} react to a monitored
 * metric, and {@link dev.tessera.optim.schedule.LrFinder} runs the learning-rate range test.
 */
package dev.tessera.optim.schedule;
