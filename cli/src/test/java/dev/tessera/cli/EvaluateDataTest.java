package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} scores what it says: the whole file given, labels mapped by the names the model was trained
 * with, the run's own data only while it is unchanged; and a model too large for the heap is refused up front.
 */
class EvaluateDataTest {
    @TempDir
    Path dir;
    private Path data;
    private Path run;

    /** Three well separated classes a, b, c of 20 rows each; a model trained on them. */
    @BeforeEach
    void train() throws Exception {
        data = AbcData.training(dir.resolve("abc.csv"));
        run = dir.resolve("run");
        CliRun r = AbcData.train(data, run);
        assertEquals("1.0000", r.value("test_accuracy"), r::toString);
        Map<String, String> config = ModelFiles.readConfig(run);
        assertEquals("csv:" + data.toAbsolutePath(), config.get("dataset"));
        assertEquals(List.of("a", "b", "c"), LabelMap.load(run, 3).names());
        assertTrue(config.keySet().stream().noneMatch(k -> k.startsWith("label.")), "names stored once: " + config);
        assertEquals(String.valueOf(Files.size(data)), config.get("dataset_bytes"));
    }

    @Test
    void aGivenFileIsScoredWholeAndItsLabelsAreMappedByName() throws Exception {
        Path file = AbcData.centres(dir.resolve("bc.csv"), 9, 1, 2);
        CliRun r = CliRun.ok("evaluate", "--model", run.toString(), "--dataset", "csv:" + file, "--device", "cpu");
        assertTrue(r.out().contains("on all 9 examples of bc.csv"), r::toString);
        assertEquals("1.0000", r.value("test_accuracy"), "b and c keep their indices without a\n" + r);

        CliRun split = CliRun.of("evaluate", "--model", run.toString(), "--dataset", "csv:" + data, "--split",
                "test", "--device", "cpu");
        assertTrue(split.out().contains("on the 12 examples of the test part of abc.csv"), split::toString);
        CliRun own = CliRun.of("evaluate", "--model", run.toString(), "--device", "cpu");
        assertTrue(own.out().contains("on the 12 examples of the test part"), own::toString);

        Path unknown = Files.writeString(dir.resolve("d.csv"), "x,y,label\n0,0,a\n1,1,d\n");
        CliRun bad = CliRun.of("evaluate", "--model", run.toString(), "--dataset", "csv:" + unknown, "--device",
                "cpu");
        assertEquals(1, bad.code(), bad::toString);
        assertTrue(bad.err().contains("'d' (data row 2) is not one of the model's 3 classes [a, b, c]"),
                bad::toString);
    }

    @Test
    void theRunsOwnDataIsCheckedBySizeAndChecksum() throws Exception {
        Files.writeString(data, "100,100,a\n", java.nio.file.StandardOpenOption.APPEND);
        CliRun r = CliRun.of("evaluate", "--model", run.toString(), "--device", "cpu");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("changed since the run in " + run), r::toString);
    }

    @Test
    void aConfigDescribingAHugeModelIsRefusedBeforeAnythingIsBuilt() throws Exception {
        Path config = run.resolve(ModelFiles.CONFIG);
        Files.writeString(config, Files.readString(config).replace("\"model\": \"mlp:\"",
                "\"model\": \"mlp:46000,46000\""));
        CliRun r = CliRun.of("evaluate", "--model", run.toString(), "--device", "cpu");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("mlp:46000,46000") && r.err().contains("do not belong together"), r::toString);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.parse("mlp:46000,46000").checkFits(Shape.of(784), 10, 4_000_000_000L));
        assertEquals("model mlp:46000,46000 needs 8.6 GB of parameters (2152616010 for 784 features and 10 "
                + "classes); the JVM has 4.0 GB (-Xmx; set TESSERA_JAVA_OPTS=-Xmx<size>)", e.getMessage());
        assertTrue(Main.describe(new OutOfMemoryError("Java heap space")).startsWith("out of memory (Java heap "
                + "space): the JVM has "));
    }
}
