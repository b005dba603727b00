package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.cli.plot.Figure;
import dev.tessera.cli.plot.LineChart;
import dev.tessera.cli.plot.Palette;
import dev.tessera.optim.schedule.LrFinder;
import dev.tessera.optim.schedule.LrFinderResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera lr-find}: the learning-rate range test on the model, data and optimizer that the training options
 * describe: one mini-batch per rate while the rate grows exponentially, stopping when the loss diverges; prints the
 * suggested rate (steepest descent of the smoothed loss) and writes lr_find.csv and lr_find.png.
 *
 * <p>Ctrl-C or SIGTERM ends the sweep before the next mini-batch: the curve recorded so far is written (lr_find.csv,
 * and lr_find.png when it has two points or more), one line says how far the sweep got, and the exit status is
 * {@value StopSignal#EXIT_CODE}.
 */
@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false, description = {"Learning-rate range test: prints suggested_lr=... "
        + "and writes lr_find.csv and lr_find.png. Takes the options of 'train'.",
    "Example: tessera lr-find --optimizer sgd --min-lr 1e-5 --max-lr 10"})
final class LrFindCommand extends StoppableCommand {
    @Mixin
    TrainOptions options;

    @Option(names = "--min-lr", defaultValue = "1e-7", paramLabel = "RATE",
            description = "first rate of the sweep (default: ${DEFAULT-VALUE})")
    double minLr;

    @Option(names = "--max-lr", defaultValue = "10", paramLabel = "RATE",
            description = "last rate of the sweep (default: ${DEFAULT-VALUE})")
    double maxLr;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "N",
            description = "mini-batches in the sweep (default: ${DEFAULT-VALUE})")
    int steps;

    @Mixin
    OutputFolder out;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    int run() throws Exception {
        options.validate();
        Checks.positive("--min-lr", minLr);
        if (!(maxLr > minLr) || Double.isInfinite(maxLr)) {
            throw new IllegalArgumentException("--max-lr must be a finite rate above --min-lr " + minLr + ", got "
                    + maxLr);
        }
        Checks.atLeast("--steps", steps, 3);
        DataSpec.Loaded data = DataSpec.parse(options.dataset).load(null, options.nanPolicy());
        Device device = deviceOptions.open();
        try (Scope scope = Scope.open(); TrainingRun run = new TrainingRun(options, device, data)) {
            io.out().printf(Locale.ROOT, "lr range test of %s with %s on %s: %.3g to %.3g over %d mini-batches of %d,"
                    + " on %s%n", options.model, options.optimizer, data.name(), minLr, maxLr, steps,
                    options.batchSize, device);
            LrFinderResult r = run.trainer.findLr(run.trainBatches, new LrFinder(minLr, maxLr, steps, 0.98, 4),
                    StopSignal::requested);
            AtomicFiles.write(out.resolve("lr_find.csv"), r.toCsv());
            String title = data.name() + " " + options.model + ", " + options.optimizer;
            if (r.stopped()) {
                return interrupted(r, title);
            }
            plot(r, title, out.resolve("lr_find.png"));
            io.out().printf(Locale.ROOT, "%d rates tried%s; lowest smoothed loss at lr %.4g%n", r.points().size(),
                    r.diverged() ? " (stopped: the loss diverged)" : "", r.minimumLossLr());
            io.out().println("wrote lr_find.csv and lr_find.png to " + out);
            if (Double.isNaN(r.suggestedLr())) {
                throw new IllegalStateException("the sweep recorded too few rates to suggest one (" + r.points().size()
                        + "); widen --min-lr/--max-lr or raise --steps");
            }
            io.out().printf(Locale.ROOT, "suggested_lr=%.4g%n", r.suggestedLr());
        }
        return 0;
    }

    /** After a stop request (the partial curve is written): draws it when it can and says how far the sweep got. */
    private int interrupted(LrFinderResult r, String title) throws java.io.IOException {
        String files = "lr_find.csv";
        Path png = out.resolve("lr_find.png");
        if (r.points().size() >= 2) {
            plot(r, title, png);
            files += " and lr_find.png";
        } else {
            Files.deleteIfExists(png);
        }
        io.err().printf(Locale.ROOT, "tessera lr-find: interrupted after %d of %d rates; the partial curve is in %s "
                + "in %s%n", r.points().size(), steps, files, out.dir);
        return StopSignal.EXIT_CODE;
    }

    private static void plot(LrFinderResult r, String title, Path path) throws java.io.IOException {
        List<LrFinderResult.Point> p = r.points();
        double[] lr = new double[p.size()];
        double[] loss = new double[p.size()];
        double[] smooth = new double[p.size()];
        for (int i = 0; i < p.size(); i++) {
            lr[i] = p.get(i).lr();
            loss[i] = p.get(i).loss();
            smooth[i] = p.get(i).smoothedLoss();
        }
        LineChart chart = new LineChart("learning-rate range test: " + title, "learning rate (log scale)",
                "training loss").logX(true)
                .series("loss per mini-batch", lr, loss, Palette.color(7), false)
                .series("smoothed loss", lr, smooth, Palette.color(0), false);
        // the y axis spans the smoothed curve and the lowest raw loss; raw spikes after divergence are clipped
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < smooth.length; i++) {
            low = Math.min(low, Math.min(smooth[i], loss[i]));
            high = Math.max(high, smooth[i]);
        }
        if (low < high) {
            double pad = 0.15 * (high - low);
            chart.yRange(Math.max(0, low - pad), high + pad);
        }
        if (!Double.isNaN(r.suggestedLr())) {
            chart.marker(r.suggestedLr(), String.format(Locale.ROOT, "suggested %.3g", r.suggestedLr()),
                    Palette.color(3));
        }
        Figure.writePng(Figure.row(1000, 600, chart), path);
    }
}
