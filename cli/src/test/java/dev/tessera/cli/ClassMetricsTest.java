package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-class metrics against scikit-learn 1.2 (Debian): {@code precision_recall_fscore_support([0,0,1,1,2,2,2],
 * [0,1,1,1,2,0,1], labels=[0,1,2,3], zero_division=0)}, class 3 having neither examples nor predictions.
 */
class ClassMetricsTest {
    private static ConfusionMatrix example() {
        ConfusionMatrix c = new ConfusionMatrix(4);
        c.add(new int[]{0, 0, 1, 1, 2, 2, 2}, new int[]{0, 1, 1, 1, 2, 0, 1});
        return c;
    }

    @Test
    void matchesScikitLearnPerClassAndMacroAveraged() {
        ClassMetrics m = ClassMetrics.of(example());
        assertArrayEquals(new double[]{0.5, 0.5, 1.0, 0.0}, m.precision(), 1e-15);
        assertArrayEquals(new double[]{0.5, 1.0, 0.33333333333333333, 0.0}, m.recall(), 1e-15);
        assertArrayEquals(new double[]{0.5, 0.66666666666666667, 0.5, 0.0}, m.f1(), 1e-15);
        assertArrayEquals(new long[]{2, 2, 3, 0}, m.support());
        assertEquals(0.5, m.macroPrecision(), 1e-15);
        assertEquals(0.4583333333333333, m.macroRecall(), 1e-15);
        assertEquals(0.41666666666666663, m.macroF1(), 1e-15);
    }

    @Test
    void writesTheMatrixAndTheTableAsCsv() {
        LabelMap names = new LabelMap(List.of("a", "b,c", "d", "e"));
        assertEquals("true\\predicted,a,\"b,c\",d,e\na,1,1,0,0\n\"b,c\",0,2,0,0\nd,1,1,1,0\ne,0,0,0,0\n",
                example().toCsv(names));
        String table = ClassMetrics.of(example()).table(names, true);
        assertEquals("class,precision,recall,f1,support", table.lines().findFirst().orElseThrow());
        assertEquals("macro,0.5,0.4583333333333333,0.41666666666666663,7", table.lines().reduce((a, b) -> b)
                .orElseThrow());
        assertEquals(6, ClassMetrics.of(example()).table(names, false).lines().count());
    }

    @Test
    void rejectsPairsOutsideTheClasses() {
        ConfusionMatrix c = new ConfusionMatrix(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.add(new int[]{0, 2}, new int[]{1, 1}));
        assertEquals("ConfusionMatrix.add: example 1 has label 2 and prediction 1, expected classes 0 to 1",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.add(new int[]{0}, new int[]{}));
    }
}
