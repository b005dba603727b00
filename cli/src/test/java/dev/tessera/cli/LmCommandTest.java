package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.data.CharVocabulary;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code tessera lm} on a tiny corpus for each model kind, then {@code tessera sample} from its run. */
class LmCommandTest {
    /** A text with plenty of structure for a tiny model to pick up in a few dozen steps. */
    static final String TEXT = "the cat sat on the mat. the dog sat on the log. ".repeat(40);

    @TempDir
    Path dir;

    private Path corpus() throws Exception {
        return Files.writeString(dir.resolve("tiny.txt"), TEXT);
    }

    /** Runs {@link #args}. */
    private CliRun train(Path out, String model, String... extra) throws Exception {
        return CliRun.of(args(out, model, extra));
    }

    /** The arguments of {@code tessera lm} on the tiny corpus: 40 steps unless {@code extra} gives --steps. */
    private String[] args(Path out, String model, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("lm", "--corpus", corpus().toString(), "--model", model,
                "--embedding", "8", "--seq", "16", "--batch", "8", "--eval-every", "20", "--lr", "1e-2", "--device",
                "cpu", "--out", out.toString()));
        if (!List.of(extra).contains("--steps")) {
            args.addAll(List.of("--steps", "40"));
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /**
     * Trains {@code model} into {@code out} and checks that it succeeded and that its validation loss fell well below
     * ln 15, the loss of uniform guessing over the 15 symbols.
     */
    private CliRun trainsAndLearns(Path out, String model, String... extra) throws Exception {
        CliRun run = train(out, model, extra);
        assertEquals(0, run.code(), run::toString);
        double nats = Double.parseDouble(run.value("validation_nats_per_char"));
        assertTrue(nats < Math.log(15) - 0.5, model + ": the loss must fall well below ln 15: " + nats);
        return run;
    }

    private static double[] validationLosses(Path run) throws Exception {
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        return rows.stream().skip(1).mapToDouble(r -> Double.parseDouble(r.split(",")[3])).toArray();
    }

    @Test
    void lstmTrainsWritesItsFilesAndSamples() throws Exception {
        Path out = dir.resolve("lstm");
        CliRun run = trainsAndLearns(out, "lstm:32", "--clip-norm", "5");
        assertEquals("", run.err(), "no progress bar when not on a terminal");
        assertTrue(run.out().contains("lm lstm:32 on tiny.txt: 1728 training, 192 validation characters (11 windows "
                + "of 16), 15 symbols, on cpu"), run::toString);
        double[] val = validationLosses(out);
        assertEquals(2, val.length);
        assertEquals(val[1], Double.parseDouble(run.value("validation_nats_per_char")), 1e-4);
        assertEquals("completed", RunFolder.status(out));
        Images.assertPlot(out.resolve("curves.png"), Curves.WIDTH / 2, Curves.HEIGHT);
        assertEquals(40, Files.readAllLines(out.resolve(TrainCommand.STEP_LOG)).size());
        SafetensorsHeader header = Safetensors.readHeader(out.resolve(ModelFiles.WEIGHTS));
        assertEquals(List.of("embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
                "rnn.bias_hh_l0", "decoder.weight", "decoder.bias"),
                header.entries().stream().map(SafetensorsHeader.Entry::name).toList(), "PyTorch's names");
        assertEquals(15, CharVocabulary.load(out.resolve(LmFiles.VOCABULARY)).size());
        Map<String, String> config = ModelFiles.readConfig(out);
        assertEquals("lm", config.get("task"));
        assertEquals("lstm:32", config.get("model"));
        assertEquals("5.0", config.get("clip-norm"));

        CliRun a = CliRun.ok("sample", "--model", out.toString(), "--length", "60", "--temperature", "0.7", "--seed",
                "5", "--prompt", "the ", "--device", "cpu");
        CliRun b = CliRun.of("sample", "--model", out.toString(), "--length", "60", "--temperature", "0.7", "--seed",
                "5", "--prompt", "the ", "--device", "cpu");
        assertEquals(a.out(), b.out(), "the same seed gives the same text");
        String text = line(a);
        assertTrue(text.startsWith("the "), text);
        assertEquals(64, text.codePointCount(0, text.length()), "prompt and 60 characters");
        assertTrue(text.chars().allMatch(c -> TEXT.indexOf(c) >= 0), "only symbols of the training text: " + text);
        CliRun other = CliRun.of("sample", "--model", out.toString(), "--length", "60", "--temperature", "0.7",
                "--seed", "6", "--prompt", "the ", "--device", "cpu");
        assertNotEquals(a.out(), other.out(), "another seed gives another text");
    }

    @Test
    void gruTrainsAndTheLossFalls() throws Exception {
        Path out = dir.resolve("gru");
        trainsAndLearns(out, "gru:32");
        SafetensorsHeader header = Safetensors.readHeader(out.resolve(ModelFiles.WEIGHTS));
        assertEquals(3 * 32, header.entries().stream().filter(e -> e.name().equals("rnn.weight_ih_l0"))
                .findFirst().orElseThrow().shape()[0], "three gates");
    }

    @Test
    void causalTransformerTrainsAndSamplesGreedilyPastItsContext() throws Exception {
        Path out = dir.resolve("transformer");
        trainsAndLearns(out, "transformer:1,16,2");
        CliRun a = CliRun.of("sample", "--model", out.toString(), "--length", "40", "--temperature", "0",
                "--device", "cpu");
        CliRun b = CliRun.of("sample", "--model", out.toString(), "--length", "40", "--temperature", "0",
                "--device", "cpu");
        assertEquals(0, a.code(), a::toString);
        assertEquals(a.out(), b.out(), "greedy decoding needs no seed");
        assertEquals(40, line(a).codePointCount(0, line(a).length()), a.out());
    }

    /** The text printed, without the final line separator. */
    private static String line(CliRun run) {
        return run.out().substring(0, run.out().length() - System.lineSeparator().length());
    }

    @Test
    void aStopRequestSavesTheModelOfTheLastStep() throws Exception {
        Path out = dir.resolve("stopped");
        CliRun stopped = CliRun.stoppedAfter(out.resolve("metrics.csv"), 2, args(out, "lstm:16", "--steps", "100000"));
        assertEquals(StopSignal.EXIT_CODE, stopped.code(), "the run ended before the stop request\n" + stopped);
        assertEquals(1, stopped.errLines().size(), stopped::toString);
        assertTrue(stopped.errLines().get(0).matches("tessera lm: interrupted at step \\d+ of 100000; the model of "
                + "that step is in .*stopped"), stopped::toString);
        assertTrue(RunFolder.status(out).matches("interrupted at step \\d+ of 100000"), RunFolder.status(out));
        CliRun sample = CliRun.ok("sample", "--model", out.toString(), "--length", "5", "--seed", "1", "--device",
                "cpu");
    }

    @Test
    void badInputsAreOneLineErrors() throws Exception {
        Path c = corpus();
        assertOneLine(CliRun.of("lm", "--corpus", c.toString(), "--steps", "5", "--epochs", "1"),
                "tessera lm: give --steps or --epochs, not both");
        assertOneLine(CliRun.of("lm", "--corpus", c.toString(), "--model", "lstm"),
                "tessera lm: --model: 'lstm' needs 1 size after 'lstm:' (expected lstm:H, gru:H or "
                        + "transformer:LAYERS,DIM,HEADS with positive sizes and HEADS dividing DIM, e.g. lstm:256 or "
                        + "transformer:2,128,4)");
        assertOneLine(CliRun.of("lm", "--corpus", dir.resolve("none.txt").toString()),
                "tessera lm: " + dir.resolve("none.txt") + ": no such text file");
        assertOneLine(CliRun.of("lm", "--corpus", c.toString(), "--seq", "2000", "--device", "cpu"),
                "tessera lm: CharTextDataset: a text of 1920 characters split 1728 training / 192 validation "
                        + "(fraction 0.1) is too short for windows of 2001 characters (sequence length 2000 + 1 for "
                        + "the targets) in both parts");
        assertOneLine(CliRun.of("sample", "--model", dir.resolve("nothing").toString(), "--device", "cpu"),
                "tessera sample: " + dir.resolve("nothing").resolve("config.json") + ": no such file (--model "
                        + "expects the --out folder of a 'tessera lm' run)");
        assertOneLine(CliRun.of("sample", "--model", dir.toString(), "--length", "0"),
                "tessera sample: --length must be >= 1, got 0");
        assertOneLine(CliRun.of("sample", "--model", dir.toString(), "--temperature", "-0.5"),
                "tessera sample: --temperature must be 0 (greedy) or a finite number > 0, got -0.5");
    }

    private static void assertOneLine(CliRun run, String expected) {
        assertEquals(1, run.code(), run::toString);
        assertEquals(List.of(expected), run.errLines(), run::toString);
    }
}
