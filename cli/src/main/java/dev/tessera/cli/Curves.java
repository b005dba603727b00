package dev.tessera.cli;

import dev.tessera.cli.plot.Figure;
import dev.tessera.cli.plot.LineChart;
import dev.tessera.cli.plot.Palette;
import dev.tessera.train.EpochMetrics;
import dev.tessera.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code curves.png}: loss and accuracy per epoch, training (solid) and validation (dashed), side by side; the loss
 * alone when no epoch has an accuracy (a task that is not classification, such as {@code tessera lm}).
 */
final class Curves {
    /** Image width in pixels. */
    static final int WIDTH = 1300;
    /** Image height in pixels. */
    static final int HEIGHT = 520;

    private Curves() {
    }

    /** Draws {@code history} into {@code path}. */
    static void write(TrainingHistory history, String title, Path path) throws IOException {
        List<EpochMetrics> epochs = history.epochs();
        int n = epochs.size();
        double[] x = new double[n];
        double[] trainLoss = new double[n];
        double[] valLoss = new double[n];
        double[] trainAcc = new double[n];
        double[] valAcc = new double[n];
        for (int i = 0; i < n; i++) {
            EpochMetrics m = epochs.get(i);
            x[i] = m.epoch() + 1;
            trainLoss[i] = m.trainLoss();
            valLoss[i] = m.valLoss();
            trainAcc[i] = m.trainAccuracy();
            valAcc[i] = m.valAccuracy();
        }
        LineChart loss = new LineChart(title + ": loss", "epoch", "mean loss").integerX(true)
                .series("training", x, trainLoss, Palette.color(0), false);
        LineChart acc = new LineChart(title + ": accuracy", "epoch", "accuracy").integerX(true)
                .series("training", x, trainAcc, Palette.color(0), false);
        if (hasFinite(valLoss)) {
            loss.series("validation", x, valLoss, Palette.color(1), true);
            acc.series("validation", x, valAcc, Palette.color(1), true);
        }
        acc.legendBelow(true);
        if (history.bestEpoch() >= 0) {
            loss.marker(history.bestEpoch() + 1, "best epoch (kept)", Palette.color(2));
        }
        Figure.writePng(hasFinite(trainAcc) ? Figure.row(WIDTH, HEIGHT, loss, acc) : Figure.row(WIDTH / 2, HEIGHT, loss),
                path);
    }

    private static boolean hasFinite(double[] v) {
        for (double d : v) {
            if (Double.isFinite(d)) {
                return true;
            }
        }
        return false;
    }
}
