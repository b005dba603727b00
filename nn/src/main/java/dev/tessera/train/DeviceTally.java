package dev.tessera.train;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;

/**
 * The running sums of one pass over the data (a training epoch or an evaluation), kept on the device so that adding
 * a batch launches a few small kernels and never waits for the device:
 * <ul>
 * <li>{@code lossSum = sum_b loss_b * n_b} over the batches {@code b} of {@code n_b} examples, in FLOAT64 where the
 *     device has it (else FLOAT32); added in batch order, so the mean {@code lossSum / sum_b n_b} is bitwise the one
 *     a host loop summing {@code loss_b * n_b} in doubles computes;</li>
 * <li>{@code correct = sum_b #{i : argmax_c out_b[i, c] == target_b[i]}} for {@code [N, C]} outputs against INT32
 *     labels (accuracy is NaN as soon as one batch is not classification);</li>
 * <li>when asked to watch for divergence, {@code finiteBatches}: after each batch, 1 is added when {@code lossSum}
 *     is still finite. A non-finite loss makes the sum non-finite for good (NaN and infinities absorb finite
 *     addends), so once the sum is not finite, {@code finiteBatches} is the 0-based index of the first batch whose
 *     loss was not finite.</li>
 * </ul>
 * Reading ({@link #totals}, {@link #firstNonFinite}) waits for the device; each is a couple of one-element reads.
 */
final class DeviceTally implements AutoCloseable {
    private final boolean watchFinite;
    private Tensor lossSum;
    private Tensor correct;
    private Tensor finiteBatches;
    private long samples;
    private boolean classification = true;
    /** {@code lossSum} as last read; valid while {@code sumRead}, that is, until the next batch is added. */
    private double readSum;
    private boolean sumRead;

    /** The sums of one pass; {@code watchFinite} also counts the leading batches with a finite loss. */
    DeviceTally(boolean watchFinite) {
        this.watchFinite = watchFinite;
    }

    /** What a pass added up to, read from the device. */
    record Totals(double meanLoss, double accuracy, long samples) {
    }

    /**
     * Adds a batch of {@code n} examples: its scalar (one-element) {@code loss}, and, when {@code out} is {@code [N, C]}
     * and {@code target} INT32 {@code [N]}, its correct predictions. Launches device work only.
     */
    void add(Tensor loss, Tensor out, Tensor target, int n) {
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            if (lossSum == null) {
                start(loss.device());
            }
            lossSum.addInPlace(loss.detach().reshape(1).to(lossSum.dtype()).mul(n));
            if (watchFinite) {
                finiteBatches.addInPlace(lossSum.mul(0).eq(0));
            }
            if (out.rank() != 2 || target.rank() != 1 || target.dtype() != DType.INT32) {
                classification = false;
            } else if (classification) {
                correct.addInPlace(out.argmax(1, false).eq(target).sum().reshape(1));
            }
            samples += n;
            sumRead = false;
        }
    }

    /** {@code lossSum}, read from the device unless no batch was added since the last read. */
    private double lossSum() {
        if (!sumRead) {
            readSum = lossSum.item();
            sumRead = true;
        }
        return readSum;
    }

    private void start(Device device) {
        DType sum = device.supports(DType.FLOAT64) ? DType.FLOAT64 : DType.FLOAT32;
        lossSum = Scope.persist(Tensor.zeros(Shape.of(1), sum, device));
        correct = Scope.persist(Tensor.zeros(Shape.of(1), DType.INT32, device));
        finiteBatches = watchFinite ? Scope.persist(Tensor.zeros(Shape.of(1), sum, device)) : null;
    }

    /**
     * The 0-based index of the first added batch whose loss was not finite, or -1 when all were finite (or the
     * tally does not watch). Reads from the device.
     */
    int firstNonFinite() {
        if (!watchFinite || lossSum == null || Double.isFinite(lossSum())) {
            return -1;
        }
        return (int) finiteBatches.item();
    }

    /** The mean loss per example and the accuracy (NaN when nothing was added or not classification). */
    Totals totals() {
        if (samples == 0) {
            return new Totals(Double.NaN, Double.NaN, 0);
        }
        double mean = lossSum() / samples;
        double accuracy = classification ? correct.item() / samples : Double.NaN;
        return new Totals(mean, accuracy, samples);
    }

    @Override
    public void close() {
        for (Tensor t : new Tensor[]{lossSum, correct, finiteBatches}) {
            if (t != null) {
                t.close();
            }
        }
    }
}
