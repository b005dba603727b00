package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.data.FashionMnist;
import dev.tessera.data.Subset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing {@code --dataset} values and the fixed test split of datasets without one. */
class DataSpecTest {
    @TempDir
    Path dir;

    @Test
    void parsesEveryForm() {
        assertEquals(DataSpec.Source.DIGITS, DataSpec.parse("digits").source());
        assertEquals(DataSpec.Source.FASHION_MNIST, DataSpec.parse("fashion-mnist").source());
        assertEquals(Path.of("/data/f"), DataSpec.parse("fashion-mnist:/data/f").path());
        assertEquals(Path.of("/data/mnist"), DataSpec.parse("idx:/data/mnist").path());
        assertEquals(DataSpec.Source.CSV, DataSpec.parse("CSV:x.csv").source());
        assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("idx:"));
        assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("cifar"));
    }

    @Test
    void digitsHoldOutTheSameFifthEveryTime() throws Exception {
        DataSpec.Loaded a = DataSpec.parse("digits").load();
        DataSpec.Loaded b = DataSpec.parse("digits").load();
        assertEquals(1438, a.train().size());
        assertEquals(359, a.test().size());
        assertEquals(64, a.features());
        assertEquals(Shape.of(1, 8, 8), a.example(), "the digits are 8x8 grey images");
        assertEquals(Shape.of(1, 8, 8), a.train().featureShape());
        assertEquals(10, a.classes());
        int[] test = ((Subset) a.test()).indices();
        assertArrayEquals(test, ((Subset) b.test()).indices());
        Set<Integer> seen = new HashSet<>();
        for (int i : test) {
            seen.add(i);
        }
        for (int i : ((Subset) a.train()).indices()) {
            assertTrue(seen.add(i), "example " + i + " is in both parts");
        }
        assertEquals(1797, seen.size());
    }

    @Test
    void readsACsvFileWithTextLabels() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(i % 3).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Path f = dir.resolve("t.csv");
        Files.writeString(f, csv);
        DataSpec.Loaded d = DataSpec.parse("csv:" + f).load();
        assertEquals(2, d.features());
        assertEquals(Shape.of(2), d.example(), "a table stays flat");
        assertEquals(2, d.classes());
        assertEquals(List.of("even", "odd"), d.classNames());
        assertEquals(16, d.train().size());
        assertEquals(4, d.test().size());
    }

    @Test
    void idxImagesKeepTheirChannelHeightAndWidth() throws Exception {
        Path folder = TrainedDigits.idxFolder(dir.resolve("idx"), new float[6 * 64], new int[]{0, 1, 2, 0, 1, 2}, 8);
        DataSpec.Loaded d = DataSpec.parse("idx:" + folder).load();
        assertEquals(Shape.of(1, 8, 8), d.example());
        assertEquals(Shape.of(1, 8, 8), d.test().featureShape());
        assertEquals(List.of(6, 1, 8, 8), dims(DataTensors.all(d.test(), d.example(), DType.FLOAT32, Device.cpu())
                .features().shape()), "a batch is [N, C, H, W]");
        assertEquals(List.of(6, 64), dims(DataTensors.all(d.test(), DType.FLOAT32, Device.cpu()).features().shape()),
                "or flat, for the commands that take features");
    }

    @Test
    void fashionMnistLoadsAsOneChannelImages() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR),
                "dataset-fashion-mnist is not installed here");
        DataSpec.Loaded d = DataSpec.parse("fashion-mnist").load();
        assertEquals(Shape.of(1, 28, 28), d.example());
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
    }

    private static List<Integer> dims(Shape s) {
        return Arrays.stream(s.dims()).boxed().toList();
    }
}
