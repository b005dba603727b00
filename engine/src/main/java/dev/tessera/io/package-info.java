/**
 * File formats: {@link dev.tessera.io.Safetensors} (Tessera's checkpoint format, interchangeable with PyTorch's
 * {@code safetensors}; atomic writes and a CRC-32C checked on read), NumPy {@link dev.tessera.io.Npy .npy} arrays, IDX
 * files (the MNIST layout, {@link dev.tessera.io.IdxReader}) and CSV tables ({@link dev.tessera.io.CsvReader}).
 * Readers validate a file's header before trusting its data and report a malformed file with an exception naming the
 * file and the problem.
 */
package dev.tessera.io;
