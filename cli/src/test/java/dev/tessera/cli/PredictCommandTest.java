package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.io.Npy;
import dev.tessera.io.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tessera predict} on CSV, NPY and IDX input, checked against the training run's own test accuracy. */
class PredictCommandTest extends TrainedDigitsTest {
    @Test
    void labeledCsvReproducesTheTestAccuracyAndWritesOneLinePerExample() throws Exception {
        Path csv = run.csv(root.resolve("labeled.csv"), "label", null);
        Path out = root.resolve("preds.csv");
        CliRun predict = CliRun.ok("predict", "--model", run.dir().toString(), "--input", csv.toString(),
                "--output", out.toString(), "--device", "cpu");
        assertEquals(run.train().value("test_accuracy"), predict.value("accuracy"));
        List<String> lines = Files.readAllLines(out);
        assertEquals(run.size() + 1, lines.size());
        assertEquals("class,label,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9", lines.get(0));
        long correct = 0;
        for (int i = 0; i < run.size(); i++) {
            String[] f = lines.get(i + 1).split(",");
            assertEquals(Integer.toString(run.labels()[i]), f[1], "the label column is the example's label");
            double sum = 0;
            int best = 0;
            for (int k = 0; k < 10; k++) {
                double p = Double.parseDouble(f[2 + k]);
                assertTrue(p >= 0 && p <= 1, lines.get(i + 1));
                sum += p;
                best = p > Double.parseDouble(f[2 + best]) ? k : best;
            }
            assertEquals(1, sum, 1e-5, "probabilities sum to 1");
            assertEquals(Integer.toString(best), f[0], "the class is the most probable one");
            correct += f[0].equals(f[1]) ? 1 : 0;
        }
        assertEquals(Double.parseDouble(predict.value("accuracy")), (double) correct / run.size(), 1e-4);
    }

    @Test
    void unlabeledCsvNpyAndIdxGiveTheSamePredictions() throws Exception {
        Path labeled = root.resolve("a.csv");
        CliRun.of("predict", "--model", run.dir().toString(), "--input",
                run.csv(root.resolve("l.csv"), "label", null).toString(), "--output", labeled.toString());
        List<String> expected = Files.readAllLines(labeled).stream().skip(1)
                .map(l -> l.replaceFirst(",[^,]*", "")).toList();

        CliRun csv = CliRun.ok("predict", "--model", run.dir().toString(), "--input",
                run.csv(root.resolve("u.csv"), null, null).toString());
        List<String> stdout = csv.out().lines().toList();
        assertEquals("class,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9", stdout.get(0));
        PredictionRows.assertSame(expected, stdout.subList(1, stdout.size()), "unlabeled CSV");

        Path npy = root.resolve("x.npy");
        Npy.write(npy, NpyArray.of(run.features(), run.size(), 8, 8));
        CliRun fromNpy = CliRun.ok("predict", "--model", run.dir().toString(), "--input", npy.toString());
        PredictionRows.assertSame(expected, fromNpy.out().lines().skip(1).toList(), "npy");

        Path idx = run.idx(root.resolve("idx"));
        Path out = root.resolve("idx.csv");
        CliRun fromIdx = CliRun.ok("predict", "--model", run.dir().toString(), "--input", "idx:" + idx,
                "--output", out.toString());
        assertEquals(run.train().value("test_accuracy"), fromIdx.value("accuracy"));
    }

    @Test
    void aWrongFeatureCountIsOneLineNamingBoth() throws Exception {
        Path csv = root.resolve("narrow.csv");
        Files.writeString(csv, "a,b,c\n1,2,3\n");
        CliRun bad = CliRun.of("predict", "--model", run.dir().toString(), "--input", csv.toString());
        assertEquals(1, bad.code(), bad::toString);
        assertEquals(List.of("tessera predict: --input " + csv + " has 3 columns but the model takes 64 features "
                + "(expected 64 feature columns, optionally followed by the label)"), bad.errLines());

        Path npy = root.resolve("narrow.npy");
        Npy.write(npy, NpyArray.of(new float[10], 2, 5));
        CliRun badNpy = CliRun.of("predict", "--model", run.dir().toString(), "--input", npy.toString());
        assertEquals(List.of("tessera predict: --input " + npy + " has shape [2, 5], 5 features per example, but "
                + "the model takes 64 features (expected [N, 64])"), badNpy.errLines());
    }

    @Test
    void labelNamesTheModelDoesNotKnowAreOneLineNamingBoth() throws Exception {
        String[] names = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        Path csv = run.csv(root.resolve("named.csv"), "digit", names);
        CliRun bad = CliRun.of("predict", "--model", run.dir().toString(), "--input", csv.toString());
        assertEquals(1, bad.code(), bad::toString);
        assertEquals(1, bad.errLines().size(), bad::toString);
        assertTrue(bad.errLines().get(0).startsWith("tessera predict: --input " + csv + " has labels [eight, five, "),
                bad::toString);
        assertTrue(bad.errLines().get(0).contains("but the model's classes are [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"),
                bad::toString);
    }

    @Test
    void csvFieldsAreQuotedWhenNeeded() {
        assertEquals("cat", PredictCommand.field("cat"));
        assertEquals("\"a,b\"", PredictCommand.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", PredictCommand.field("say \"hi\""));
        assertEquals("\" x\"", PredictCommand.field(" x"));
    }
}
