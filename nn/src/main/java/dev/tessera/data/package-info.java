/**
 * Datasets and their loading: the {@link dev.tessera.data.Dataset} interface with in-memory, tensor-backed and subset
 * implementations, seeded shuffling and train/validation splits, the {@link dev.tessera.data.DataLoader} that
 * prepares batches on a background thread, per-feature {@link dev.tessera.data.Normalizer normalization}, and the
 * built-in datasets (the embedded 8x8 {@link dev.tessera.data.Digits}, {@link dev.tessera.data.FashionMnist}, any
 * MNIST-layout {@link dev.tessera.data.IdxFolder folder}, {@link dev.tessera.data.CsvDataset CSV files}).
 */
package dev.tessera.data;
