package dev.tessera.opencl;

import static dev.tessera.opencl.ClTesting.REF;
import static dev.tessera.opencl.ClTesting.assertClose;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the softmax.cl overrides (softmax, log-softmax, their backward, fused cross-entropy forward and backward)
 * against the defaults of FusedDefaults run on the reference backend.
 */
class SoftmaxOpsTest {
    /** {outer, n, inner}. */
    private static final int[][] SHAPES = {{1, 1, 1}, {5, 10, 1}, {3, 1000, 1}, {2, 7, 3}, {1, 300, 17},
            {40, 513, 1}};

    @Test
    void softmaxAndItsBackwardMatchTheDefault() {
        Backend cl = ClTesting.device();
        Random rnd = new Random(1);
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : SHAPES) {
                for (boolean log : new boolean[]{false, true}) {
                    int size = s[0] * s[1] * s[2];
                    String what = (log ? "log-softmax " : "softmax ") + dt + " " + Arrays.toString(s);
                    Twin x = Twin.of(cl, dt, ClTesting.uniform(rnd, size, -20, 20));
                    Twin y = Twin.zeros(cl, dt, size);
                    REF.softmax(x.ref(), y.ref(), s[0], s[1], s[2], log);
                    cl.softmax(x.cl(), y.cl(), s[0], s[1], s[2], log);
                    assertClose(what, dt, y.expected(), y.actual(cl));
                    // backward from the reference forward output, so both sides see the same y
                    Twin yy = Twin.of(cl, dt, y.expected());
                    Twin gy = Twin.of(cl, dt, ClTesting.uniform(rnd, size, -1, 1));
                    Twin gx = Twin.zeros(cl, dt, size);
                    REF.softmaxBackward(yy.ref(), gy.ref(), gx.ref(), s[0], s[1], s[2], log);
                    cl.softmaxBackward(yy.cl(), gy.cl(), gx.cl(), s[0], s[1], s[2], log);
                    assertClose(what + " backward", dt, gx.expected(), gx.actual(cl));
                    for (Twin t : new Twin[]{x, y, yy, gy, gx}) {
                        t.free(cl);
                    }
                }
            }
        }
    }

    @Test
    void softmaxMayWriteOverItsInput() {
        Backend cl = ClTesting.device();
        Random rnd = new Random(2);
        Twin x = Twin.of(cl, DType.FLOAT32, ClTesting.uniform(rnd, 6 * 33, -5, 5));
        REF.softmax(x.ref(), x.ref(), 6, 33, 1, false);
        cl.softmax(x.cl(), x.cl(), 6, 33, 1, false);
        assertClose("softmax in place", DType.FLOAT32, x.expected(), x.actual(cl));
    }

    @Test
    void crossEntropyForwardAndBackwardMatchTheDefault() {
        Backend cl = ClTesting.device();
        Random rnd = new Random(3);
        int[][] sizes = {{1, 1}, {7, 10}, {300, 1000}, {64, 3}};
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : sizes) {
                int rows = s[0];
                int classes = s[1];
                for (boolean weighted : new boolean[]{false, true}) {
                    for (double smoothing : new double[]{0, 0.1}) {
                        String what = "cross-entropy " + dt + " rows " + rows + " classes " + classes
                                + (weighted ? " weighted" : "") + " smoothing " + smoothing;
                        Twin logits = Twin.of(cl, dt, ClTesting.uniform(rnd, rows * classes, -8, 8));
                        Twin labels = Twin.of(cl, DType.INT32, ClTesting.integers(rnd, rows, 0, classes));
                        Twin weights = weighted ? Twin.of(cl, dt, ClTesting.uniform(rnd, classes, 0.1, 2)) : null;
                        Twin loss = Twin.zeros(cl, dt, rows);
                        Twin logProbs = Twin.zeros(cl, dt, rows * classes);
                        REF.softmaxCrossEntropy(logits.ref(), labels.ref(), weighted ? weights.ref() : null,
                                smoothing, rows, classes, loss.ref(), logProbs.ref());
                        cl.softmaxCrossEntropy(logits.cl(), labels.cl(), weighted ? weights.cl() : null, smoothing,
                                rows, classes, loss.cl(), logProbs.cl());
                        assertClose(what + " loss", dt, loss.expected(), loss.actual(cl));
                        assertClose(what + " log-probs", dt, logProbs.expected(), logProbs.actual(cl));
                        Twin lp = Twin.of(cl, dt, logProbs.expected());
                        Twin g = Twin.of(cl, dt, ClTesting.uniform(rnd, rows, -1, 1));
                        Twin gx = Twin.zeros(cl, dt, rows * classes);
                        REF.softmaxCrossEntropyBackward(lp.ref(), labels.ref(), weighted ? weights.ref() : null,
                                smoothing, rows, classes, g.ref(), gx.ref());
                        cl.softmaxCrossEntropyBackward(lp.cl(), labels.cl(), weighted ? weights.cl() : null,
                                smoothing, rows, classes, g.cl(), gx.cl());
                        assertClose(what + " backward", dt, gx.expected(), gx.actual(cl));
                        for (Twin t : new Twin[]{logits, labels, weights, loss, logProbs, lp, g, gx}) {
                            if (t != null) {
                                t.free(cl);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Core rejects such labels unless its checks are off; the kernel gives NaN for the row instead of reading out. */
    @Test
    void anOutOfRangeLabelGivesNanForItsRowOnly() {
        Backend cl = ClTesting.device();
        Twin logits = Twin.of(cl, DType.FLOAT32, ClTesting.uniform(new Random(4), 3 * 5, -1, 1));
        Twin labels = Twin.of(cl, DType.INT32, new double[]{1, 7, -2});
        Twin loss = Twin.zeros(cl, DType.FLOAT32, 3);
        Twin logProbs = Twin.zeros(cl, DType.FLOAT32, 15);
        cl.softmaxCrossEntropy(logits.cl(), labels.cl(), null, 0, 3, 5, loss.cl(), logProbs.cl());
        double[] l = loss.actual(cl);
        org.junit.jupiter.api.Assertions.assertTrue(!Double.isNaN(l[0]) && Double.isNaN(l[1]) && Double.isNaN(l[2]),
                java.util.Arrays.toString(l));
    }
}
