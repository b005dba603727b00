package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code tessera pca}, {@code tessera gmm} and {@code tessera devices}. */
class StatsCommandsTest {
    @TempDir
    Path dir;

    @Test
    void pcaOfTheDigitsMatchesScikitLearnAndDrawsTheProjection() throws Exception {
        CliRun r = CliRun.ok("pca", "--components", "3", "--device", "cpu", "--out", dir.toString());
        // scikit-learn: PCA().fit(load_digits().data).explained_variance_ratio_[:2] = 0.14890594, 0.13618771
        assertTrue(r.out().contains("        1       179.007  0.1489  0.1489"), r::toString);
        assertTrue(r.out().contains("        2       163.718  0.1362  0.2851"), r::toString);
        assertTrue(r.out().contains("components for 80/90/95/99% of the variance: 13 21 29 41"), r::toString);
        Images.assertPlot(dir.resolve("pca.png"), 1400, 620);
    }

    @Test
    void gmmPrintsTheKeyNumbersAndDrawsTheComponents() throws Exception {
        CliRun r = CliRun.ok("gmm", "--components", "10", "--covariance", "diag", "--pca", "10", "--device", "cpu",
                "--out", dir.toString());
        double ll = Double.parseDouble(r.value("log_likelihood_per_example"));
        double bic = Double.parseDouble(r.value("bic"));
        double aic = Double.parseDouble(r.value("aic"));
        long p = Long.parseLong(r.value("parameters"));
        assertEquals(10 * 10 + 10 * 10 + 9, p, "diagonal: K d variances, K d means, K - 1 weights");
        assertEquals(-2 * ll * 1797 + p * Math.log(1797), bic, 1e-3 * Math.abs(bic));
        assertEquals(-2 * ll * 1797 + 2 * p, aic, 1e-3 * Math.abs(aic));
        double purity = Double.parseDouble(r.value("purity"));
        assertTrue(purity > 0.5 && purity <= 1, "purity " + purity);
        Images.assertPlot(dir.resolve("gmm.png"), 1400, 620);
    }

    @Test
    void purityCountsTheMajorityClassOfEachComponent() {
        int[] comp = {0, 0, 0, 1, 1, 2};
        int[] label = {3, 3, 1, 2, 2, 0};
        assertEquals(5.0 / 6, GmmCommand.purity(comp, label, 3, 4), 1e-15);
    }

    @Test
    void devicesListsTheCpu() {
        CliRun r = CliRun.ok("devices");
        assertTrue(r.out().startsWith("cpu") || r.out().contains("\ncpu "), r::toString);
    }
}
