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
        Path p = csv("x,y\n0.5,2\n1.5,0\n2.5,3\n3.5,1\n");
        InMemoryDataset classes = CsvDataset.load(p, "y", TargetKind.CLASS);
        assertEquals(4, classes.numClasses());
        assertEquals(3, classes.label(2));
        InMemoryDataset reg = CsvDataset.load(p, "-1", TargetKind.NUMERIC);
        try (Scope s = Scope.open()) {
            assertArrayEquals(new double[]{2, 0, 3, 1}, reg.all(DType.FLOAT64, REF).targets().toDoubleArray());
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

    @Test
    void nonFiniteOrOutOfFloatRangeFeaturesAreAnErrorNamingRowAndColumnOrDropped() throws IOException {
        for (String bad : new String[]{"NaN", "Infinity", "-Infinity", "1e40"}) {
            Path p = csv("a,b,y\n1,2,0\n3," + bad + ",1\n5,6,1\n");
            String msg = assertThrows(IOException.class, () -> CsvDataset.load(p, "y", TargetKind.CLASS))
                    .getMessage();
            assertTrue(msg.contains(p.toString()) && msg.contains("data row 2") && msg.contains("column 'b'")
                    && msg.contains("--nan-policy drop"), msg);
            InMemoryDataset kept = CsvDataset.load(p, "y", TargetKind.CLASS, null, CsvDataset.NanPolicy.DROP);
            assertEquals(2, kept.size(), bad);
            try (Scope s = Scope.open()) {
                assertArrayEquals(new double[]{1, 2, 5, 6}, kept.all(DType.FLOAT64, REF).features().toDoubleArray());
                assertArrayEquals(new int[]{0, 1}, kept.all(DType.FLOAT64, REF).targets().toIntArray());
            }
        }
        Path edge = csv("a,y\n3.4028234e38,0\n-3.4028234e38,1\n");
        assertEquals(2, CsvDataset.load(edge, "y", TargetKind.CLASS).size(), "the FLOAT32 extremes are values");
    }

    @Test
    void integerLabelsBeyondTheExamplesOrTheClassLimitAreAnErrorNamingTheColumn() throws IOException {
        Path huge = csv("x,label\n1,0\n2,2147483646\n3,1\n");
        String msg = assertThrows(IOException.class, () -> CsvDataset.load(huge, "-1", TargetKind.CLASS))
                .getMessage();
        assertTrue(msg.contains("label column 'label'") && msg.contains("2147483646") && msg.contains("data row 2"),
                msg);
        StringBuilder many = new StringBuilder("x,label\n");
        for (int i = 0; i < 200_001; i++) {
            many.append(i).append(',').append(i == 7 ? CsvDataset.MAX_CLASSES : i % 3).append('\n');
        }
        Path limit = csv(many.toString());
        msg = assertThrows(IOException.class, () -> CsvDataset.load(limit, "-1", TargetKind.CLASS)).getMessage();
        assertTrue(msg.contains("the limit of 100000"), msg);
    }

    @Test
    void givenTheModelsClassNamesLabelsAreMappedByNameAndUnknownOnesRefused() throws IOException {
        Path p = csv("x,y\n1,virginica\n2,virginica\n");
        List<String> trained = List.of("setosa", "versicolor", "virginica");
        InMemoryDataset d = CsvDataset.load(p, "y", TargetKind.CLASS, trained, CsvDataset.NanPolicy.ERROR);
        assertEquals(3, d.numClasses());
        assertEquals(2, d.label(0), "by name, not re-indexed within this file");
        Path unknown = csv("x,y\n1,virginica\n2,daisy\n");
        String msg = assertThrows(IOException.class, () -> CsvDataset.load(unknown, "y", TargetKind.CLASS, trained,
                CsvDataset.NanPolicy.ERROR)).getMessage();
        assertTrue(msg.contains("'daisy'") && msg.contains("data row 2") && msg.contains("not one of the model's 3"),
                msg);
    }

    @Test
    void anEmptyLabelCellIsAnError() throws IOException {
        Path p = csv("x,y\n1,a\n2,\n3,b\n");
        String msg = assertThrows(IOException.class, () -> CsvDataset.load(p, "y", TargetKind.CLASS)).getMessage();
        assertTrue(msg.contains("data row 2 has no label"), msg);
    }
}
