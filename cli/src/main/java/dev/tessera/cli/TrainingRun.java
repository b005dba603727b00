package dev.tessera.cli;

import dev.tessera.Autocast;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.data.Normalizer;
import dev.tessera.data.Split;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Module;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.schedule.LrSchedule;
import dev.tessera.train.BatchSource;
import dev.tessera.train.EarlyStopping;
import dev.tessera.train.Evaluation;
import dev.tessera.train.Monitor;
import dev.tessera.train.TensorBatches;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One training run assembled from {@link TrainOptions}: the data split into training, validation and test tensors
 * {@code [N, ...inputShape]} on the device, in the shape the model takes (flat features for an MLP, images for a
 * CNN), normalized by statistics of the training part only (per feature: for images per pixel of each channel);
 * the model, the loss (with penalties), the optimizer, the schedule and the {@link Trainer}. Close it to release the
 * tensors and the model.
 */
final class TrainingRun implements AutoCloseable {
    final TrainOptions options;
    final Device device;
    final DataSpec.Loaded data;
    /** The shape of one example as the model takes it ({@link ModelSpec#inputShape}). */
    final Shape inputShape;
    final Normalizer normalizer;
    final Tensor xTrain;
    final Tensor yTrain;
    final Tensor xVal;
    final Tensor yVal;
    final Tensor xTest;
    final Tensor yTest;
    final Module model;
    final Loss testLoss;
    final Optimizer optimizer;
    final LrSchedule schedule;
    final Trainer trainer;
    /** The training batches in the trainer's order, before augmentation (what the Spark path replays). */
    final TensorBatches plainTrainBatches;
    /** The training batches, augmented per {@code --augment}. */
    final BatchSource trainBatches;
    final TensorBatches valBatches;
    private final List<Tensor> owned = new ArrayList<>();

    /**
     * Assembles a run of {@code o} on {@code device} over already loaded {@code data}.
     *
     * @throws IllegalArgumentException when an option is out of range or the data does not fit
     */
    TrainingRun(TrainOptions o, Device device, DataSpec.Loaded data) {
        this(o, device, data, null, null);
    }

    /**
     * Assembles a run that writes a checkpoint after every epoch into {@code checkpointDir} (none when null) and
     * resumes from {@code resumeFrom} (from the start when null).
     *
     * @throws IllegalArgumentException when an option is out of range or the data does not fit
     */
    TrainingRun(TrainOptions o, Device device, DataSpec.Loaded data, Path checkpointDir, Path resumeFrom) {
        o.validate();
        this.options = o;
        this.device = device;
        this.data = data;
        Split split = Split.random(data.train(), o.valFraction, o.seed);
        if (split.train().size() == 0) {
            throw new IllegalArgumentException("--val-fraction " + o.valFraction + " leaves no training example of "
                    + data.train().size());
        }
        ModelSpec spec = ModelSpec.parse(o.model);
        this.inputShape = spec.inputShape(data.example(), data.name());
        Batch train = own(DataTensors.all(split.train(), inputShape, DType.FLOAT32, device));
        Batch test = own(DataTensors.all(data.test(), inputShape, DType.FLOAT32, device));
        Batch val = split.validation().size() == 0 ? null
                : own(DataTensors.all(split.validation(), inputShape, DType.FLOAT32, device));
        this.normalizer = Normalization.parse(o.normalize).fit(train.features());
        this.xTrain = normalized(train.features());
        this.yTrain = train.targets();
        this.xTest = normalized(test.features());
        this.yTest = test.targets();
        this.xVal = val == null ? null : normalized(val.features());
        this.yVal = val == null ? null : val.targets();
        this.model = spec.build(inputShape, data.classes(), o,
                new TensorOptions(device, DType.FLOAT32, new Generator(o.seed)));
        this.testLoss = Losses.base(o, data.classes());
        this.optimizer = Optimizers.create(o, model.namedParameters());
        this.plainTrainBatches = new TensorBatches(xTrain, yTrain, o.batchSize, true, o.dropLast);
        this.trainBatches = Augmentation.parse(o.augment).apply(plainTrainBatches, inputShape.rank(), o.model);
        this.valBatches = xVal == null ? null : new TensorBatches(xVal, yVal, Evaluator.BATCH, false, false);
        this.schedule = Schedules.create(o, Schedules.stepsPerEpoch(trainBatches.batchCount(), o.accumulate));
        TrainerConfig.Builder config = TrainerConfig.builder().epochs(o.epochs).seed(o.seed)
                .scheduleUnit(TrainerConfig.ScheduleUnit.STEP).accumulationSteps(o.accumulate)
                .precision(o.precision());
        if (o.clipNorm != null) {
            config.clipNorm(o.clipNorm);
        }
        if (checkpointDir != null) {
            config.checkpoints(checkpointDir, 1);
        }
        if (resumeFrom != null) {
            config.resumeFrom(resumeFrom);
        }
        if (o.earlyStopping > 0) {
            config.earlyStopping(new EarlyStopping(Monitor.VAL_LOSS, o.earlyStopping, 0, true));
        }
        this.trainer = new Trainer(model, Losses.training(testLoss, o, model), optimizer, schedule, config.build());
    }

    private Batch own(Batch b) {
        owned.add(b.features());
        owned.add(b.targets());
        return b;
    }

    private Tensor normalized(Tensor x) {
        if (normalizer == null) {
            return x;
        }
        Tensor t = normalizer.transform(x);
        owned.add(t);
        return t;
    }

    /** Examples in the training, validation and test parts. */
    int[] sizes() {
        return new int[]{xTrain.size(0), xVal == null ? 0 : xVal.size(0), xTest.size(0)};
    }

    /** The model's loss (without penalties) and accuracy on the test part. */
    Evaluation test() {
        try (Autocast a = options.precision().autocast(device)) {
            return Evaluator.evaluate(model, testLoss, xTest, yTest);
        }
    }

    @Override
    public void close() {
        optimizer.closeState();
        model.close();
        owned.forEach(Tensor::close);
    }
}
