package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    private static final Device REF = Device.of("reference");

    @TempDir
    Path tmp;

    private Path csv(String text) throws IOException {
        Path p = tmp.resolve("d.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void textLabelsBecomeSortedClasses() throws IOException {
        InMemoryDataset d = CsvDataset.load(csv("sepal,species,petal\n1,virginica,2\n3,setosa,4\n5,virginica,6\n"),
                "species", TargetKind.CLASS);
        assertEquals(List.of("setosa", "virginica"), d.classNames());
        assertEquals(2, d.numClasses());
        assertEquals(Shape.of(2), d.featureShape());
        try (Scope s = Scope.open()) {
            Batch b = d.all(DType.FLOAT64, REF);
            assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, b.features().toDoubleArray());
            assertArrayEquals(new int[]{1, 0, 1}, b.targets().toIntArray());
        }
    }

    @Test
    void integerLabelsAreKeptAndNumericTargetsWork() throws IOException {
        Path p = csv("x,y\n0.5,2\n1.5,0\n2.5,7\n");
        InMemoryDataset classes = CsvDataset.load(p, "y", TargetKind.CLASS);
        assertEquals(8, classes.numClasses());
        assertEquals(7, classes.label(2));
        InMemoryDataset reg = CsvDataset.load(p, "-1", TargetKind.NUMERIC);
        try (Scope s = Scope.open()) {
            assertArrayEquals(new double[]{2, 0, 7}, reg.all(DType.FLOAT64, REF).targets().toDoubleArray());
        }
        InMemoryDataset none = CsvDataset.load(p, null, TargetKind.NONE);
        assertEquals(Shape.of(2), none.featureShape());
    }

    @Test
    void aTextFeatureColumnIsAnError() throws IOException {
        Path p = csv("name,x,y\nann,1,0\nbob,2,1\n");
        String msg = assertThrows(IOException.class, () -> CsvDataset.load(p, "y", TargetKind.CLASS)).getMessage();
        assertTrue(msg.contains(p.toString()) && msg.contains("'name'") && msg.contains("ann"), msg);
        assertThrows(IOException.class, () -> CsvDataset.load(p, "z", TargetKind.CLASS));
    }
}
