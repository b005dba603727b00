package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.data.Subset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        assertEquals(2, d.classes());
        assertEquals(List.of("even", "odd"), d.classNames());
        assertEquals(16, d.train().size());
        assertEquals(4, d.test().size());
    }
}
