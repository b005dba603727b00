package dev.tessera.reliability;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small models and data the reliability tests train: an MLP with batch norm (buffers) and dropout (a generator),
 * so checkpoints hold parameters, buffers and random state; and a seeded classification problem. Everything is a
 * pure function of the seed and the device.
 */
final class Models {
    private Models() {
    }

    /** {@code Linear(in, hidden), BatchNorm1d, ReLU, Dropout(0.1), Linear(hidden, classes)}, FLOAT32. */
    static Sequential mlp(Device device, long seed, int in, int hidden, int classes) {
        TensorOptions o = new TensorOptions(device, DType.FLOAT32, new Generator(seed));
        return new Sequential(new Linear(in, hidden, true, o),
                new BatchNorm1d(hidden, 1e-5, 0.1, true, true, o), new ReLU(),
                new Dropout(0.1, new Generator(seed + 1)), new Linear(hidden, classes, true, o));
    }

    /** {@code n} standard-normal feature rows of width {@code in}, not owned by any scope. */
    static Tensor features(Device device, long seed, int n, int in) {
        return Tensor.normal(new Generator(seed), 0, 1, Shape.of(n, in), DType.FLOAT32, device);
    }

    /** INT32 labels in {@code [0, classes)}: each row's class is the index of the largest of its first features. */
    static Tensor labels(Device device, Tensor features, int classes) {
        float[] x = features.toFloatArray();
        int in = features.size(1);
        int[] y = new int[features.size(0)];
        for (int r = 0; r < y.length; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (x[r * in + c] > x[r * in + best]) {
                    best = c;
                }
            }
            y[r] = best;
        }
        return Tensor.of(device, y, y.length);
    }

    /** Every parameter and buffer of {@code model} as doubles, by name (a copy, for exact comparisons). */
    static Map<String, double[]> values(Module model) {
        Map<String, double[]> out = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }
}
