package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelMapTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsTheNamesInClassOrder() throws IOException {
        LabelMap labels = new LabelMap(List.of("cat", "dog \"big\"", "émeu"));
        labels.save(dir);
        assertEquals(labels, LabelMap.load(dir, 3));
        assertEquals("dog \"big\"", LabelMap.load(dir, 3).name(1));
    }

    @Test
    void aRunWithoutTheFileHasNumberedClasses() throws IOException {
        assertEquals(List.of("0", "1", "2"), LabelMap.load(dir, 3).names());
    }

    @Test
    void mapsDataLabelsByName() {
        LabelMap model = new LabelMap(List.of("a", "b", "c"));
        assertArrayEquals(new int[]{2, 0}, model.indexIn(new LabelMap(List.of("c", "a")), "data"));
    }

    @Test
    void unknownDataLabelsNameBothLabelSets() {
        LabelMap model = new LabelMap(List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.indexIn(new LabelMap(List.of("a", "z")), "--input x.csv"));
        assertEquals("--input x.csv has labels [a, z] but the model's classes are [a, b] (unknown: [z])",
                e.getMessage());
    }

    @Test
    void rejectsRepeatedNamesAndFilesThatDoNotFitTheModel() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new LabelMap(List.of("a", "a")));
        new LabelMap(List.of("a", "b")).save(dir);
        IOException e = assertThrows(IOException.class, () -> LabelMap.load(dir, 3));
        assertTrue(e.getMessage().contains("no name for class 2"), e.getMessage());
        assertThrows(IOException.class, () -> LabelMap.load(dir, 1));
        Files.writeString(dir.resolve(LabelMap.FILE), "[1]");
        assertThrows(IOException.class, () -> LabelMap.load(dir, 2));
    }
}
