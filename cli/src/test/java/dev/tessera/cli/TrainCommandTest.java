package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code tessera train} on tiny settings, its files, and {@code tessera evaluate} reproducing it. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsWritesEveryFileAndEvaluateReproducesTheTestAccuracy() throws Exception {
        Path out = dir.resolve("run");
        CliRun train = CliRun.ok("train", "--model", "mlp:32", "--epochs", "3", "--batch-size", "64", "--lr", "1e-2",
                "--schedule", "cosine", "--warmup", "5", "--device", "cpu", "--out", out.toString());
        assertTrue(train.out().contains("[3/3] epoch 3: loss"), train::toString);
        assertTrue(train.out().contains("samples/s"), train::toString);
        assertEquals("", train.err(), "no progress bar when not on a terminal");
        double accuracy = Double.parseDouble(train.value("test_accuracy"));
        assertTrue(accuracy > 0.8 && accuracy <= 1, "3 epochs on digits: " + accuracy);

        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(4, metrics.size(), "header and one row per epoch");
        assertTrue(metrics.get(0).startsWith("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr"));
        assertEquals(List.of("1", "2", "3"), metrics.subList(1, 4).stream().map(l -> l.split(",")[0]).toList(),
                "epochs numbered from 1, as on the console");
        assertTrue(train.out().contains("[1/3] epoch 1: loss"), train::toString);
        Images.assertPlot(out.resolve("curves.png"), Curves.WIDTH, Curves.HEIGHT);
        List<String> steps = Files.readAllLines(out.resolve(TrainCommand.STEP_LOG));
        int perEpoch = (int) Math.ceil(1437 * 0.9 / 64);
        assertTrue(steps.size() >= 3 * (perEpoch - 1) && steps.size() <= 3 * (perEpoch + 1), "steps: " + steps.size());
        for (int i = 0; i < steps.size(); i++) {
            String line = steps.get(i);
            assertTrue(line.startsWith("{\"step\":" + i + ",\"epoch\":" + (i == 0 ? "1," : "")), line);
            assertTrue(line.matches(".*\"loss\":[0-9.E-]+,\"lr\":[0-9.E-]+,\"grad_norm\":"
                    + (i % TrainCommand.GRADIENT_NORM_EVERY == 0 ? "[0-9.E-]+" : "null") + ",.*"), line);
        }
        SafetensorsHeader header = Safetensors.readHeader(out.resolve("model.safetensors"));
        List<String> names = header.entries().stream().map(SafetensorsHeader.Entry::name).toList();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), names, "the state dict and nothing else");
        SafetensorsHeader norm = Safetensors.readHeader(out.resolve(ModelFiles.NORMALIZER_FILE));
        assertEquals(List.of("mean", "std"), norm.entries().stream().map(SafetensorsHeader.Entry::name).toList());
        assertEquals("z-score", norm.metadata().get("kind"));
        assertEquals(LabelMap.numbered(10), LabelMap.load(out, 10));
        assertTrue(Files.exists(out.resolve(LabelMap.FILE)));
        Map<String, String> config = FlatJson.read(Files.readString(out.resolve("config.json")), "config.json");
        assertEquals("mlp:32", config.get("model"));
        assertEquals("cosine", config.get("schedule"));
        assertEquals("64", config.get("features"));

        CliRun eval = CliRun.ok("evaluate", "--model", out.toString(), "--device", "cpu");
        assertEquals(train.value("test_accuracy"), eval.value("test_accuracy"));
        assertEquals(train.value("test_loss"), eval.value("test_loss"));
        List<String> confusion = Files.readAllLines(out.resolve(EvaluateCommand.CONFUSION_CSV));
        assertEquals(11, confusion.size(), "header and one row per class");
        long total = 0;
        long diagonal = 0;
        for (int i = 1; i <= 10; i++) {
            String[] f = confusion.get(i).split(",");
            assertEquals(Integer.toString(i - 1), f[0]);
            for (int j = 1; j <= 10; j++) {
                total += Long.parseLong(f[j]);
                diagonal += i == j ? Long.parseLong(f[j]) : 0;
            }
        }
        java.util.regex.Matcher n = java.util.regex.Pattern.compile("on the (\\d+) examples of the test part").matcher(eval.out());
        assertTrue(n.find(), eval::toString);
        assertEquals(Long.parseLong(n.group(1)), total, "every test example once");
        assertEquals(Double.parseDouble(eval.value("test_accuracy")), (double) diagonal / total, 1e-4);
        List<String> perClass = Files.readAllLines(out.resolve(EvaluateCommand.METRICS_CSV));
        assertEquals(12, perClass.size());
        assertTrue(perClass.get(11).startsWith("macro,"), perClass.get(11));
        assertEquals(Double.parseDouble(perClass.get(11).split(",")[3]), Double.parseDouble(eval.value("macro_f1")),
                1e-4);
        Images.assertPlot(out.resolve(EvaluateCommand.CONFUSION_PNG), EvaluateCommand.PNG_SIZE,
                EvaluateCommand.PNG_SIZE);
    }

    @Test
    void everyOptimizerScheduleAndLayerOptionTrains() throws Exception {
        String[][] variants = {
            {"--optimizer", "sgd", "--lr", "0.1", "--schedule", "step", "--step-size", "1"},
            {"--optimizer", "momentum", "--lr", "0.05", "--schedule", "exponential", "--l2", "1e-4"},
            {"--optimizer", "nesterov", "--lr", "0.05", "--schedule", "onecycle", "--clip-norm", "1"},
            {"--optimizer", "adagrad", "--lr", "0.05", "--schedule", "cyclic", "--l1", "1e-5"},
            {"--optimizer", "rmsprop", "--schedule", "plateau", "--accumulate", "2", "--batchnorm"},
            {"--optimizer", "adamw", "--schedule", "newbob", "--dropout", "0.2", "--residual", "--activation", "gelu"},
            {"--loss", "squared-emd", "--lr", "1e-2", "--activation", "prelu", "--early-stopping", "1"},
            {"--loss", "mse", "--activation", "swish", "--normalize", "min-max"},
            {"--label-smoothing", "0.1", "--activation", "mish", "--val-fraction", "0"},
        };
        int i = 0;
        for (String[] v : variants) {
            String[] args = new String[v.length + 9];
            System.arraycopy(new String[]{"train", "--model", "mlp:16,16", "--epochs", "2", "--device", "cpu",
                "--out", dir.resolve("v" + i++).toString()}, 0, args, 0, 9);
            System.arraycopy(v, 0, args, 9, v.length);
            CliRun r = CliRun.of(args);
            assertEquals(0, r.code(), () -> String.join(" ", v) + "\n" + r);
            double acc = Double.parseDouble(r.value("test_accuracy"));
            assertTrue(acc > 0.3, String.join(" ", v) + " learned nothing: " + acc);
        }
        assertEquals("0.01", ModelFiles.readConfig(dir.resolve("v5")).get("weight-decay"),
                "config.json records AdamW's effective default weight decay");
        assertEquals("0.0", ModelFiles.readConfig(dir.resolve("v0")).get("weight-decay"));
    }

    @Test
    void aLastBatchOfOneStopsBatchNormWithAHintAndDropLastAvoidsIt() {
        String[] args = {"train", "--model", "mlp:8", "--batchnorm", "--epochs", "1", "--batch-size", "431",
            "--device", "cpu", "--out", dir.resolve("one").toString()};
        CliRun r = CliRun.of(args);
        assertEquals(1, r.code(), "1294 training examples leave a last batch of one\n" + r);
        assertTrue(r.err().contains("--drop-last"), r::toString);
        String[] dropping = java.util.Arrays.copyOf(args, args.length + 2);
        dropping[args.length - 1] = dir.resolve("dropped").toString();
        dropping[args.length] = "--drop-last";
        dropping[args.length + 1] = "--overwrite";
        CliRun ok = CliRun.ok(dropping);
        assertTrue(ok.out().contains("1294 training"), ok::toString);
    }
}
