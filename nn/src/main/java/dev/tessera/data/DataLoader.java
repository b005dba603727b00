package dev.tessera.data;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.Require;
import java.util.function.UnaryOperator;

/**
 * Iterates a {@link Dataset} in batches, one epoch per {@link #iterator()} call, preparing the next batches on a
 * background thread while the current one trains.
 *
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(42).device(device).build()) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         for (Batch batch : loader) {                 // each for-loop is the next epoch
 *             try (Scope step = Scope.open(); batch) {
 *                 Tensor loss = model.forward(batch.features()).softmaxCrossEntropy(batch.targets(), null, 0).mean();
 *                 ...
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Order.</b> Without shuffling, examples come in dataset order. With {@code shuffle(seed)}, epoch {@code e}
 * (counting from 0) visits them in {@link Shuffle#permutation}{@code (size, seed, e + 1)}: a new order every epoch
 * that depends only on the seed and the epoch number, so a run resumed at epoch {@code e} with
 * {@link #epoch(int)} sees the same batches. Batches hold {@code batchSize} examples; the last one holds the rest
 * unless {@code dropLast} is set, in which case it is skipped when incomplete.
 *
 * <p><b>Background preparation.</b> With {@code prefetch(k)}, k >= 1 (default 2), a daemon thread per epoch gathers
 * the rows (on the host for an {@link InMemoryDataset}), builds the tensors, copies them to the target device and
 * applies the feature transform, keeping at most k finished batches in a bounded queue. An exception thrown there is
 * rethrown by {@code next()} as a {@link DataLoaderException} whose cause is the original. With {@code prefetch(0)}
 * batches are built on the calling thread.
 *
 * <p><b>Ownership.</b> {@code next()} hands the caller a {@link Batch} it owns. A {@link Scope} is thread-local, so
 * a tensor made on the background thread is tracked by no scope; {@code next()} therefore re-creates the batch's
 * tensor handles on the calling thread (sharing the data, no copy), where the scope that is current during
 * {@code next()} tracks them. Close each batch yourself (as above), or call {@code next()} inside the scope that
 * should own it. Batches prepared but not handed out are closed when the epoch's iterator is closed, when the next
 * epoch starts, or when the loader is closed.
 *
 * <p>One epoch iterates at a time: starting another closes the previous one. Not for concurrent use by several
 * consumer threads.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    private final Dataset dataset;
    private final int batchSize;
    private final Long seed;
    private final boolean dropLast;
    private final Device device;
    private final DType featureType;
    private final int prefetch;
    private final UnaryOperator<Tensor> transform;
    private int nextEpoch;
    private EpochIterator current;
    private boolean closed;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.device = b.device != null ? b.device : Device.defaultDevice();
        this.featureType = b.featureType;
        this.prefetch = b.prefetch;
        this.transform = b.transform;
    }

    /** A builder for a loader over {@code dataset}. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** The dataset being loaded. */
    public Dataset dataset() {
        return dataset;
    }

    /** The device batches are delivered on. */
    public Device device() {
        return device;
    }

    /** Batches per epoch: {@code ceil(size / batchSize)}, or {@code floor} with dropLast. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The number of the epoch the next {@link #iterator()} call starts. */
    public int nextEpoch() {
        return nextEpoch;
    }

    /** Starts the next epoch (closing the previous epoch's iterator if still open). */
    @Override
    public EpochIterator iterator() {
        return epoch(nextEpoch);
    }

    /**
     * Starts epoch {@code e} (its order is the same whenever it is started); the following {@link #iterator()} call
     * starts epoch {@code e + 1}. Closes the previous epoch's iterator if still open.
     */
    public synchronized EpochIterator epoch(int e) {
        if (closed) {
            throw new IllegalStateException("DataLoader: the loader was closed");
        }
        Require.atLeast("DataLoader.epoch", "epoch", e, 0);
        if (current != null) {
            current.close();
        }
        nextEpoch = e + 1;
        int[] order = seed == null ? identity(dataset.size()) : Shuffle.permutation(dataset.size(), seed, e + 1L);
        current = new EpochIterator(this, e, order, batchesPerEpoch(), prefetch);
        return current;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /**
     * Builds batch {@code index} of an epoch order on the calling thread: the rows, then the transform, inside a
     * scope that closes the intermediates; the batch is handed to the scope enclosing the call (if any).
     */
    Batch prepare(int[] order, int index) {
        int start = index * batchSize;
        int end = Math.min(order.length, start + batchSize);
        int[] rows = java.util.Arrays.copyOfRange(order, start, end);
        try (Scope scope = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Batch b = dataset.batch(rows, featureType, device);
            Tensor x = transform == null ? b.features() : transform.apply(b.features());
            if (x.device() != device || x.rank() == 0 || x.size(0) != rows.length) {
                throw new IllegalStateException("DataLoader: the feature transform returned " + x.shape() + " on "
                        + x.device() + " for a batch of " + rows.length + " on " + device);
            }
            return new Batch(scope.keep(x), b.targets() == null ? null : scope.keep(b.targets()));
        }
    }

    /** Closes the running epoch's iterator, closing batches it prepared but did not hand out. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** Options of a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 32;
        private Long seed;
        private boolean dropLast;
        private Device device;
        private DType featureType = DType.FLOAT32;
        private int prefetch = 2;
        private UnaryOperator<Tensor> transform;

        private Builder(Dataset dataset) {
            this.dataset = dataset;
        }

        /** Examples per batch (default 32). */
        public Builder batchSize(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** Shuffles every epoch with a new order derived from {@code seed} and the epoch number. */
        public Builder shuffle(long seed) {
            this.seed = seed;
            return this;
        }

        /** Skips the last batch of an epoch when it has fewer than batchSize examples (default false). */
        public Builder dropLast(boolean drop) {
            this.dropLast = drop;
            return this;
        }

        /** The device batches are delivered on (default {@link Device#defaultDevice()}). */
        public Builder device(Device target) {
            this.device = target;
            return this;
        }

        /** FLOAT32 (default) or FLOAT64 features (and real targets). */
        public Builder featureType(DType type) {
            Checks.featureType("DataLoader", type);
            this.featureType = type;
            return this;
        }

        /**
         * Batches prepared ahead on a background thread (default 2); 0 prepares each batch on the calling thread in
         * {@code next()}.
         */
        public Builder prefetch(int batches) {
            Require.atLeast("DataLoader", "prefetch", batches, 0);
            this.prefetch = batches;
            return this;
        }

        /**
         * A function applied to each batch's features after they reach the device (e.g. a fitted
         * {@link Normalizer}'s {@code transform}); it runs on the background thread, without gradient recording,
         * and must return a tensor on the same device with the same first axis. Intermediates it creates are
         * closed; its input is closed unless it is returned.
         */
        public Builder transform(UnaryOperator<Tensor> features) {
            this.transform = features;
            return this;
        }

        /**
         * The loader.
         *
         * @throws IllegalArgumentException when dropLast would leave no batch at all
         */
        public DataLoader build() {
            if (dropLast && dataset.size() > 0 && dataset.size() < batchSize) {
                throw new IllegalArgumentException("DataLoader: dropLast with batchSize " + batchSize
                        + " and only " + dataset.size() + " examples gives no batch at all");
            }
            return new DataLoader(this);
        }
    }
}
