package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.cli.plot.Figure;
import dev.tessera.cli.plot.ScatterChart;
import dev.tessera.data.Batch;
import dev.tessera.stats.CovarianceType;
import dev.tessera.stats.GaussianMixture;
import dev.tessera.stats.GaussianMixtureOptions;
import dev.tessera.stats.Pca;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera gmm}: fits a Gaussian mixture by EM to a dataset's examples (training and test parts together),
 * optionally after reducing them to their leading principal components; prints convergence, the log-likelihood
 * per example, BIC, AIC, the parameter count, the mixing weights and how well the components match the classes
 * (purity: the fraction of examples whose component's most common class is their own); writes {@code gmm.png}, the
 * examples on their first two principal components coloured by component (with the projected means) and by class.
 */
@Command(name = "gmm", mixinStandardHelpOptions = true, sortOptions = false, description = {"Fit a Gaussian mixture by EM: log-likelihood, BIC, AIC, "
        + "and a 2-D projection coloured by component (gmm.png).",
    "Example: tessera gmm --dataset digits --components 10 --covariance diag --pca 16"})
final class GmmCommand extends IoCommand {
    @Option(names = "--dataset", defaultValue = "digits", paramLabel = "DATA",
            description = "digits, fashion-mnist[:DIR], idx:DIR or csv:FILE (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--components", defaultValue = "10", paramLabel = "K",
            description = "mixture components (default: ${DEFAULT-VALUE})")
    int components;

    @Option(names = "--covariance", defaultValue = "full", paramLabel = "TYPE",
            description = "full, tied, diag or spherical (default: ${DEFAULT-VALUE})")
    String covariance;

    @Option(names = "--pca", defaultValue = "0", paramLabel = "D",
            description = "fit on the D leading principal components instead of the raw features (default: 0 = off)")
    int pcaDims;

    @Option(names = "--normalize", defaultValue = "none", paramLabel = "KIND",
            description = "none, z-score, min-max or min-max-symmetric before fitting (default: ${DEFAULT-VALUE})")
    String normalize;

    @Option(names = "--max-iter", defaultValue = "100", paramLabel = "N",
            description = "EM iterations at most (default: ${DEFAULT-VALUE})")
    int maxIterations;

    @Option(names = "--tol", defaultValue = "1e-3", paramLabel = "T",
            description = "stop when the log-likelihood per example changes less (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--reg-covar", defaultValue = "1e-6", paramLabel = "R",
            description = "added to covariance diagonals (default: ${DEFAULT-VALUE})")
    double regCovar;

    @Option(names = "--init", defaultValue = "kmeans", paramLabel = "METHOD",
            description = "kmeans or kmeans++ (default: ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the initialisation (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    OutputFolder out;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        CovarianceType type = parseCovariance();
        GaussianMixtureOptions.Init start = switch (init.toLowerCase(Locale.ROOT)) {
            case "kmeans", "k-means" -> GaussianMixtureOptions.Init.KMEANS;
            case "kmeans++", "k-means++" -> GaussianMixtureOptions.Init.KMEANS_PLUS_PLUS;
            default -> throw new IllegalArgumentException("--init: unknown method '" + init
                    + "' (expected kmeans or kmeans++)");
        };
        if (pcaDims < 0) {
            throw new IllegalArgumentException("--pca must be >= 0 (0: no reduction), got " + pcaDims);
        }
        Checks.atLeast("--components", components, 1);
        Checks.atLeast("--max-iter", maxIterations, 1);
        Checks.nonNegative("--tol", tolerance);
        Checks.nonNegative("--reg-covar", regCovar);
        GaussianMixtureOptions options = new GaussianMixtureOptions(components).covarianceType(type)
                .tolerance(tolerance).regCovar(regCovar).maxIterations(maxIterations).init(start).seed(seed);
        Normalization norm = Normalization.parse(normalize);
        DataSpec.Loaded data = DataSpec.parse(dataset).load();
        Device device = deviceOptions.open();
        DType dtype = DeviceOptions.widest(device);
        options.dtype(dtype);
        try (Scope scope = Scope.open()) {
            Batch all = DataTensors.both(data, dtype, device);
            Tensor x = norm.fitTransform(all.features());
            int n = x.size(0);
            if (pcaDims > x.size(1)) {
                throw new IllegalArgumentException("--pca: the data has " + x.size(1) + " features, cannot keep "
                        + pcaDims);
            }
            Pca reducer = pcaDims > 0 ? Pca.fit(x, pcaDims) : null;
            Tensor fitted = reducer != null ? reducer.transform(x) : x;
            if (x.size(1) < 2) {
                throw new IllegalArgumentException("gmm: the 2-D projection needs at least 2 features, the data has "
                        + x.size(1));
            }
            if (components > n) {
                throw new IllegalArgumentException("--components: " + components + " components need at least as "
                        + "many examples, the data has " + n);
            }
            long t0 = System.nanoTime();
            GaussianMixture gmm = GaussianMixture.fit(fitted, options);
            double seconds = (System.nanoTime() - t0) / 1e9;
            int[] comp = gmm.predict(fitted).toIntArray();
            int[] labels = all.targets().toIntArray();
            io.out().printf(Locale.ROOT, "gmm of %s: %d examples, %d features%s%s, on %s%n", data.name(), n,
                    fitted.size(1), norm.describe(), pcaDims > 0 ? " (leading principal components)" : "", device);
            io.out().printf(Locale.ROOT, "%d %s components: %s after %d EM iterations in %.2f s%n", components,
                    type.id(), gmm.converged() ? "converged" : "not converged", gmm.iterations(), seconds);
            io.out().printf(Locale.ROOT, "log_likelihood_per_example=%.6f%n", gmm.score(fitted));
            io.out().printf(Locale.ROOT, "bic=%.4f%n", gmm.bic(fitted));
            io.out().printf(Locale.ROOT, "aic=%.4f%n", gmm.aic(fitted));
            io.out().printf(Locale.ROOT, "parameters=%d%n", gmm.parameterCount());
            io.out().printf(Locale.ROOT, "purity=%.4f%n", purity(comp, labels, components, data.classes()));
            StringBuilder w = new StringBuilder("weights:");
            for (double v : gmm.weights().toDoubleArray()) {
                w.append(String.format(Locale.ROOT, " %.4f", v));
            }
            io.out().println(w);
            plot(data, x, reducer, gmm, comp, labels);
        }
        return 0;
    }

    private CovarianceType parseCovariance() {
        try {
            return CovarianceType.fromId(covariance);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--covariance: " + e.getMessage(), e);
        }
    }

    /** Fraction of examples whose component's most common class equals their class. */
    static double purity(int[] component, int[] label, int components, int classes) {
        int[][] counts = new int[components][classes];
        for (int i = 0; i < component.length; i++) {
            counts[component[i]][label[i]]++;
        }
        long right = 0;
        for (int[] row : counts) {
            int best = 0;
            for (int c : row) {
                best = Math.max(best, c);
            }
            right += best;
        }
        return component.length == 0 ? Double.NaN : (double) right / component.length;
    }

    private void plot(DataSpec.Loaded data, Tensor x, Pca reducer, GaussianMixture gmm, int[] comp, int[] labels)
            throws java.io.IOException {
        Pca pca = Pca.fit(x, 2);
        PcaPlane plane = PcaPlane.of(pca, x);
        List<String> names = new ArrayList<>();
        for (int k = 0; k < components; k++) {
            names.add("component " + (k + 1));
        }
        ScatterChart byComponent = new ScatterChart(data.name() + ": Gaussian mixture components", "PC1", "PC2",
                plane.x(), plane.y(), comp, names);
        Tensor means = gmm.means();
        Tensor meansInFeatures = reducer != null ? reducer.inverseTransform(means.to(x.dtype())) : means.to(x.dtype());
        PcaPlane centers = PcaPlane.of(pca, meansInFeatures);
        for (int k = 0; k < components; k++) {
            byComponent.center(centers.x()[k], centers.y()[k], k);
        }
        ScatterChart byClass = new ScatterChart(data.name() + ": classes", "PC1", "PC2", plane.x(), plane.y(),
                labels, data.classNames());
        Path png = out.resolve("gmm.png");
        Figure.writePng(Figure.row(1400, 620, byComponent, byClass), png);
        io.out().println("wrote " + png);
    }
}
