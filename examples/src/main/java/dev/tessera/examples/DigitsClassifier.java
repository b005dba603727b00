package dev.tessera.examples;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.data.Batch;
import dev.tessera.data.Digits;
import dev.tessera.data.InMemoryDataset;
import dev.tessera.data.Normalizer;
import dev.tessera.data.Split;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Adam;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.schedule.CosineAnnealing;
import dev.tessera.train.Evaluation;
import dev.tessera.train.TensorBatches;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import dev.tessera.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tessera as a library, end to end, on the 8x8 digits embedded in {@code tessera-nn}: split the data, normalize it
 * with statistics of the training part, build a multilayer perceptron, train it with Adam, a cosine schedule and
 * the {@link Trainer}, evaluate it on held-out examples, save its state dict as safetensors, load it into a fresh
 * model and classify the test examples without recording gradients, all on one chosen device.
 *
 * <p>Run it with {@code java --add-modules jdk.incubator.vector -cp ... dev.tessera.examples.DigitsClassifier
 * [DEVICE [EPOCHS [DIR]]]}; DEVICE is {@code auto} (the default), {@code cpu}, {@code opencl:N} or {@code cuda:N}.
 */
public final class DigitsClassifier {
    /** What a run measured; {@code predictions} are the reloaded model's classes for the test examples. */
    public record Result(Device device, TrainingHistory history, Evaluation test, int[] testLabels,
                         int[] predictions, Path modelFile) {
        /** Share of test examples whose predicted class equals the label. */
        public double predictionAccuracy() {
            int right = 0;
            for (int i = 0; i < predictions.length; i++) {
                right += predictions[i] == testLabels[i] ? 1 : 0;
            }
            return (double) right / predictions.length;
        }
    }

    private static final int HIDDEN = 64;
    private static final int BATCH = 32;
    private static final double LR = 3e-3;

    private DigitsClassifier() {
    }

    /**
     * Trains on device {@code args[0]} (default {@code auto}) for {@code args[1]} epochs (default 20), saving the
     * model into folder {@code args[2]} (default: a new temporary folder), and prints the results.
     */
    public static void main(String[] args) throws IOException {
        Device device = args.length > 0 ? Device.of(args[0]) : Device.auto();
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("tessera-example");
        Result r = run(device, epochs, dir);
        System.out.printf("device=%s epochs=%d test_loss=%.4f test_accuracy=%.4f reloaded_accuracy=%.4f model=%s%n",
                r.device(), r.history().epochs().size(), r.test().loss(), r.test().accuracy(),
                r.predictionAccuracy(), r.modelFile());
    }

    /** The whole workflow on {@code device}, {@code epochs} epochs, writing {@code dir/model.safetensors}. */
    public static Result run(Device device, int epochs, Path dir) throws IOException {
        // Data: 64 pixel features per example, 20% held out for testing, 10% of the rest for validation.
        InMemoryDataset digits = Digits.load().withFeatureShape(Shape.of(Digits.SIDE * Digits.SIDE));
        Split trainTest = Split.random(digits, 0.2, 0);
        Split trainVal = Split.random(trainTest.train(), 0.1, 0);
        Batch train = trainVal.train().all(DType.FLOAT32, device);
        Batch val = trainVal.validation().all(DType.FLOAT32, device);
        Batch test = trainTest.validation().all(DType.FLOAT32, device);
        Normalizer normalizer = Normalizer.fit(Normalizer.Kind.Z_SCORE, train.features());
        Tensor xTrain = normalizer.transform(train.features());
        Tensor xVal = normalizer.transform(val.features());
        Tensor xTest = normalizer.transform(test.features());

        TensorOptions options = new TensorOptions(device, DType.FLOAT32, new Generator(0));
        Path modelFile = dir.resolve("model.safetensors");
        Evaluation evaluation;
        TrainingHistory history;
        try (Module model = mlp(options)) {
            // Training: Adam, the rate annealed along a cosine over every optimizer step, the Trainer's loop.
            Optimizer adam = new Adam(model.namedParameters(), LR);
            TensorBatches trainBatches = new TensorBatches(xTrain, train.targets(), BATCH, true, false);
            TensorBatches valBatches = new TensorBatches(xVal, val.targets(), 256, false, false);
            TensorBatches testBatches = new TensorBatches(xTest, test.targets(), 256, false, false);
            CosineAnnealing schedule = new CosineAnnealing((long) epochs * trainBatches.batchCount(), 0);
            TrainerConfig config = TrainerConfig.builder().epochs(epochs).seed(0)
                    .scheduleUnit(TrainerConfig.ScheduleUnit.STEP).build();
            Trainer trainer = new Trainer(model, new CrossEntropyLoss(), adam, schedule, config);
            history = trainer.fit(trainBatches, valBatches);
            evaluation = trainer.evaluate(testBatches);
            adam.closeState();
            // Saving: the state dict under PyTorch-style names ("0.weight", "0.bias", "2.weight", ...).
            Files.createDirectories(dir);
            Safetensors.write(modelFile, model.stateDict(), null);
        }

        // Loading into a fresh model, then no-grad inference: a scope frees every temporary of the forward pass.
        int[] predictions;
        try (Module reloaded = mlp(options.seeded(1)); SafetensorsContent saved = Safetensors.read(modelFile, device)) {
            reloaded.loadStateDict(saved.tensors());
            reloaded.eval();
            try (GradMode.Guard noGrad = GradMode.noGrad(); Scope scope = Scope.open()) {
                predictions = reloaded.forward(xTest).argmax(1, false).toIntArray();
            }
        }
        int[] labels = test.targets().toIntArray();
        for (Tensor t : new Tensor[]{train.features(), train.targets(), val.features(), val.targets(),
                test.features(), test.targets(), xTrain, xVal, xTest}) {
            t.close();
        }
        return new Result(device, history, evaluation, labels, predictions, modelFile);
    }

    /** 64 inputs, one hidden ReLU layer of {@link #HIDDEN} units, 10 class scores. */
    private static Module mlp(TensorOptions options) {
        return new Sequential(
                new Linear(Digits.SIDE * Digits.SIDE, HIDDEN, true, options),
                new ReLU(),
                new Linear(HIDDEN, Digits.CLASSES, true, options));
    }
}
