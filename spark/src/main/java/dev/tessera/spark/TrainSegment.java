package dev.tessera.spark;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Sizes;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Module;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.schedule.LrSchedule;
import dev.tessera.optim.schedule.Warmup;
import dev.tessera.train.Checkpoint;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The body of one barrier task: worker {@code rank} of N runs global steps {@code [from, to)} on its shard. It
 * rebuilds model, optimizer and schedule from the recipe, restores the driver's last checkpoint when there is one
 * (so a retried stage restarts exactly there), then per step: forward and backward on its batch
 * ({@link ShardOrder}, or its part of the step's global batch when a {@link GlobalOrder} is given and every shard
 * holds the whole data), and either all-reduces the gradients and divides them by N before the optimizer step
 * (synchronous SGD; with a global order each gradient is weighted by its share of the rows instead) or steps alone
 * and averages the parameters every K steps (local SGD). At the end it averages
 * the floating buffers (batch-norm statistics) and the step losses, and worker 0 returns the new checkpoint.
 */
final class TrainSegment extends AbstractFunction1<Iterator<Shard>, Iterator<SegmentResult>> implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Checkpoint metadata: the global steps done. */
    static final String STEP_KEY = "spark.step";

    private final TrainingRecipe recipe;
    private final DataParallelConfig config;
    private final Broadcast<byte[]> checkpoint;
    private final long from;
    private final long to;
    private final int stepsPerEpoch;
    private final WorkerHook hook;
    private final int attempt;
    /** The global batches of every step (row indices into the whole data), or null to follow {@link ShardOrder}. */
    private final Broadcast<int[][]> order;

    TrainSegment(TrainingRecipe recipe, DataParallelConfig config, Broadcast<byte[]> checkpoint, long from, long to,
                 int stepsPerEpoch, WorkerHook hook, int attempt, Broadcast<int[][]> order) {
        this.recipe = recipe;
        this.config = config;
        this.checkpoint = checkpoint;
        this.from = from;
        this.to = to;
        this.stepsPerEpoch = stepsPerEpoch;
        this.hook = hook;
        this.attempt = attempt;
        this.order = order;
    }

    @Override
    public Iterator<SegmentResult> apply(Iterator<Shard> shards) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId();
        BarrierTaskInfo[] infos = ctx.getTaskInfos();
        int workers = infos.length;
        if (!shards.hasNext()) {
            throw new IllegalStateException("worker " + rank + ": its partition holds no shard");
        }
        Shard shard = shards.next();
        Device device = TaskDevices.open(config.device());
        Rendezvous rendezvous = message -> List.of(ctx.allGather(message));
        String host = SparkEnv.get().blockManager().blockManagerId().host();
        try (AllReduce reduce = config.allReduce() == AllReduceKind.RING
                ? RingAllReduce.connect(rank, workers, host, rendezvous, config.socketTimeoutMs())
                : new GatherAllReduce(rendezvous);
             Scope scope = Scope.open()) {
            SegmentResult result = run(rank, workers, shard, device, reduce);
            return CollectionConverters.asScala(List.of(result).iterator());
        }
    }

    private SegmentResult run(int rank, int workers, Shard shard, Device device, AllReduce reduce) {
        Module model = recipe.model(device);
        Optimizer optimizer = recipe.optimizer(model);
        LrSchedule schedule = recipe.schedule();
        Loss loss = recipe.loss(model);
        try {
            if (checkpoint != null) {
                restore(checkpoint.value(), device, model, optimizer, schedule);
            }
            LrSchedule effective = effective(schedule, workers);
            Map<String, Tensor> params = model.namedParameters();
            List<Tensor> paramList = new ArrayList<>(params.values());
            float[] vector = new float[(int) count(paramList)];
            double[] losses = new double[(int) (to - from)];
            long reduceNanos = 0;
            long computeNanos = 0;
            int[] perm = null;
            long permEpoch = -1;
            model.train();
            for (long t = from; t < to; t++) {
                hook.beforeStep(rank, t, attempt);
                int[] rows;
                float share = 1.0f / workers;
                if (order == null) {
                    long epoch = t / stepsPerEpoch;
                    int b = (int) (t % stepsPerEpoch);
                    if (epoch != permEpoch) {
                        perm = ShardOrder.permutation(config.seed(), epoch, rank, shard.rows());
                        permEpoch = epoch;
                    }
                    rows = new int[config.batchSize()];
                    System.arraycopy(perm, b * config.batchSize(), rows, 0, rows.length);
                } else {
                    int[] global = order.value()[(int) t];
                    rows = GlobalOrder.part(global, rank, workers);
                    share = (float) ((double) rows.length / global.length);
                }
                long t0 = System.nanoTime();
                try (Scope s = Scope.open()) {
                    effective.apply(optimizer, t);
                    if (rows.length > 0) { // a short last global batch may leave this worker no row
                        Tensor x = Tensor.of(device, shard.featuresOf(rows), rows.length, shard.features());
                        Tensor y = Tensor.of(device, shard.labelsOf(rows), rows.length);
                        Tensor l = loss.compute(model.forward(x), y);
                        losses[(int) (t - from)] = order == null ? l.item() : share * l.item();
                        l.backward();
                    }
                    if (config.averageEvery() == 1) {
                        flatten(paramList, true, vector);
                        if (order != null) {
                            scale(vector, share);
                        }
                        long r0 = System.nanoTime();
                        reduce.sum(vector);
                        reduceNanos += System.nanoTime() - r0;
                        if (order == null) {
                            scale(vector, 1.0f / workers);
                        }
                        setGrads(paramList, vector, device);
                        optimizer.step();
                        optimizer.zeroGrad();
                    } else {
                        optimizer.step();
                        optimizer.zeroGrad();
                        if ((t + 1) % config.averageEvery() == 0) {
                            reduceNanos += average(paramList, reduce, workers, device);
                        }
                    }
                }
                computeNanos += System.nanoTime() - t0;
            }
            computeNanos -= reduceNanos;
            if (config.averageEvery() > 1 && to % config.averageEvery() != 0) {
                reduceNanos += average(paramList, reduce, workers, device);
            }
            List<Tensor> buffers = new ArrayList<>();
            model.namedBuffers().values().forEach(v -> {
                if (v.dtype().isFloating()) {
                    buffers.add(v);
                }
            });
            if (!buffers.isEmpty()) {
                reduceNanos += average(buffers, reduce, workers, device);
            }
            float[] lossVector = new float[losses.length];
            for (int i = 0; i < losses.length; i++) {
                lossVector[i] = (float) losses[i];
            }
            reduce.sum(lossVector);
            for (int i = 0; i < losses.length; i++) {
                losses[i] = order == null ? lossVector[i] / workers : lossVector[i];
            }
            byte[] saved = rank == 0 ? save(model, optimizer, schedule) : null;
            return new SegmentResult(rank, saved, losses, reduce.bytesSent(), reduceNanos, computeNanos);
        } finally {
            optimizer.closeState();
            model.close();
        }
    }

    /**
     * The recipe's schedule with the linear scaling rule (base rate times N) and the warm-up (from the unscaled
     * rate, i.e. a start factor of 1/N when scaling, else from 1/N of the base rate too).
     */
    LrSchedule effective(LrSchedule schedule, int workers) {
        double factor = config.linearScaling() ? workers : 1;
        LrSchedule warm = config.warmupSteps() > 0 ? new Warmup(config.warmupSteps(), 1.0 / workers, schedule)
                : schedule;
        return (step, base) -> warm.rate(step, base * factor);
    }

    private static long count(List<Tensor> tensors) {
        long n = 0;
        for (Tensor t : tensors) {
            n += t.numel();
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("TrainSegment: " + n + " values do not fit one all-reduce vector");
        }
        return n;
    }

    /** Copies every tensor's gradient (or value) into {@code into}, in order; a missing gradient is zeros. */
    private static void flatten(List<Tensor> tensors, boolean gradients, float[] into) {
        int at = 0;
        for (Tensor p : tensors) {
            int n = Sizes.arrayLength("TrainSegment", p.numel());
            Tensor source = gradients ? p.grad() : p;
            if (source == null) {
                java.util.Arrays.fill(into, at, at + n, 0f);
            } else {
                System.arraycopy(source.toFloatArray(), 0, into, at, n);
            }
            at += n;
        }
    }

    private static void scale(float[] v, float factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }

    private static void setGrads(List<Tensor> params, float[] v, Device device) {
        int at = 0;
        for (Tensor p : params) {
            int n = Sizes.arrayLength("TrainSegment", p.numel());
            float[] g = new float[n];
            System.arraycopy(v, at, g, 0, n);
            Tensor grad = Tensor.of(device, g, p.shape().dims());
            p.setGrad(p.dtype() == grad.dtype() ? grad : grad.to(p.dtype()));
            at += n;
        }
    }

    /** Replaces each tensor by its mean over the workers; returns the nanoseconds spent in the all-reduce. */
    private static long average(List<Tensor> tensors, AllReduce reduce, int workers, Device device) {
        float[] v = new float[(int) count(tensors)];
        flatten(tensors, false, v);
        long r0 = System.nanoTime();
        reduce.sum(v);
        long nanos = System.nanoTime() - r0;
        scale(v, 1.0f / workers);
        int at = 0;
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            for (Tensor p : tensors) {
                int n = Sizes.arrayLength("TrainSegment", p.numel());
                float[] part = new float[n];
                System.arraycopy(v, at, part, 0, n);
                p.assign(Tensor.of(device, part, p.shape().dims()));
                at += n;
            }
        }
        return nanos;
    }

    private static void restore(byte[] bytes, Device device, Module model, Optimizer optimizer,
                                LrSchedule schedule) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("tessera-spark-", ".safetensors");
            Files.write(tmp, bytes);
            try (Checkpoint c = Checkpoint.read(tmp, device)) {
                c.restore(model, optimizer, schedule);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TrainSegment: cannot read the driver's checkpoint: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private byte[] save(Module model, Optimizer optimizer, LrSchedule schedule) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("tessera-spark-", ".safetensors");
            Checkpoint.save(tmp, model, optimizer, schedule, Map.of(), Map.of(STEP_KEY, Long.toString(to)));
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("TrainSegment: cannot write the checkpoint: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind in the temp folder is harmless
            }
        }
    }
}
