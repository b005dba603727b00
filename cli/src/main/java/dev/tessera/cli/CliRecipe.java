package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Module;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.schedule.LrSchedule;
import dev.tessera.spark.TrainingRecipe;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training options of a {@code tessera train --spark} run as a recipe each Spark worker rebuilds: the model of
 * {@code --model} seeded by {@code --seed}, the loss with its penalties, the optimizer and the schedule. The options
 * travel as text (the {@link TrainOptions#toMap()} keys), so the recipe is small and serializable.
 *
 * @param options       every training option as text (null for unset optional values)
 * @param features      input features (flat: the recipe builds mlp models, which take {@code [features]})
 * @param classes       classes
 * @param stepsPerEpoch optimizer steps per epoch of the distributed run (for the schedules)
 */
record CliRecipe(LinkedHashMap<String, String> options, int features, int classes, long stepsPerEpoch)
        implements TrainingRecipe {
    /** The recipe of {@code o}. */
    static CliRecipe of(TrainOptions o, int features, int classes, long stepsPerEpoch) {
        LinkedHashMap<String, String> text = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o.toMap().entrySet()) {
            text.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue()));
        }
        return new CliRecipe(text, features, classes, stepsPerEpoch);
    }

    private TrainOptions parsed() {
        TrainOptions o = new TrainOptions();
        options.forEach(o::set);
        return o;
    }

    @Override
    public Module model(Device device) {
        TrainOptions o = parsed();
        return ModelSpec.parse(o.model).build(Shape.of(features), classes, o, new TensorOptions(device, DType.FLOAT32,
                new Generator(o.seed)));
    }

    @Override
    public Loss loss(Module model) {
        TrainOptions o = parsed();
        return Losses.training(Losses.base(o, classes), o, model);
    }

    @Override
    public Optimizer optimizer(Module model) {
        return Optimizers.create(parsed(), model.namedParameters());
    }

    @Override
    public LrSchedule schedule() {
        return Schedules.create(parsed(), stepsPerEpoch);
    }
}
