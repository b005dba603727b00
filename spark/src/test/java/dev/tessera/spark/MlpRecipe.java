package dev.tessera.spark;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.Tanh;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Adam;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.SGD;

/**
 * The tests' recipe: an MLP {@code features -> hidden -> tanh -> classes}, seeded, with a mean cross-entropy and
 * SGD with momentum (or Adam).
 *
 * @param features inputs
 * @param hidden   hidden width
 * @param classes  outputs
 * @param lr       base learning rate
 * @param adam     Adam instead of SGD with momentum 0.9
 * @param seed     initialization seed
 */
record MlpRecipe(int features, int hidden, int classes, double lr, boolean adam, long seed)
        implements TrainingRecipe {
    @Override
    public Module model(Device device) {
        TensorOptions o = new TensorOptions(device, DType.FLOAT32, new Generator(seed));
        return new Sequential(new Linear(features, hidden, true, o), new Tanh(), new Linear(hidden, classes, true, o));
    }

    @Override
    public Loss loss(Module model) {
        return new CrossEntropyLoss();
    }

    @Override
    public Optimizer optimizer(Module model) {
        return adam ? new Adam(model.namedParameters(), lr) : new SGD(model.namedParameters(), lr, 0.9);
    }
}
