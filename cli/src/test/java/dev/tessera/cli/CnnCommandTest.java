package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.data.Batch;
import dev.tessera.io.Npy;
import dev.tessera.io.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tessera train --model cnn:...} end to end on the 8x8 digits (one epoch of a tiny network): the run records
 * the image shape so {@code evaluate} and {@code predict} rebuild the network and reproduce its test accuracy, from
 * images in every accepted layout; flat data and too many pooling blocks are refused in one line.
 */
class CnnCommandTest {
    @TempDir
    static Path root;
    private static TrainedDigits run;

    @BeforeAll
    static void train() throws Exception {
        Path dir = root.resolve("cnn");
        CliRun train = CliRun.ok("train", "--model", "cnn:8,16:fc=32", "--epochs", "1", "--batch-size", "16",
                "--lr", "1e-2", "--device", "cpu", "--out", dir.toString());
        Batch test = DataTensors.all(DataSpec.parse("digits").load().test(), DType.FLOAT32, Device.cpu());
        run = new TrainedDigits(dir, train, test.features().toFloatArray(), test.targets().toIntArray());
    }

    @Test
    void theRunRecordsTheImageShapeAndLearns() throws Exception {
        Map<String, String> config = ModelFiles.readConfig(run.dir());
        assertEquals("1,8,8", config.get(ModelFiles.INPUT_SHAPE));
        assertEquals("64", config.get("features"));
        assertEquals("cnn:8,16:fc=32", config.get("model"));
        double accuracy = Double.parseDouble(run.train().value("test_accuracy"));
        assertTrue(accuracy > 0.6, "one epoch of a small CNN beats chance (0.1) on the digits by far: " + accuracy);
    }

    @Test
    void evaluateRebuildsTheNetworkAndReproducesTheTestAccuracy() {
        CliRun evaluate = CliRun.ok("evaluate", "--model", run.dir().toString(), "--device", "cpu");
        assertEquals(run.train().value("test_accuracy"), evaluate.value("test_accuracy"));
        assertEquals(run.train().value("test_loss"), evaluate.value("test_loss"));
    }

    @Test
    void evaluateTakesFlatRowsOfTheImagesAndRefusesImagesOfAnotherShape() throws Exception {
        Path csv = run.csv(root.resolve("eval.csv"), "label", null);
        CliRun flat = CliRun.ok("evaluate", "--model", run.dir().toString(), "--dataset", "csv:" + csv, "--device",
                "cpu", "--report", root.resolve("report").toString());
        assertEquals(run.train().value("test_accuracy"), flat.value("test_accuracy"), "the same test images");

        Path small = TrainedDigits.idxFolder(root.resolve("small"), new float[6 * 16], new int[]{0, 1, 2, 0, 1, 2}, 4);
        CliRun other = CliRun.of("evaluate", "--model", run.dir().toString(), "--dataset", "idx:" + small);
        assertEquals(1, other.code(), other::toString);
        assertEquals(List.of("tessera evaluate: --dataset idx:" + small + " has images [1, 4, 4] and 3 classes, but "
                + "the model takes images [1, 8, 8] and predicts 10 classes"), other.errLines());
    }

    @Test
    void predictTakesImagesFromIdxAndNpyInEveryLayout() throws Exception {
        Path out = root.resolve("idx.csv");
        CliRun fromIdx = CliRun.ok("predict", "--model", run.dir().toString(), "--input",
                "idx:" + run.idx(root.resolve("idx")), "--output", out.toString(), "--device", "cpu");
        assertEquals(run.train().value("test_accuracy"), fromIdx.value("accuracy"));
        List<String> expected = Files.readAllLines(out).stream().skip(1).map(l -> l.replaceFirst(",[^,]*", ""))
                .toList();
        for (int[] shape : new int[][]{{run.size(), 1, 8, 8}, {run.size(), 8, 8}, {run.size(), 64}}) {
            Path npy = root.resolve("x" + shape.length + ".npy");
            Npy.write(npy, NpyArray.of(run.features(), shape));
            CliRun p = CliRun.ok("predict", "--model", run.dir().toString(), "--input", npy.toString(),
                    "--device", "cpu");
            List<String> lines = p.out().lines().toList();
            PredictionRows.assertSame(expected, lines.subList(1, lines.size()), "images " + Arrays.toString(shape));
        }
        CliRun csv = CliRun.ok("predict", "--model", run.dir().toString(), "--input",
                run.csv(root.resolve("l.csv"), "label", null).toString(), "--device", "cpu");
        PredictionRows.assertSame(expected, csv.out().lines().skip(1).map(l -> l.replaceFirst(",[^,]*", "")).toList(),
                "a CSV row is an image read row-major");
    }

    @Test
    void predictRefusesImagesOfAnotherShapeInOneLine() throws Exception {
        Path npy = root.resolve("wide.npy");
        Npy.write(npy, NpyArray.of(new float[2 * 64], 2, 4, 16));
        CliRun bad = CliRun.of("predict", "--model", run.dir().toString(), "--input", npy.toString());
        assertEquals(1, bad.code(), bad::toString);
        assertEquals(List.of("tessera predict: --input " + npy + " has shape [2, 4, 16], but the model takes images "
                + "[1, 8, 8] (expected [N, 1, 8, 8], [N, 8, 8] or [N, 64])"), bad.errLines());
    }

    @Test
    void augmentedTrainingRecordsItsAugmentationAndMlpsRefuseIt() throws Exception {
        Path dir = root.resolve("augmented");
        CliRun augmented = CliRun.ok("train", "--model", "cnn:4:fc=0", "--augment", "flip,crop=1", "--epochs", "1",
                "--batch-size", "64", "--device", "cpu", "--out", dir.toString());
        assertEquals("flip,crop=1", ModelFiles.readConfig(dir).get("augment"));
        CliRun evaluate = CliRun.of("evaluate", "--model", dir.toString(), "--device", "cpu");
        assertEquals(augmented.value("test_accuracy"), evaluate.value("test_accuracy"));

        CliRun mlp = CliRun.of("train", "--model", "mlp:8", "--augment", "flip", "--epochs", "1", "--device", "cpu",
                "--out", root.resolve("mlp-augmented").toString());
        assertEquals(1, mlp.code(), mlp::toString);
        assertEquals(List.of("tessera train: --augment crops and flips images: --model mlp:8 takes flat features; "
                + "use a cnn model"), mlp.errLines());
    }

    @Test
    void flatDataAndTooManyPoolingBlocksAreRefusedInOneLine() throws Exception {
        StringBuilder rows = new StringBuilder("a,b,c,label\n");
        for (int i = 0; i < 20; i++) {
            rows.append(i).append(',').append(i % 3).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        }
        Path csv = root.resolve("flat.csv");
        Files.writeString(csv, rows);
        CliRun flat = CliRun.of("train", "--dataset", "csv:" + csv, "--model", "cnn:4", "--epochs", "1",
                "--device", "cpu", "--out", root.resolve("flat").toString());
        assertEquals(1, flat.code(), flat::toString);
        assertEquals(List.of("tessera train: --model cnn needs image data [N, C, H, W]; flat.csv has [N, 3]"),
                flat.errLines());

        CliRun deep = CliRun.of("train", "--model", "cnn:4,4,4,4", "--epochs", "1", "--device", "cpu", "--out",
                root.resolve("deep").toString());
        assertEquals(1, deep.code(), deep::toString);
        assertEquals(List.of("tessera train: --model cnn:4,4,4,4 has 4 pooling blocks, but the 8x8 images of digits "
                + "have room for 3 (each block halves height and width, rounding down, and needs both >= 2)"),
                deep.errLines());
    }
}
