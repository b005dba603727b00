package dev.tessera.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar per epoch, redrawn in place with a carriage return at most every {@code intervalMillis}
 * (and at the last batch): {@code epoch 3/10 [=========>          ] 45/100 loss 0.2345 | 12 s left | 5120
 * samples/s}. The time left is the epoch's remaining batches at the rate so far; the throughput is in samples per
 * second when the batch size is given, else in batches per second. When the batch count is unknown it shows the
 * count only. Batch events reach it at the trainer's syncs ({@link TrainerConfig.Builder#listenerSync}), so it
 * redraws at most that often.
 */
public final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final long intervalNanos;
    private int epochs;
    private long lastDraw;
    private double lossSum;
    private int seen;
    private final int batchSize;
    private long epochStart;

    /** Draws on {@code out}, at most every {@code intervalMillis} ms, showing batches per second. */
    public ProgressBar(PrintStream out, long intervalMillis) {
        this(out, intervalMillis, 0);
    }

    /**
     * Draws on {@code out}, at most every {@code intervalMillis} ms, showing samples per second for mini-batches of
     * {@code batchSize} examples (0: batches per second).
     */
    public ProgressBar(PrintStream out, long intervalMillis, int batchSize) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.batchSize = batchSize;
    }

    @Override
    public void onTrainStart(TrainingHistory history, int totalEpochs) {
        epochs = totalEpochs;
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        lossSum = 0;
        seen = 0;
        lastDraw = 0;
        epochStart = System.nanoTime();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double loss, boolean skipped) {
        if (!skipped) {
            lossSum += loss;
            seen++;
        }
        long now = System.nanoTime();
        boolean lastBatch = batches > 0 && batch == batches - 1;
        if (!lastBatch && lastDraw != 0 && now - lastDraw < intervalNanos) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(epoch, batch + 1, batches));
        if (lastBatch) {
            out.println();
        }
        out.flush();
    }

    /** The bar for {@code done} of {@code batches} batches of epoch number {@code epoch} (from 1). */
    String line(int epoch, int done, int batches) {
        StringBuilder sb = new StringBuilder("epoch ").append(epoch).append('/').append(epochs).append(' ');
        if (batches > 0) {
            int filled = (int) ((long) WIDTH * done / batches);
            sb.append('[');
            for (int i = 0; i < WIDTH; i++) {
                sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
            }
            sb.append("] ").append(done).append('/').append(batches);
        } else {
            sb.append("batch ").append(done);
        }
        if (seen > 0) {
            sb.append(String.format(Locale.ROOT, " loss %.4f", lossSum / seen));
        }
        double seconds = epochStart == 0 ? 0 : (System.nanoTime() - epochStart) / 1e9;
        if (seconds > 0 && done > 0) {
            double perSecond = done / seconds;
            if (batches > 0) {
                sb.append(String.format(Locale.ROOT, " | %.0f s left", (batches - done) / perSecond));
            }
            sb.append(batchSize > 0 ? String.format(Locale.ROOT, " | %.0f samples/s", perSecond * batchSize)
                    : String.format(Locale.ROOT, " | %.1f batches/s", perSecond));
        }
        return sb.toString();
    }
}
