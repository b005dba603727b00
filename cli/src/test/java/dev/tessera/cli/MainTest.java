package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to any command: a non-zero exit status and one line on stderr saying what is wrong. */
class MainTest {
    @TempDir
    Path dir;

    private void assertOneLine(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertTrue(r.code() != 0, () -> "exit status 0 for " + String.join(" ", args));
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "one error line for " + String.join(" ", args) + ", got:\n" + r.err());
        String prefix = args[0].startsWith("-") || args[0].equals("nonsense") ? "tessera: " : "tessera " + args[0] + ": ";
        assertTrue(lines.get(0).startsWith(prefix), lines.get(0));
        assertTrue(lines.get(0).contains(expected), () -> "'" + expected + "' not in: " + lines.get(0));
    }

    @Test
    void badTrainingInputIsOneClearLine() {
        String out = dir.resolve("o").toString();
        assertOneLine("unknown dataset 'mnist' (expected digits, fashion-mnist[:DIR], idx:DIR or csv:FILE)",
                "train", "--dataset", "mnist", "--out", out);
        assertOneLine("the folder does not exist", "train", "--dataset", "idx:" + dir.resolve("none"), "--out", out);
        assertOneLine("the file does not exist", "train", "--dataset", "csv:" + dir.resolve("x.csv"), "--out", out);
        assertOneLine("Fashion-MNIST not found", "train", "--dataset", "fashion-mnist:" + dir.resolve("f"),
                "--out", out);
        assertOneLine("--model: 'x' in 'mlp:12,x' is not a width", "train", "--model", "mlp:12,x", "--out", out);
        assertOneLine("--model: unknown model 'resnet:18'", "train", "--model", "resnet:18", "--out", out);
        assertOneLine("--model: 'x' in 'cnn:8,x' is not a channel count", "train", "--model", "cnn:8,x", "--out",
                out);
        assertOneLine("--lr must be a finite number > 0, got -1.0", "train", "--lr", "-1", "--out", out);
        assertOneLine("--dropout must be in [0.0, 1.0), got 1.5", "train", "--dropout", "1.5", "--out", out);
        assertOneLine("--label-smoothing must be in [0.0, 1.0], got 2.0", "train", "--label-smoothing", "2",
                "--out", out);
        assertOneLine("unknown optimizer 'lbfgs'", "train", "--optimizer", "lbfgs", "--out", out);
        assertOneLine("unknown schedule 'warm'", "train", "--schedule", "warm", "--out", out);
        assertOneLine("unknown activation 'relu6'", "train", "--activation", "relu6", "--out", out);
        assertOneLine("--epochs must be >= 1, got 0", "train", "--epochs", "0", "--out", out);
        assertOneLine("--batch-size must be >= 1, got -3", "train", "--batch-size", "-3", "--out", out);
        assertOneLine("--early-stopping watches the validation loss", "train", "--early-stopping", "2",
                "--val-fraction", "0", "--out", out);
        assertOneLine("'abc' is not an int", "train", "--epochs", "abc");
        assertOneLine("Unknown option: '--colour'", "train", "--colour");
        assertOneLine("no backend named 'tpu'", "train", "--device", "tpu:0", "--out", out);
    }

    @Test
    void badInputToTheOtherCommandsIsOneClearLine() {
        assertOneLine("no config.json in", "evaluate", "--model", dir.resolve("nothing").toString());
        assertOneLine("Missing required option: '--model=DIR'", "evaluate");
        assertOneLine("--max-lr must be a finite rate above --min-lr", "lr-find", "--min-lr", "1", "--max-lr",
                "0.5");
        assertOneLine("--param: unknown training option 'colour'", "search", "--param", "colour=log:1:2");
        assertOneLine("unknown kind 'normal'", "search", "--param", "lr=normal:1:2");
        assertOneLine("the grid has 6 points but --trials is 2", "search", "--strategy", "grid", "--trials", "2");
        assertOneLine("unknown strategy 'annealing'", "search", "--strategy", "annealing");
        assertOneLine("--components must be >= 1, got 0", "gmm", "--components", "0");
        assertOneLine("unknown covariance type 'round'", "gmm", "--covariance", "round");
        assertOneLine("unknown normalization 'l2'", "pca", "--normalize", "l2");
        assertOneLine("Unmatched argument", "nonsense");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[]{"train", "evaluate", "lr-find", "search", "devices", "gmm", "pca"}) {
            CliRun r = CliRun.ok(cmd, "--help");
            assertTrue(r.out().startsWith("Usage: tessera " + cmd), r::toString);
            assertTrue(r.out().contains("Example: tessera " + cmd), r::toString);
        }
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun r = CliRun.of("train", "--dataset", "mnist", "--debug");
        assertEquals(1, r.code());
        assertTrue(r.errLines().size() > 3, r::toString);
        assertTrue(r.err().contains("at dev.tessera.cli.DataSpec.parse"), r::toString);
    }
}
