package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.data.Dataset;

/** Whole datasets as tensors, for commands that work on all examples at once. */
final class DataTensors {
    private DataTensors() {
    }

    /** Features {@code [N, D]} (examples flattened) of {@code type} and INT32 labels {@code [N]} of all examples. */
    static Batch all(Dataset data, DType type, Device device) {
        Batch b = data.all(type, device);
        Tensor x = b.features();
        return x.rank() == 2 ? b : new Batch(x.reshape(x.size(0), -1), b.targets());
    }

    /**
     * Features {@code [N, ...example]} of {@code type} (each example's values, row-major, viewed as {@code example},
     * which has as many values) and INT32 labels {@code [N]} of every example of {@code data}.
     */
    static Batch all(Dataset data, Shape example, DType type, Device device) {
        Batch b = data.all(type, device);
        Tensor x = shaped(b.features(), example);
        return x == b.features() ? b : new Batch(x, b.targets());
    }

    /**
     * {@code x} {@code [N, ...]} viewed as {@code [N, ...example]} (the same values, row-major; {@code x} itself
     * when it has that shape already).
     */
    static Tensor shaped(Tensor x, Shape example) {
        int[] dims = new int[example.rank() + 1];
        dims[0] = x.size(0);
        System.arraycopy(example.dims(), 0, dims, 1, example.rank());
        return Shape.of(dims).equals(x.shape()) ? x : x.reshape(dims);
    }

    /** The examples of both parts, training first. */
    static Batch both(DataSpec.Loaded data, DType type, Device device) {
        Batch a = all(data.train(), type, device);
        Batch b = all(data.test(), type, device);
        return new Batch(Tensor.concat(0, a.features(), b.features()), Tensor.concat(0, a.targets(), b.targets()));
    }
}
