package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** Compares rows of {@code predict} output ({@code class,p_0,...}) from runs in one JVM. */
final class PredictionRows {
    private PredictionRows() {
    }

    /**
     * The same predicted class on every row and the same probabilities to 1e-6: the Vector API's exp may differ in
     * its last bit between interpreted and JIT-compiled code, and these runs share one JVM.
     */
    static void assertSame(List<String> expected, List<String> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": rows");
        for (int r = 0; r < expected.size(); r++) {
            String[] e = expected.get(r).split(",");
            String[] a = actual.get(r).split(",");
            assertEquals(e.length, a.length, what + ": columns of row " + r);
            assertEquals(e[0], a[0], what + ": class of row " + r);
            for (int c = 1; c < e.length; c++) {
                assertEquals(Double.parseDouble(e[c]), Double.parseDouble(a[c]), 1e-6,
                        what + ": row " + r + " column " + c);
            }
        }
    }
}
