package dev.tessera.train;

import dev.tessera.DeferredChecks;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.data.Batch;
import dev.tessera.data.DataLoader;
import dev.tessera.io.Safetensors;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Module;
import dev.tessera.optim.GradientAccumulator;
import dev.tessera.optim.GradientClipping;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.schedule.LrFinder;
import dev.tessera.optim.schedule.LrFinderResult;
import dev.tessera.optim.schedule.LrSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The training loop: epochs of mini-batch steps (forward, loss, backward, optional gradient accumulation and
 * clipping, optimizer step, schedule), each step inside its own {@link Scope} so nothing leaks; a validation pass
 * after each epoch; per-epoch metrics (loss, accuracy, throughput) to listeners; early stopping; checkpoints of
 * model, optimizer, schedule and random state from which a run resumes bit-identically.
 *
 * <pre>{@code
 * Trainer t = new Trainer(model, new CrossEntropyLoss(), new AdamW(model.namedParameters(), 1e-3),
 *         new CosineAnnealing(20, 0), TrainerConfig.builder().epochs(20).seed(42).build());
 * t.addListener(new EpochLogger(System.out));
 * TrainingHistory h = t.fit(new TensorBatches(xTrain, yTrain, 64, true, false),
 *                          new TensorBatches(xVal, yVal, 256, false, false));
 * }</pre>
 *
 * <h2>Determinism</h2>
 * The data order comes from the trainer's generator (seeded by the config), dropout masks from the model's
 * generators, both counter-based; a checkpoint saves their positions. On a deterministic backend (the reference and
 * CPU backends) a run resumed from the checkpoint after epoch e produces exactly the parameters and metrics of the
 * uninterrupted run. Losses are averaged over epochs weighting each batch by its size (right for mean-reduced
 * losses).
 *
 * <h2>Synchronisation</h2>
 * A training step does not wait for the device (with {@link TrainerConfig.NanPolicy#STOP}, the default): its loss and
 * correct predictions are added to running sums on the device, label and index range checks run
 * on the device ({@link DeferredChecks}, each batch inside {@code defer("epoch e, batch b")}), and a non-finite loss
 * is detected on the device. The host reads them at the syncs: at each epoch end, and, when listeners are attached,
 * every {@link TrainerConfig#listenerSyncBatches()} batches or {@link TrainerConfig#listenerSyncMillis()} ms, when
 * the listeners receive the queued per-batch and per-step events in order (see
 * {@link TrainerConfig.Builder#listenerSync}). A bad label or a non-finite loss is raised at the first sync after
 * it, naming its epoch and batch. What still waits for the device: {@link TrainerConfig.NanPolicy#SKIP} (reads each
 * loss before the update), clipping by norm and listeners asking for the gradient norm (one read on those steps),
 * and a {@link DataLoader} that builds batches on another thread (its index checks stay eager there).
 *
 * <h2>Numbering</h2>
 * Everything the trainer reports numbers epochs from 1 ({@link EpochMetrics#epoch()}, {@link StepMetrics#epoch()},
 * the listeners' {@code epoch} arguments, {@link TrainingHistory#bestEpoch()}, checkpoints); batches and optimizer
 * steps are 0-based indices. Checkpoints written before epochs were numbered from 1 (without
 * {@value #CHECKPOINT_FORMAT_KEY}) still resume, their epoch numbers shifted on reading.
 */
public final class Trainer {
    /** File name of the checkpoint written into {@link TrainerConfig#checkpointDir()}. */
    public static final String CHECKPOINT_FILE = "last.safetensors";
    /** The checkpoint metadata key of the format version; absent in checkpoints that numbered epochs from 0. */
    static final String CHECKPOINT_FORMAT_KEY = "trainer.format";
    /** The checkpoint format written now: epochs numbered from 1. */
    private static final String CHECKPOINT_FORMAT = "2";
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final TrainerConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Generator rng;
    private long step;
    private TrainingHistory history = new TrainingHistory();
    /** The captured step of the running fit (see {@link TrainerConfig.GraphCapture}), or null. */
    private CompiledStep captured;

    /**
     * A trainer of {@code model} by {@code loss} with {@code optimizer}, its rates set by {@code schedule} (null for
     * constant rates).
     */
    public Trainer(Module model, Loss loss, Optimizer optimizer, LrSchedule schedule, TrainerConfig config) {
        if (model == null || loss == null || optimizer == null || config == null) {
            throw new IllegalArgumentException("Trainer: model, loss, optimizer and config must not be null");
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.schedule = schedule == null ? LrSchedule.constant() : schedule;
        this.config = config;
        this.rng = new Generator(config.seed());
    }

    /** Adds a listener (progress bar, logger, metrics file, ...). Returns this. */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    // ---------------------------------------------------------------- fit

    /**
     * Trains on a {@link DataLoader} and validates on another (null for none), as {@link #fit(BatchSource,
     * BatchSource)} with {@link BatchSource#of(DataLoader)}: epoch e trains on the loader's epoch e, so a resumed run
     * sees the same batches.
     */
    public TrainingHistory fit(DataLoader train, DataLoader validation) {
        return fit(BatchSource.of(train), validation == null ? null : BatchSource.of(validation));
    }

    /**
     * Trains on {@code train}, validating on {@code validation} (may be null) after each epoch, from the start or
     * from {@link TrainerConfig#resumeFrom()}. Returns every epoch's metrics.
     *
     * @throws TrainingDivergedException when a loss is not finite and the policy is STOP
     * @throws IllegalArgumentException  when a monitored metric needs validation data that was not given
     * @throws UncheckedIOException      when a checkpoint cannot be read or written
     */
    public TrainingHistory fit(BatchSource train, BatchSource validation) {
        captured = capturesSteps() ? CompiledStep.builder(model, loss, optimizer).build() : null;
        try {
            return fitEpochs(train, validation);
        } finally {
            if (captured != null) {
                captured.close();
                captured = null;
            }
        }
    }

    /**
     * Whether this configuration runs steps as captured graphs: the mode allows it on this device, and no step
     * accumulates, clips or may be skipped (those need the gradients or the loss between backward and update).
     */
    private boolean capturesSteps() {
        TrainerConfig.GraphCapture mode = config.graphCapture();
        List<Tensor> params = model.parameters();
        return mode != TrainerConfig.GraphCapture.OFF && config.accumulationSteps() == 1
                && Double.isNaN(config.clipNorm()) && Double.isNaN(config.clipValue())
                && config.nanPolicy() == TrainerConfig.NanPolicy.STOP && !params.isEmpty()
                && (mode == TrainerConfig.GraphCapture.ON || params.get(0).device().spec().startsWith("cuda"));
    }

    /** The captured step for this batch, or null to run it eagerly (a listener wants this step's gradient norm). */
    private CompiledStep wholeStep() {
        if (captured == null || listeners.stream().anyMatch(l -> l.wantsGradientNorm(step))) {
            if (captured != null) {
                optimizer.zeroGrad();
            }
            return null;
        }
        if (config.scheduleUnit() == TrainerConfig.ScheduleUnit.STEP) {
            schedule.apply(optimizer, step);
        }
        return captured;
    }

    private TrainingHistory fitEpochs(BatchSource train, BatchSource validation) {
        Monitor scheduleMonitor = config.scheduleMonitor() != null ? config.scheduleMonitor()
                : validation != null ? Monitor.VAL_LOSS : Monitor.TRAIN_LOSS;
        EarlyStopping early = config.earlyStopping();
        for (Monitor m : new Monitor[]{scheduleMonitor, early == null ? null : early.monitor()}) {
            if (m != null && m.needsValidation() && validation == null) {
                throw new IllegalArgumentException("Trainer: " + m + " is monitored but no validation data was given");
            }
        }
        int first = 0;
        history = new TrainingHistory();
        rng = new Generator(config.seed());
        step = 0;
        if (early != null) {
            early.reset();
        }
        if (config.resumeFrom() != null) {
            first = resume(config.resumeFrom());
        }
        if (config.checkpointDir() != null) {
            deleteStaleTemporaries(config.checkpointDir().resolve(CHECKPOINT_FILE));
        }
        for (TrainingListener l : listeners) {
            l.onTrainStart(history, config.epochs());
        }
        for (int epoch = first; epoch < config.epochs(); epoch++) {
            if (config.scheduleUnit() == TrainerConfig.ScheduleUnit.EPOCH) {
                schedule.apply(optimizer, epoch);
            }
            EpochMetrics metrics = trainEpoch(epoch, train, validation);
            history.add(metrics);
            schedule.observe(scheduleMonitor.of(metrics));
            boolean stopEarly = early != null && early.update(metrics, model);
            if (early != null) {
                history.bestEpoch(early.bestEpoch());
            }
            for (TrainingListener l : listeners) {
                l.onEpochEnd(metrics);
            }
            boolean stopSchedule = schedule.shouldStop();
            boolean last = epoch == config.epochs() - 1 || stopEarly || stopSchedule;
            if (config.checkpointDir() != null && ((epoch + 1) % config.checkpointEvery() == 0 || last)) {
                saveCheckpoint(config.checkpointDir().resolve(CHECKPOINT_FILE), epoch + 1);
            }
            if (stopEarly) {
                history.stop(TrainingHistory.StopReason.EARLY_STOPPING);
                break;
            }
            if (stopSchedule) {
                history.stop(TrainingHistory.StopReason.SCHEDULE);
                break;
            }
        }
        if (early != null) {
            early.restore(model);
        }
        for (TrainingListener l : listeners) {
            l.onTrainEnd(history);
        }
        return history;
    }

    /**
     * Trains the epoch of 0-based index {@code epoch} (its data order); reports it as number {@code epoch + 1}. A step
     * never waits for the device (except under {@link TrainerConfig.NanPolicy#SKIP}): loss and accuracy add up in a
     * {@link DeviceTally}, label checks are deferred ({@link DeferredChecks}), listener events wait in a
     * {@link ListenerQueue}; all three are read at the syncs.
     */
    private EpochMetrics trainEpoch(int epoch, BatchSource train, BatchSource validation) {
        model.train();
        int batches = train.batchCount();
        int number = epoch + 1;
        for (TrainingListener l : listeners) {
            l.onEpochStart(number, batches);
        }
        GradientAccumulator acc = new GradientAccumulator(config.accumulationSteps());
        Iterator<Batch> it = train.epoch(epoch, rng);
        boolean skipNonFinite = config.nanPolicy() == TrainerConfig.NanPolicy.SKIP;
        long firstStep = step;
        int skipped = 0;
        long start = System.nanoTime();
        StepTally stepTally = new StepTally();
        stepTally.start = start;
        optimizer.zeroGrad();
        try (DeviceTally tally = new DeviceTally(!skipNonFinite);
             ListenerQueue queue = listeners.isEmpty() ? null : new ListenerQueue(listeners,
                     config.listenerSyncBatches(), config.listenerSyncMillis())) {
            for (int b = 0; it.hasNext(); b++) {
                try (DeferredChecks.Context c = DeferredChecks.defer("epoch " + number + ", batch " + b);
                     Scope s = Scope.open()) {
                    Batch batch = it.next();
                    CompiledStep whole = wholeStep();
                    Tensor l = whole == null ? null : whole.run(batch.features(), batch.targets());
                    Tensor out = whole == null ? model.forward(batch.features()) : whole.output();
                    l = whole == null ? scalarLoss(out, batch.targets()) : l;
                    boolean skip = skipNonFinite && !Double.isFinite(l.item());
                    StepMetrics stepped = null;
                    if (skip) {
                        optimizer.zeroGrad();
                        skipped++;
                    } else {
                        if (whole == null) {
                            acc.scale(l).backward();
                        }
                        tally.add(l, out, batch.targets(), batch.size());
                        stepTally.add(batch.size());
                        if (acc.endMicroBatch()) {
                            stepped = optimizerStep(number, stepTally, whole == null);
                        }
                    }
                    if (queue != null) {
                        queue.batch(number, b, batches, l, skip, stepped);
                    }
                }
                if (queue != null && queue.due()) {
                    sync(tally, queue, number, firstStep);
                }
            }
            if (acc.pending() > 0) {
                acc.rescalePending(model.parameters());
                StepMetrics stepped = optimizerStep(number, stepTally, true);
                if (queue != null) {
                    queue.step(stepped);
                }
            }
            sync(tally, queue, number, firstStep);
            DeviceTally.Totals totals = tally.totals();
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation val = validation == null ? null : evaluate(validation);
            return new EpochMetrics(number, totals.meanLoss(), totals.accuracy(), val == null ? Double.NaN
                    : val.loss(), val == null ? Double.NaN : val.accuracy(), optimizer.lr(), totals.samples(), skipped,
                    seconds, seconds > 0 ? totals.samples() / seconds : Double.NaN);
        }
    }

    /**
     * Waits for the device: throws for a failed deferred label check or (policy STOP) the first non-finite loss of
     * epoch number {@code epoch}, after handing the listeners the queued events of the batches before it.
     */
    private void sync(DeviceTally tally, ListenerQueue queue, int epoch, long firstStep) {
        int bad = tally.firstNonFinite();
        if (queue != null) {
            queue.deliver(bad < 0 ? Integer.MAX_VALUE : bad);
        }
        if (bad >= 0) {
            throw new TrainingDivergedException(epoch, bad, firstStep + bad / config.accumulationSteps());
        }
    }

    /**
     * Clips, steps and zeroes (unless a captured step already updated: {@code update} false); returns the step's
     * metrics for the listeners (its loss NaN until a sync reads it), or
     * null when there are no listeners.
     */
    private StepMetrics optimizerStep(int epoch, StepTally tally, boolean update) {
        double norm = Double.NaN;
        double lr = optimizer.lr();
        if (update) {
            if (config.scheduleUnit() == TrainerConfig.ScheduleUnit.STEP) {
                schedule.apply(optimizer, step);
            }
            if (!Double.isNaN(config.clipNorm())) {
                norm = GradientClipping.clipByGlobalNorm(model.parameters(), config.clipNorm());
            } else if (listeners.stream().anyMatch(l -> l.wantsGradientNorm(step))) {
                norm = GradientClipping.globalNorm(model.parameters());
            }
            if (!Double.isNaN(config.clipValue())) {
                GradientClipping.clipByValue(model.parameters(), config.clipValue());
            }
            lr = optimizer.lr();
            optimizer.step();
            optimizer.zeroGrad();
        }
        StepMetrics m = null;
        if (!listeners.isEmpty()) {
            long now = System.nanoTime();
            double seconds = (now - tally.start) / 1e9;
            m = new StepMetrics(step, epoch, Double.NaN, lr, norm, tally.samples,
                    seconds > 0 ? tally.samples / seconds : Double.NaN);
            tally.start = now;
        }
        tally.samples = 0;
        step++;
        return m;
    }

    /** The examples and start time of the optimizer step being accumulated. */
    private static final class StepTally {
        long samples;
        long start;

        void add(int size) {
            samples += size;
        }
    }

    private Tensor scalarLoss(Tensor out, Tensor target) {
        if (target == null) {
            throw new IllegalArgumentException("Trainer: a batch has no targets; training and evaluation need a "
                    + "dataset with labels or targets");
        }
        Tensor l = loss.compute(out, target);
        if (l.numel() != 1) {
            throw new IllegalArgumentException("Trainer: the loss must reduce to a scalar (reduction MEAN or SUM), got "
                    + "shape " + l.shape());
        }
        return l;
    }

    // ---------------------------------------------------------------- evaluation and LR finder

    /**
     * The model's mean loss and accuracy on {@code data}, in evaluation mode without recording gradients. The data
     * order is drawn from a fixed generator, not the trainer's, so evaluating never changes a run.
     */
    public Evaluation evaluate(BatchSource data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (GradMode.Guard g = GradMode.noGrad(); DeviceTally tally = new DeviceTally(false)) {
            Iterator<Batch> it = data.epoch(new Generator(0));
            for (int b = 0; it.hasNext(); b++) {
                try (DeferredChecks.Context c = DeferredChecks.defer("evaluation batch " + b);
                     Scope s = Scope.open()) {
                    Batch batch = it.next();
                    Tensor out = model.forward(batch.features());
                    tally.add(scalarLoss(out, batch.targets()), out, batch.targets(), batch.size());
                }
            }
            DeviceTally.Totals totals = tally.totals();
            return new Evaluation(totals.meanLoss(), totals.accuracy(), totals.samples());
        } finally {
            model.train(wasTraining);
        }
    }

    /**
     * Runs {@code finder}'s learning-rate sweep over mini-batches of {@code data} (cycled if the sweep is longer than
     * an epoch; ordered by a generator derived from the seed, not the trainer's), then restores model and optimizer.
     */
    public LrFinderResult findLr(BatchSource data, LrFinder finder) {
        return findLr(data, finder, () -> false);
    }

    /**
     * As {@link #findLr(BatchSource, LrFinder)}, ending the sweep before the next mini-batch once {@code stop}
     * answers true (see {@link LrFinder#run(Module, Optimizer, LrFinder.LossFunction, BooleanSupplier)}).
     */
    public LrFinderResult findLr(BatchSource data, LrFinder finder, BooleanSupplier stop) {
        Generator sweepRng = new Generator(config.seed()).fork();
        List<Iterator<Batch>> current = new ArrayList<>(List.of(data.epoch(sweepRng)));
        return finder.run(model, optimizer, () -> {
            if (!current.get(0).hasNext()) {
                current.set(0, data.epoch(sweepRng));
                if (!current.get(0).hasNext()) {
                    throw new IllegalArgumentException("Trainer.findLr: the data source yields no batches");
                }
            }
            Batch b = current.get(0).next();
            return scalarLoss(model.forward(b.features()), b.targets());
        }, stop);
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Writes a checkpoint as of the end of epoch number {@code completedEpoch} (counted from 1, so also the number of
     * epochs completed) to {@code path} (atomically).
     *
     * @throws UncheckedIOException when writing fails
     */
    public void saveCheckpoint(Path path, int completedEpoch) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(CHECKPOINT_FORMAT_KEY, CHECKPOINT_FORMAT);
        meta.put("trainer.epoch", Integer.toString(completedEpoch));
        meta.put("trainer.step", Long.toString(step));
        meta.put("trainer.rng", rng.seed() + ":" + rng.offset());
        meta.put("trainer.history", history.toCsv());
        Map<String, Tensor> extra = new LinkedHashMap<>();
        EarlyStopping early = config.earlyStopping();
        if (early != null) {
            early.state().forEach((k, v) -> meta.put("early_stopping." + k, v));
            early.bestState().forEach((k, v) -> extra.put("early_stopping.best." + k, v));
        }
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Checkpoint.save(path, model, optimizer, schedule, extra, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: cannot write checkpoint " + path + ": " + reason(e), e);
        }
    }

    /** Deletes what checkpoint writes killed mid-way (SIGKILL, power loss) left next to {@code path}. */
    private static void deleteStaleTemporaries(Path path) {
        if (!Files.isDirectory(path.toAbsolutePath().getParent())) {
            return;
        }
        try {
            Safetensors.deleteStaleTemporaries(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: cannot clean the checkpoint directory of " + path + ": "
                    + reason(e), e);
        }
    }

    /**
     * Loads a checkpoint; returns the number of epochs it completed (the 0-based index of the first epoch still to
     * run). The trainer's own entries are read before the model, optimizer and schedule are restored (all or
     * nothing, see {@link Checkpoint#restore}), so a file that fails leaves the model as it was. A checkpoint without
     * {@value #CHECKPOINT_FORMAT_KEY} numbered its epochs from 0; its numbers are shifted by one.
     */
    private int resume(Path path) {
        List<Tensor> params = model.parameters();
        try (Checkpoint c = Checkpoint.read(path, params.isEmpty() ? dev.tessera.Device.defaultDevice()
                : params.get(0).device())) {
            String format = c.metadata().get(CHECKPOINT_FORMAT_KEY);
            if (format != null && !format.equals(CHECKPOINT_FORMAT)) {
                throw new IllegalArgumentException("Trainer: cannot resume from " + path + ": checkpoint format '"
                        + format + "' (" + CHECKPOINT_FORMAT_KEY + "); this version reads format " + CHECKPOINT_FORMAT
                        + " and the older checkpoints without the key");
            }
            int shift = format == null ? 1 : 0;
            long done = count(c, path, "trainer.epoch") + shift;
            long savedStep = count(c, path, "trainer.step");
            TrainingHistory savedHistory;
            try {
                savedHistory = TrainingHistory.parseCsv(c.metadata("trainer.history"), shift);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Trainer: cannot resume from " + path
                        + ": malformed trainer.history metadata (" + e + ")", e);
            }
            Generator savedRng = c.generator("trainer.rng");
            EarlyStopping early = config.earlyStopping();
            if (early != null && c.metadata().containsKey("early_stopping.best")) {
                try {
                    Map<String, String> state = new LinkedHashMap<>(c.metadataWithPrefix("early_stopping."));
                    int best = Integer.parseInt(state.get("best_epoch"));
                    state.put("best_epoch", Integer.toString(best >= 0 ? best + shift : best));
                    early.load(state, c.tensors("early_stopping.best."));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("Trainer: cannot resume from " + path
                            + ": malformed early-stopping state (" + e + ")", e);
                }
                savedHistory.bestEpoch(early.bestEpoch());
            }
            c.restore(model, optimizer, schedule);
            step = savedStep;
            rng = savedRng;
            history = savedHistory;
            return (int) done;
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: cannot resume from " + path + ": " + reason(e), e);
        }
    }

    /** An I/O failure in words; a file-system exception's message is often only the path, so its type is named. */
    private static String reason(IOException e) {
        return e instanceof FileSystemException ? e.toString().replace("java.nio.file.", "") : e.getMessage();
    }

    /** The non-negative int stored in the checkpoint's metadata {@code key}. */
    private static long count(Checkpoint c, Path path, String key) {
        String v = c.metadata(key);
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n < Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Trainer: cannot resume from " + path + ": metadata '" + key + "' is '" + v
                + "', expected a non-negative integer");
    }

    /** Optimizer steps taken so far. */
    public long step() {
        return step;
    }

    /** The history of the last (or current) {@link #fit}. */
    public TrainingHistory history() {
        return history;
    }
}
