package dev.tessera.train;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.nn.Require;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mini-batches of in-memory tensors: inputs {@code [N, ...]} and targets {@code [N, ...]} cut into batches of
 * {@code batchSize} along the first axis, optionally in a new random order each epoch (a permutation drawn from the
 * trainer's generator: the argsort of N uniform draws, identical on every backend) and optionally dropping a last
 * short batch. The tensors are read, never modified.
 */
public final class TensorBatches implements BatchSource {
    private final Tensor inputs;
    private final Tensor targets;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;

    /**
     * Batches of {@code inputs} and {@code targets}.
     *
     * @throws IllegalArgumentException when the first axes differ or batchSize is below 1
     */
    public TensorBatches(Tensor inputs, Tensor targets, int batchSize, boolean shuffle, boolean dropLast) {
        if (inputs.rank() == 0 || targets.rank() == 0 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorBatches: inputs " + inputs.shape() + " and targets "
                    + targets.shape() + " must have the same first axis");
        }
        Require.atLeast("TensorBatches", "batchSize", batchSize, 1);
        this.inputs = inputs;
        this.targets = targets;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
    }

    /** Number of examples. */
    public int size() {
        return inputs.size(0);
    }

    @Override
    public int batchCount() {
        int n = size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * The row indices of one epoch in the order {@link #epoch(Generator)} would visit them given the same generator
     * state (batch {@code b} is {@code order[b * batchSize ...]}), drawing from {@code rng} exactly as it does:
     * {@code 0..n-1} without shuffling. Lets a distributed run replay the batches of a single-process one.
     */
    public int[] order(Generator rng) {
        int n = size();
        if (shuffle) {
            return permutation(n, rng);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    @Override
    public Iterator<Batch> epoch(Generator rng) {
        int n = size();
        int[] order = shuffle ? order(rng) : null;
        int count = batchCount();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("TensorBatches: epoch has " + count + " batches");
                }
                int start = next * batchSize;
                int end = Math.min(n, start + batchSize);
                next++;
                if (order == null) {
                    return new Batch(inputs.slice(0, start, end), targets.slice(0, start, end));
                }
                Tensor idx = Tensor.of(inputs.device(), Arrays.copyOfRange(order, start, end), end - start);
                return new Batch(inputs.indexSelect(0, idx), targets.indexSelect(0, idx));
            }
        };
    }

    /**
     * A permutation of {@code 0..n-1}: indices sorted by N uniform FLOAT64 draws from {@code rng} (ties by index).
     * The draws are made on the host's reference backend, which produces the same Philox stream as every device.
     */
    static int[] permutation(int n, Generator rng) {
        double[] keys;
        try (Tensor u = Tensor.uniform(rng, 0, 1, Shape.of(n), DType.FLOAT64, dev.tessera.Device.of("reference"))) {
            keys = u.toDoubleArray();
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> keys[i]).thenComparingInt(i -> i));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
