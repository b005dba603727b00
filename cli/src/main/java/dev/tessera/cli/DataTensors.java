package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.data.Dataset;

/** Whole datasets as tensors, for commands that work on all examples at once. */
final class DataTensors {
    private DataTensors() {
    }

    /** Features {@code [N, D]} of {@code type} and INT32 labels {@code [N]} of every example of {@code data}. */
    static Batch all(Dataset data, DType type, Device device) {
        Batch b = data.all(type, device);
        Tensor x = b.features();
        return x.rank() == 2 ? b : new Batch(x.reshape(x.size(0), -1), b.targets());
    }

    /** The examples of both parts, training first. */
    static Batch both(DataSpec.Loaded data, DType type, Device device) {
        Batch a = all(data.train(), type, device);
        Batch b = all(data.test(), type, device);
        return new Batch(Tensor.concat(0, a.features(), b.features()), Tensor.concat(0, a.targets(), b.targets()));
    }
}
