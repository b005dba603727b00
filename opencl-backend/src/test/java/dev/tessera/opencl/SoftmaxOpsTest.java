package dev.tessera.opencl;

import static dev.tessera.opencl.ClTesting.REF;
import static dev.tessera.opencl.ClTesting.assertClose;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.fused.SoftmaxFamily;
import dev.tessera.testing.BufferData;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the softmax.cl overrides (softmax, log-softmax, their backward, fused cross-entropy forward and backward)
 * against the ops' default compositions run on the reference backend.
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
                    Twin x = Twin.of(cl, dt, BufferData.uniform(rnd, size, -20, 20));
                    Twin y = Twin.zeros(cl, dt, size);
                    SoftmaxFamily.SOFTMAX.run(REF, new SoftmaxFamily.Softmax(x.ref(), y.ref(), s[0], s[1], s[2], log));
                    SoftmaxFamily.SOFTMAX.run(cl, new SoftmaxFamily.Softmax(x.cl(), y.cl(), s[0], s[1], s[2], log));
                    assertClose(what, dt, y.expected(), y.actual(cl));
                    // backward from the reference forward output, so both sides see the same y
                    Twin yy = Twin.of(cl, dt, y.expected());
                    Twin gy = Twin.of(cl, dt, BufferData.uniform(rnd, size, -1, 1));
                    Twin gx = Twin.zeros(cl, dt, size);
                    SoftmaxFamily.SOFTMAX_BACKWARD.run(REF, new SoftmaxFamily.SoftmaxBackward(yy.ref(), gy.ref(),
                            gx.ref(), s[0], s[1], s[2], log));
                    SoftmaxFamily.SOFTMAX_BACKWARD.run(cl, new SoftmaxFamily.SoftmaxBackward(yy.cl(), gy.cl(),
                            gx.cl(), s[0], s[1], s[2], log));
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
        Twin x = Twin.of(cl, DType.FLOAT32, BufferData.uniform(rnd, 6 * 33, -5, 5));
        SoftmaxFamily.SOFTMAX.run(REF, new SoftmaxFamily.Softmax(x.ref(), x.ref(), 6, 33, 1, false));
        SoftmaxFamily.SOFTMAX.run(cl, new SoftmaxFamily.Softmax(x.cl(), x.cl(), 6, 33, 1, false));
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
                        Twin logits = Twin.of(cl, dt, BufferData.uniform(rnd, rows * classes, -8, 8));
                        Twin labels = Twin.of(cl, DType.INT32, ClTesting.integers(rnd, rows, 0, classes));
                        Twin weights = weighted ? Twin.of(cl, dt, BufferData.uniform(rnd, classes, 0.1, 2)) : null;
                        Twin loss = Twin.zeros(cl, dt, rows);
                        Twin logProbs = Twin.zeros(cl, dt, rows * classes);
                        SoftmaxFamily.CROSS_ENTROPY.run(REF, new SoftmaxFamily.CrossEntropy(logits.ref(),
                                labels.ref(), weighted ? weights.ref() : null, loss.ref(), logProbs.ref(), rows,
                                classes, smoothing));
                        SoftmaxFamily.CROSS_ENTROPY.run(cl, new SoftmaxFamily.CrossEntropy(logits.cl(), labels.cl(),
                                weighted ? weights.cl() : null, loss.cl(), logProbs.cl(), rows, classes, smoothing));
                        assertClose(what + " loss", dt, loss.expected(), loss.actual(cl));
                        assertClose(what + " log-probs", dt, logProbs.expected(), logProbs.actual(cl));
                        Twin lp = Twin.of(cl, dt, logProbs.expected());
                        Twin g = Twin.of(cl, dt, BufferData.uniform(rnd, rows, -1, 1));
                        Twin gx = Twin.zeros(cl, dt, rows * classes);
                        SoftmaxFamily.CROSS_ENTROPY_BACKWARD.run(REF,
                                new SoftmaxFamily.CrossEntropyBackward(lp.ref(), labels.ref(),
                                weighted ? weights.ref() : null, g.ref(), gx.ref(), rows, classes, smoothing));
                        SoftmaxFamily.CROSS_ENTROPY_BACKWARD.run(cl, new SoftmaxFamily.CrossEntropyBackward(lp.cl(),
                                labels.cl(), weighted ? weights.cl() : null, g.cl(), gx.cl(), rows, classes,
                                smoothing));
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
        Twin logits = Twin.of(cl, DType.FLOAT32, BufferData.uniform(new Random(4), 3 * 5, -1, 1));
        Twin labels = Twin.of(cl, DType.INT32, new double[]{1, 7, -2});
        Twin loss = Twin.zeros(cl, DType.FLOAT32, 3);
        Twin logProbs = Twin.zeros(cl, DType.FLOAT32, 15);
        SoftmaxFamily.CROSS_ENTROPY.run(cl, new SoftmaxFamily.CrossEntropy(logits.cl(), labels.cl(), null, loss.cl(),
                logProbs.cl(), 3, 5, 0));
        double[] l = loss.actual(cl);
        org.junit.jupiter.api.Assertions.assertTrue(!Double.isNaN(l[0]) && Double.isNaN(l[1]) && Double.isNaN(l[2]),
                java.util.Arrays.toString(l));
    }
}
