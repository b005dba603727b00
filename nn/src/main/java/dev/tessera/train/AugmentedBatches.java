package dev.tessera.train;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.nn.Require;
import java.util.Iterator;

/**
 * Random crops and horizontal flips of image batches {@code [B, C, H, W]} drawn from another {@link BatchSource},
 * for training only. Per example, independently: the image is padded with {@code pad} zeros on every side and cropped
 * back to {@code H x W} at offset {@code (dy, dx)}, each uniform on {@code 0..2 pad} (so
 * {@code y[c, i, j] = x[c, i + dy - pad, j + dx - pad]}, 0 outside the image; {@code pad = 0} leaves it in place),
 * then mirrored left-right ({@code y[c, i, j] <- y[c, i, W - 1 - j]}) with probability {@code flipProbability}.
 * Zeros are the training mean once the data is z-score normalized. Targets pass unchanged.
 *
 * <p>The draws come from the trainer's generator, after those of the wrapped source: three uniforms per example of
 * each batch as the batch is handed out (drawn on the reference backend, the same Philox stream as every device), so
 * a run is reproducible from its seed and a resumed run, whose generator the checkpoint restores, sees the batches of
 * an uninterrupted one. The work is done on the host: each batch is read back, moved and written to its device in
 * its dtype.
 */
public final class AugmentedBatches implements BatchSource {
    private final BatchSource source;
    private final int pad;
    private final double flipProbability;

    /**
     * Augments the batches of {@code source}.
     *
     * @throws IllegalArgumentException when {@code pad < 0} or {@code flipProbability} is outside [0, 1]
     */
    public AugmentedBatches(BatchSource source, int pad, double flipProbability) {
        if (source == null) {
            throw new IllegalArgumentException("AugmentedBatches: source is null");
        }
        Require.atLeast("AugmentedBatches", "pad", pad, 0);
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("AugmentedBatches: flip probability must be in [0, 1], got "
                    + flipProbability);
        }
        this.source = source;
        this.pad = pad;
        this.flipProbability = flipProbability;
    }

    @Override
    public Iterator<Batch> epoch(Generator rng) {
        return augmented(source.epoch(rng), rng);
    }

    @Override
    public Iterator<Batch> epoch(int index, Generator rng) {
        return augmented(source.epoch(index, rng), rng);
    }

    @Override
    public int batchCount() {
        return source.batchCount();
    }

    private Iterator<Batch> augmented(Iterator<Batch> batches, Generator rng) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public Batch next() {
                Batch b = batches.next();
                return new Batch(augment(b.features(), rng), b.targets());
            }
        };
    }

    /**
     * {@code x} {@code [B, C, H, W]} cropped and flipped as the class describes, with draws from {@code rng}; a new
     * tensor of x's dtype on x's device (x is closed, as the batch's owner would close it).
     *
     * @throws IllegalArgumentException when x is not rank 4
     */
    Tensor augment(Tensor x, Generator rng) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("AugmentedBatches: expected image batches [B, C, H, W], got "
                    + x.shape());
        }
        int b = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        double[] u;
        try (Tensor draws = Tensor.uniform(rng, 0, 1, Shape.of(b, 3), DType.FLOAT64, Device.of("reference"))) {
            u = draws.toDoubleArray();
        }
        double[] in = x.toDoubleArray();
        double[] out = new double[in.length];
        int span = 2 * pad + 1;
        for (int n = 0; n < b; n++) {
            int dy = Math.min(span - 1, (int) (u[3 * n] * span)) - pad;
            int dx = Math.min(span - 1, (int) (u[3 * n + 1] * span)) - pad;
            boolean flip = u[3 * n + 2] < flipProbability;
            for (int ch = 0; ch < c; ch++) {
                int base = (n * c + ch) * h * w;
                for (int i = 0; i < h; i++) {
                    int si = i + dy;
                    if (si < 0 || si >= h) {
                        continue;
                    }
                    for (int j = 0; j < w; j++) {
                        int sj = (flip ? w - 1 - j : j) + dx;
                        if (sj >= 0 && sj < w) {
                            out[base + i * w + j] = in[base + si * w + sj];
                        }
                    }
                }
            }
        }
        try (Scope s = Scope.open()) {
            Tensor y = Tensor.of(Device.of("reference"), out, b, c, h, w).to(x.dtype()).to(x.device());
            x.close();
            return s.keep(y);
        }
    }
}
