package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.cli.plot.Figure;
import dev.tessera.cli.plot.LineChart;
import dev.tessera.cli.plot.Palette;
import dev.tessera.cli.plot.ScatterChart;
import dev.tessera.data.Batch;
import dev.tessera.stats.Pca;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera pca}: principal component analysis of a dataset's examples (training and test parts together):
 * prints each leading component's variance and share, and how many components keep 80/90/95/99% of the variance;
 * writes {@code pca.png}, the examples projected on the first two components coloured by class, next to the
 * cumulative explained-variance curve.
 */
@Command(name = "pca", mixinStandardHelpOptions = true, sortOptions = false, description = {"Principal component analysis of a dataset: explained "
        + "variance, and a 2-D projection coloured by class (pca.png).",
    "Example: tessera pca --dataset digits --out runs/pca"})
final class PcaCommand extends IoCommand {
    @Option(names = "--dataset", defaultValue = "digits", paramLabel = "DATA",
            description = "digits, fashion-mnist[:DIR], idx:DIR or csv:FILE (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--components", defaultValue = "10", paramLabel = "K",
            description = "leading components to list (default: ${DEFAULT-VALUE})")
    int components;

    @Option(names = "--normalize", defaultValue = "none", paramLabel = "KIND",
            description = "none, z-score, min-max or min-max-symmetric before the analysis (default: ${DEFAULT-VALUE})")
    String normalize;

    @Mixin
    OutputFolder out;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        Checks.atLeast("--components", components, 1);
        Normalization norm = Normalization.parse(normalize);
        DataSpec.Loaded data = DataSpec.parse(dataset).load();
        Device device = deviceOptions.open();
        DType type = DeviceOptions.widest(device);
        try (Scope scope = Scope.open()) {
            Batch all = DataTensors.both(data, type, device);
            Tensor x = norm.fitTransform(all.features());
            int n = x.size(0);
            int d = x.size(1);
            Pca pca = Pca.fit(x);
            double[] var = pca.explainedVariance();
            double[] ratio = pca.explainedVarianceRatio();
            io.out().printf(Locale.ROOT, "pca of %s: %d examples, %d features%s, on %s%n", data.name(), n, d,
                    norm.describe(), device);
            io.out().println("component  variance      ratio   cumulative");
            double[] cumulative = new double[d];
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += ratio[j];
                cumulative[j] = sum;
            }
            for (int j = 0; j < Math.min(components, d); j++) {
                io.out().printf(Locale.ROOT, "%9d  %12.6g  %.4f  %.4f%n", j + 1, var[j], ratio[j], cumulative[j]);
            }
            StringBuilder keep = new StringBuilder("components for 80/90/95/99% of the variance:");
            for (double level : new double[]{0.80, 0.90, 0.95, 0.99}) {
                int k = 0;
                while (k < d - 1 && cumulative[k] < level) {
                    k++;
                }
                keep.append(' ').append(k + 1);
            }
            io.out().println(keep);
            if (d < 2) {
                throw new IllegalArgumentException("pca: a 2-D projection needs at least 2 features, the data has " + d);
            }
            PcaPlane plane = PcaPlane.of(pca, x);
            int[] labels = all.targets().toIntArray();
            ScatterChart scatter = new ScatterChart(data.name() + ": first two principal components",
                    String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", 100 * ratio[0]),
                    String.format(Locale.ROOT, "PC2 (%.1f%% of variance)", 100 * ratio[1]), plane.x(), plane.y(),
                    labels, data.classNames());
            double[] index = new double[d];
            for (int j = 0; j < d; j++) {
                index[j] = j + 1;
            }
            LineChart curve = new LineChart("cumulative explained variance", "components", "fraction of variance")
                    .integerX(true)
                    .series("cumulative", index, cumulative, Palette.color(0), false)
                    .series("per component", index, ratio, Palette.color(1), true);
            curve.legendBelow(true);
            Path png = out.resolve("pca.png");
            Figure.writePng(Figure.row(1400, 620, scatter, curve), png);
            io.out().println("wrote " + png);
        }
        return 0;
    }
}
