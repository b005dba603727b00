package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.data.DataLoader;
import dev.tessera.data.TensorDataset;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.loss.Loss;
import dev.tessera.loss.MSELoss;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Linear;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Adam;
import dev.tessera.optim.Optimizers;
import dev.tessera.optim.SGD;
import dev.tessera.optim.schedule.LrFinder;
import dev.tessera.optim.schedule.LrFinderResult;
import dev.tessera.optim.schedule.LrSchedule;
import dev.tessera.optim.schedule.Newbob;
import dev.tessera.testing.TorchFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: PyTorch parity, bit-identical resume, NaN policy, early stopping, schedules, leaks. */
class TrainerTest {
    private static final TensorOptions F64 = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(1));
    @TempDir
    Path dir;

    /** The trainer reproduces PyTorch's full-batch SGD-with-momentum run of a small MLP step for step. */
    @Test
    void mlpTrainingMatchesPyTorchStepForStep() {
        try (TorchFixture fx = TorchFixture.load("mlp.safetensors")) {
            Sequential model = new Sequential(new Linear(5, 8, true, F64), new ReLU(), new Linear(8, 3, true, F64));
            Map<String, Tensor> initial = new LinkedHashMap<>();
            for (String k : model.stateDict().keySet()) {
                initial.put(k, fx.tensor("initial." + k));
            }
            model.loadStateDict(initial);
            Trainer t = new Trainer(model, new CrossEntropyLoss(), new SGD(model.namedParameters(), 0.1, 0.9), null,
                    TrainerConfig.builder().epochs(20).build());
            Tensor labels = fx.tensor("labels");
            assertEquals(DType.INT32, labels.dtype(), "I64 labels are read as INT32");
            TrainingHistory h = t.fit(new TensorBatches(fx.tensor("x"), labels, 16, false, false), null);
            double[] losses = h.epochs().stream().mapToDouble(EpochMetrics::trainLoss).toArray();
            TorchFixture.assertClose("losses", fx.doubles("losses"), losses, 1e-10, 1e-14);
            for (String k : model.stateDict().keySet()) {
                fx.assertClose("final." + k, model.stateDict().get(k), 1e-9, 1e-12);
            }
            assertEquals(20, t.step());
        }
    }

    /** A resumed run equals the uninterrupted one bit for bit (dropout, batch norm, shuffling, Adam, newbob). */
    @Test
    void resumeFromCheckpointContinuesBitIdentically() throws Exception {
        Tensor x = Tensor.normal(new Generator(5), 0, 1, Shape.of(40, 6), DType.FLOAT32, TorchFixture.DEVICE);
        Tensor labels = cyclicLabels(40, 7);
        BatchSource train = new TensorBatches(x, labels, 8, true, false);
        BatchSource val = new TensorBatches(x.slice(0, 0, 16), labels.slice(0, 0, 16), 16, false, false);

        Run straight = new Run(11);
        TrainingHistory full = straight.trainer(TrainerConfig.builder().epochs(4).seed(3)).fit(train, val);

        Run first = new Run(11);
        Path stale = dir.resolve(".last.safetensors.777.tmp");
        Files.writeString(stale, "a write killed mid-way");
        first.trainer(TrainerConfig.builder().epochs(2).seed(3).checkpoints(dir, 1)).fit(train, val);
        Path ckpt = dir.resolve(Trainer.CHECKPOINT_FILE);
        assertTrue(Files.exists(ckpt));
        assertTrue(!Files.exists(stale), "fit deleted the temporary file of an interrupted checkpoint write");
        Run resumed = new Run(999); // different initial weights: everything must come from the checkpoint
        TrainingHistory rest = resumed.trainer(TrainerConfig.builder().epochs(4).seed(123).resumeFrom(ckpt))
                .fit(train, val);

        assertEquals(4, rest.epochs().size());
        for (int e = 0; e < 4; e++) {
            assertEquals(full.epochs().get(e).trainLoss(), rest.epochs().get(e).trainLoss(), 0.0, "epoch " + e);
            assertEquals(full.epochs().get(e).valLoss(), rest.epochs().get(e).valLoss(), 0.0, "epoch " + e);
            assertEquals(full.epochs().get(e).lr(), rest.epochs().get(e).lr(), 0.0, "epoch " + e);
        }
        for (String k : straight.model.stateDict().keySet()) {
            assertArrayEquals(straight.model.stateDict().get(k).toDoubleArray(),
                    resumed.model.stateDict().get(k).toDoubleArray(), 0.0, k);
        }
        assertEquals(straight.opt.stateScalars(), resumed.opt.stateScalars());
    }

    /**
     * A checkpoint written before epochs were numbered from 1 (no trainer.format, trainer.epoch and the history's
     * epochs 0-based, early stopping's best epoch too) resumes to the same end as a new one, reporting epochs from
     * 1; a format this version does not know is refused naming it.
     */
    @Test
    void aCheckpointThatNumberedEpochsFromZeroStillResumes() throws Exception {
        Tensor x = Tensor.normal(new Generator(5), 0, 1, Shape.of(24, 6), DType.FLOAT32, TorchFixture.DEVICE);
        Tensor labels = cyclicLabels(24, 5);
        BatchSource train = new TensorBatches(x, labels, 8, true, false);
        BatchSource val = new TensorBatches(x, labels, 24, false, false);
        EarlyStopping patient = new EarlyStopping(Monitor.VAL_LOSS, 100, 0, false);
        Run straight = new Run(11);
        TrainingHistory full = straight.trainer(TrainerConfig.builder().epochs(4).seed(3)
                .earlyStopping(new EarlyStopping(Monitor.VAL_LOSS, 100, 0, false))).fit(train, val);
        new Run(11).trainer(TrainerConfig.builder().epochs(2).seed(3).checkpoints(dir, 1).earlyStopping(patient))
                .fit(train, val);
        Path ckpt = dir.resolve(Trainer.CHECKPOINT_FILE);
        Map<String, String> meta;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (dev.tessera.io.SafetensorsContent c = dev.tessera.io.Safetensors.read(ckpt, TorchFixture.DEVICE)) {
            meta = new LinkedHashMap<>(c.metadata());
            c.tensors().forEach((k, v) -> tensors.put(k, v.copy()));
        }
        assertEquals("2", meta.remove("trainer.format"));
        assertEquals("2", meta.get("trainer.epoch"));
        meta.put("trainer.epoch", "1");
        meta.put("trainer.history", meta.get("trainer.history").replace("\n1,", "\n0,").replace("\n2,", "\n1,"));
        int best = Integer.parseInt(meta.get("early_stopping.best_epoch"));
        meta.put("early_stopping.best_epoch", Integer.toString(best - 1));
        dev.tessera.io.Safetensors.write(ckpt, tensors, meta);

        Run resumed = new Run(999);
        TrainingHistory rest = resumed.trainer(TrainerConfig.builder().epochs(4).seed(3).resumeFrom(ckpt)
                .earlyStopping(new EarlyStopping(Monitor.VAL_LOSS, 100, 0, false))).fit(train, val);
        assertEquals(List.of(1, 2, 3, 4), rest.epochs().stream().map(EpochMetrics::epoch).toList());
        assertEquals(full.bestEpoch(), rest.bestEpoch());
        for (int e = 0; e < 4; e++) {
            assertEquals(full.epochs().get(e).trainLoss(), rest.epochs().get(e).trainLoss(), 0.0, "epoch " + (e + 1));
        }
        for (String k : straight.model.stateDict().keySet()) {
            assertArrayEquals(straight.model.stateDict().get(k).toDoubleArray(),
                    resumed.model.stateDict().get(k).toDoubleArray(), 0.0, k);
        }

        meta.put("trainer.format", "9");
        dev.tessera.io.Safetensors.write(ckpt, tensors, meta);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Run(1).trainer(
                TrainerConfig.builder().epochs(4).resumeFrom(ckpt)).fit(train, val));
        assertTrue(e.getMessage().contains("checkpoint format '9' (trainer.format); this version reads format 2"),
                e.getMessage());
    }

    /** Labels {@code (i * stride) mod 3} of {@code n} examples. */
    private static Tensor cyclicLabels(int n, int stride) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (i * stride) % 3;
        }
        return Tensor.of(TorchFixture.DEVICE, y, n);
    }

    /** Model, optimizer and schedule built identically from a seed. */
    private static final class Run {
        final Sequential model;
        final Adam opt;
        final Newbob schedule = new Newbob();

        Run(long seed) {
            TensorOptions o = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT32, new Generator(seed));
            model = new Sequential(new Linear(6, 10, true, o), new BatchNorm1d(10, 1e-5, 0.1, true, true, o),
                    new ReLU(), new Dropout(0.2, new Generator(seed + 1)), new Linear(10, 3, true, o));
            opt = new Adam(model.namedParameters(), 0.01);
        }

        Trainer trainer(TrainerConfig.Builder config) {
            return new Trainer(model, new CrossEntropyLoss(), opt, schedule, config.build());
        }
    }

    @Test
    void nonFiniteLossStopsNamingTheStepOrIsSkipped() {
        Sequential model = new Sequential(new Linear(2, 1, true, F64));
        Tensor x = Tensor.ones(Shape.of(6, 2), DType.FLOAT64, TorchFixture.DEVICE);
        Tensor y = Tensor.ones(Shape.of(6, 1), DType.FLOAT64, TorchFixture.DEVICE);
        int[] calls = {0};
        Loss poisoned = (out, target) -> ++calls[0] == 3 ? out.sum().mul(Double.NaN)
                : new MSELoss().compute(out, target);
        BatchSource data = new TensorBatches(x, y, 2, false, false);
        Trainer stop = new Trainer(model, poisoned, new SGD(model.namedParameters(), 0.01), null,
                TrainerConfig.builder().epochs(2).build());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> stop.fit(data, null));
        assertEquals("training loss is not finite (NaN or infinite) at epoch 1, batch 3 (optimizer step 2); found on "
                + "the device at the next sync, so the parameters hold the updates after it (resume from a "
                + "checkpoint); lower the learning rate, clip gradients, or set NanPolicy.SKIP to skip such steps",
                e.getMessage());
        assertEquals(2, e.batch());
        assertEquals(2, e.step());
        calls[0] = 0;
        Sequential fresh = new Sequential(new Linear(2, 1, true, F64)); // STOP left NaN updates in model
        Trainer skip = new Trainer(fresh, poisoned, new SGD(fresh.namedParameters(), 0.01), null,
                TrainerConfig.builder().epochs(2).nanPolicy(TrainerConfig.NanPolicy.SKIP).build());
        TrainingHistory h = skip.fit(data, null);
        assertEquals(1, h.epochs().get(0).skippedSteps());
        assertEquals(4, h.epochs().get(0).trainSamples());
        assertEquals(5, skip.step());
        assertTrue(Double.isFinite(h.last().trainLoss()));
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Sequential model = new Sequential(new Linear(2, 1, true, F64));
        Tensor x = Tensor.ones(Shape.of(4, 2), DType.FLOAT64, TorchFixture.DEVICE);
        Tensor y = Tensor.full(3.0, Shape.of(4, 1), DType.FLOAT64, TorchFixture.DEVICE);
        double[] script = {5, 4, 4.5, 4.2, 1};
        int[] evals = {0};
        List<double[]> weights = new ArrayList<>();
        Loss loss = (out, target) -> GradMode.isEnabled() ? new MSELoss().compute(out, target)
                : Tensor.scalar(script[evals[0]++], DType.FLOAT64, TorchFixture.DEVICE);
        Trainer t = new Trainer(model, loss, new SGD(model.namedParameters(), 0.05), null, TrainerConfig.builder()
                .epochs(5).earlyStopping(new EarlyStopping(Monitor.VAL_LOSS, 2, 0.0, true)).build());
        t.addListener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics m) {
                weights.add(model.parameters().get(0).toDoubleArray());
            }
        });
        TrainingHistory h = t.fit(new TensorBatches(x, y, 4, false, false), new TensorBatches(x, y, 4, false, false));
        assertEquals(TrainingHistory.StopReason.EARLY_STOPPING, h.stopReason());
        assertEquals(4, h.epochs().size());
        assertEquals(2, h.bestEpoch(), "the second epoch, numbered from 1");
        assertArrayEquals(weights.get(1), model.parameters().get(0).toDoubleArray(), 0.0);
    }

    @Test
    void stepScheduleAndAccumulationCountOptimizerSteps() {
        Sequential model = new Sequential(new Linear(2, 1, true, F64));
        Tensor x = Tensor.ones(Shape.of(10, 2), DType.FLOAT64, TorchFixture.DEVICE);
        Tensor y = Tensor.ones(Shape.of(10, 1), DType.FLOAT64, TorchFixture.DEVICE);
        List<Long> seen = new ArrayList<>();
        LrSchedule record = (step, base) -> {
            seen.add(step);
            return base / (1 + step);
        };
        SGD sgd = new SGD(model.namedParameters(), 0.1);
        Trainer t = new Trainer(model, new MSELoss(), sgd, record, TrainerConfig.builder().epochs(2)
                .accumulationSteps(2).scheduleUnit(TrainerConfig.ScheduleUnit.STEP).clipNorm(1.0).build());
        t.fit(new TensorBatches(x, y, 2, false, false), null);
        // 5 batches per epoch, 2 per step: steps after batches 2, 4 and the short group of batch 5
        assertEquals(6, t.step());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), seen);
        assertEquals(0.1 / 6, sgd.lr(), 1e-17);
    }

    @Test
    void monitoringValidationWithoutValidationDataIsAnError() {
        Sequential model = new Sequential(new Linear(2, 1, true, F64));
        Trainer t = new Trainer(model, new MSELoss(), new SGD(model.namedParameters(), 0.1), null,
                TrainerConfig.builder().scheduleMonitor(Monitor.VAL_ACCURACY).build());
        Tensor x = Tensor.ones(Shape.of(2, 2), DType.FLOAT64, TorchFixture.DEVICE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.fit(new TensorBatches(x, x.slice(1, 0, 1), 2, false, false), null));
        assertEquals("Trainer: VAL_ACCURACY is monitored but no validation data was given", e.getMessage());
    }

    @Test
    void stepsDoNotLeakDeviceMemory() {
        TensorOptions o = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT32, new Generator(2));
        Sequential model = new Sequential(new Linear(4, 8, true, o), new BatchNorm1d(8), new ReLU(),
                new Dropout(0.3, new Generator(3)), new Linear(8, 2, true, o));
        Tensor x = Tensor.normal(new Generator(4), 0, 1, Shape.of(24, 4), DType.FLOAT32, TorchFixture.DEVICE);
        Tensor y = Tensor.of(TorchFixture.DEVICE, new int[24], 24);
        Trainer t = new Trainer(model, new CrossEntropyLoss(), new Adam(model.namedParameters(), 0.01), null,
                TrainerConfig.builder().epochs(1).clipValue(0.5).build());
        BatchSource data = new TensorBatches(x, y, 5, true, false);
        t.fit(data, data);
        long after1 = TorchFixture.DEVICE.memoryStats().bytesInUse();
        t.fit(data, data);
        t.fit(data, data);
        // Other tests' garbage may be freed by the Cleaner meanwhile, so usage may drop; it must not grow.
        long after3 = TorchFixture.DEVICE.memoryStats().bytesInUse();
        assertTrue(after3 <= after1, "device memory grew from " + after1 + " to " + after3 + " bytes");
    }

    @Test
    void findLrSweepsOverCycledBatchesAndRestores() {
        Sequential model = new Sequential(new Linear(3, 1, true, F64));
        Tensor x = Tensor.normal(new Generator(6), 0, 1, Shape.of(12, 3), DType.FLOAT64, TorchFixture.DEVICE);
        Tensor y = x.sum(new int[]{1}, true);
        double[] before = model.parameters().get(0).toDoubleArray();
        Trainer t = new Trainer(model, new MSELoss(), new SGD(model.namedParameters(), 0.01), null,
                TrainerConfig.builder().build());
        LrFinderResult r = t.findLr(new TensorBatches(x, y, 4, true, false), new LrFinder(1e-4, 1, 20, 0.5, 10));
        assertEquals(20, r.points().size(), "20 steps over 3 batches per epoch");
        assertArrayEquals(before, model.parameters().get(0).toDoubleArray(), 0.0);
    }

    @Test
    void fitTakesDataLoadersDirectly() {
        Tensor x = Tensor.of(TorchFixture.DEVICE, new double[]{1, 2, -1, 0.5, 3, -2, 0, 1, 2, 2, -3, 1, 0.5, 0.5, 1, -1},
                8, 2);
        Tensor y = Tensor.of(TorchFixture.DEVICE, new double[]{1, 0, 2, 1, 3, -1, 0.5, 0}, 8, 1);
        Sequential viaSource = new Sequential(new Linear(2, 1, true, F64));
        Sequential viaLoader = new Sequential(new Linear(2, 1, true, F64));
        viaLoader.loadStateDict(viaSource.stateDict());
        TrainingHistory expected = new Trainer(viaSource, new MSELoss(),
                Optimizers.sgd(viaSource.namedParameters()).lr(0.05).build(), null,
                TrainerConfig.builder().epochs(3).build())
                .fit(new TensorBatches(x, y, 3, false, false), new TensorBatches(x, y, 8, false, false));
        TrainingHistory actual;
        try (DataLoader train = DataLoader.builder(new TensorDataset(x, y)).batchSize(3).featureType(DType.FLOAT64)
                .device(TorchFixture.DEVICE).build();
             DataLoader val = DataLoader.builder(new TensorDataset(x, y)).batchSize(8).featureType(DType.FLOAT64)
                     .device(TorchFixture.DEVICE).build()) {
            actual = new Trainer(viaLoader, new MSELoss(), Optimizers.sgd(viaLoader.namedParameters()).lr(0.05).build(),
                    null, TrainerConfig.builder().epochs(3).build()).fit(train, val);
        }
        for (int e = 0; e < 3; e++) {
            assertEquals(expected.epochs().get(e).trainLoss(), actual.epochs().get(e).trainLoss(), 1e-15);
            assertEquals(expected.epochs().get(e).valLoss(), actual.epochs().get(e).valLoss(), 1e-15);
        }
        assertArrayEquals(viaSource.parameters().get(0).toDoubleArray(), viaLoader.parameters().get(0).toDoubleArray(),
                1e-15);
    }
}
