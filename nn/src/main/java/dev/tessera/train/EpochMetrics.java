package dev.tessera.train;

import java.util.Locale;

/**
 * What one epoch measured. Losses are means over examples (each batch's mean loss weighted by its size);
 * accuracies are fractions of examples whose argmax output equals the INT32 label, NaN when the task is not
 * classification ({@code [N, C]} outputs against {@code [N]} labels); validation values are NaN without validation
 * data.
 *
 * @param epoch            the epoch's number, counted from 1
 * @param trainLoss        mean training loss over the epoch (as computed before each step)
 * @param trainAccuracy    training accuracy over the epoch
 * @param valLoss          mean validation loss after the epoch
 * @param valAccuracy      validation accuracy after the epoch
 * @param lr               the first group's learning rate at the end of the epoch
 * @param trainSamples     examples trained on
 * @param skippedSteps     batches skipped because their loss was not finite
 * @param seconds          wall time of the training phase
 * @param samplesPerSecond training throughput
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                           double lr, long trainSamples, int skippedSteps, double seconds, double samplesPerSecond) {
    /** The CSV header matching {@link #toCsvRow()}. */
    public static final String CSV_HEADER = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,train_samples,"
            + "skipped_steps,seconds,samples_per_second";

    /** One CSV row (exact doubles). */
    public String toCsvRow() {
        return epoch + "," + trainLoss + "," + trainAccuracy + "," + valLoss + "," + valAccuracy + "," + lr + ","
                + trainSamples + "," + skippedSteps + "," + seconds + "," + samplesPerSecond;
    }

    /** Parses a row written by {@link #toCsvRow()}. */
    public static EpochMetrics parseCsvRow(String row) {
        String[] f = row.split(",");
        if (f.length != 10) {
            throw new IllegalArgumentException("EpochMetrics: expected 10 fields, got " + f.length + " in '" + row
                    + "'");
        }
        return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Long.parseLong(f[6]),
                Integer.parseInt(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]));
    }

    /** A one-line summary, e.g. {@code epoch 3: loss 0.2841 acc 91.20% | val loss 0.3012 acc 90.55% | ...}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d: loss %.4f", epoch, trainLoss));
        if (!Double.isNaN(trainAccuracy)) {
            sb.append(String.format(Locale.ROOT, " acc %.2f%%", 100 * trainAccuracy));
        }
        if (!Double.isNaN(valLoss)) {
            sb.append(String.format(Locale.ROOT, " | val loss %.4f", valLoss));
            if (!Double.isNaN(valAccuracy)) {
                sb.append(String.format(Locale.ROOT, " acc %.2f%%", 100 * valAccuracy));
            }
        }
        sb.append(String.format(Locale.ROOT, " | lr %.3g | %.0f samples/s | %.1fs", lr, samplesPerSecond, seconds));
        if (skippedSteps > 0) {
            sb.append(" | skipped ").append(skippedSteps).append(" non-finite steps");
        }
        return sb.toString();
    }
}
