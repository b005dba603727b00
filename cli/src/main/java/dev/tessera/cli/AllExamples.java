package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import java.io.IOException;

/**
 * What {@code tessera pca} and {@code tessera gmm} analyse: a dataset's training and test examples together, on the
 * chosen device in its widest floating type, with the features normalized as {@code --normalize} asks (fitted on all
 * of them).
 *
 * @param data   the loaded dataset
 * @param norm   the normalization applied
 * @param device the device the tensors live on
 * @param type   their dtype, the device's widest floating type
 * @param all    the examples, features as loaded and targets
 * @param x      the normalized features {@code [N, D]}
 */
record AllExamples(DataSpec.Loaded data, Normalization norm, Device device, DType type, Batch all, Tensor x) {
    /**
     * Parses {@code normalize}, loads {@code dataset} and opens the device, in that order, so a bad value fails
     * before any data is read; the tensors belong to the caller's open {@link dev.tessera.Scope}.
     */
    static AllExamples load(String dataset, String normalize, DeviceOptions deviceOptions) throws IOException {
        Normalization norm = Normalization.parse(normalize);
        DataSpec.Loaded data = DataSpec.parse(dataset).load();
        Device device = deviceOptions.open();
        DType type = DeviceOptions.widest(device);
        Batch all = DataTensors.both(data, type, device);
        return new AllExamples(data, norm, device, type, all, norm.fitTransform(all.features()));
    }
}
