package dev.tessera.cpu;

import static dev.tessera.cpu.Fixtures.REF;

import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.BiasActivationFamily;
import dev.tessera.backend.fused.OptimizerFamily;
import dev.tessera.backend.fused.SoftmaxFamily;
import dev.tessera.testing.BufferData;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fused op of the CPU backend (fused kernels on Vector API and scalar kernels, and the defaults) against the
 * default composition run on the FLOAT64 reference, for FLOAT32 and FLOAT64, with the
 * options each op has (log, weights, smoothing, activation, bias, momentum variants, AdamW, AMSGrad) and sizes on
 * both sides of the parallel threshold.
 */
class FusedOpsTest {

    static Stream<Arguments> backends() {
        return Fixtures.backends();
    }

    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    /** A pair of buffers with the same values: on the backend under test (dtype) and on the reference (FLOAT64). */
    private record Twin(Buffer tested, Buffer reference) {
        static Twin of(Backend be, DType dt, double[] values) {
            double[] v = Fixtures.rounded(dt, values);
            return new Twin(BufferData.upload(be, dt, v), BufferData.upload(REF, DType.FLOAT64, v));
        }

        static Twin labels(Backend be, int[] labels) {
            double[] v = new double[labels.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = labels[i];
            }
            return new Twin(BufferData.upload(be, DType.INT32, v), BufferData.upload(REF, DType.INT32, v));
        }

        void assertClose(String what, Backend be, DType dt) {
            Fixtures.assertClose(what, dt, BufferData.download(REF, reference), BufferData.download(be, tested));
        }
    }

    private static Twin random(Backend be, DType dt, Random r, int n, double lo, double hi) {
        return Twin.of(be, dt, BufferData.uniform(r, n, lo, hi));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void softmaxForwardAndBackward(String name, Backend be) {
        Random r = new Random(1);
        int[][] shapes = {{1, 1, 1}, {5, 10, 1}, {3, 17, 1}, {700, 100, 1}, {2, 5000, 1}, {3, 7, 5}};
        for (DType dt : FLOATS) {
            for (int[] s : shapes) {
                for (boolean log : new boolean[]{false, true}) {
                    int size = s[0] * s[1] * s[2];
                    String what = name + " softmax " + dt + " log=" + log + " " + java.util.Arrays.toString(s);
                    Twin x = random(be, dt, r, size, -8, 8);
                    Twin y = random(be, dt, r, size, 0, 1);
                    SoftmaxFamily.SOFTMAX.run(be, new SoftmaxFamily.Softmax(x.tested, y.tested, s[0], s[1], s[2], log));
                    SoftmaxFamily.SOFTMAX.run(REF, new SoftmaxFamily.Softmax(x.reference, y.reference, s[0], s[1],
                            s[2], log));
                    y.assertClose(what, be, dt);
                    Twin gy = random(be, dt, r, size, -1, 1);
                    Twin gx = random(be, dt, r, size, -1, 1);
                    SoftmaxFamily.SOFTMAX_BACKWARD.run(be, new SoftmaxFamily.SoftmaxBackward(y.tested, gy.tested,
                            gx.tested, s[0], s[1], s[2], log));
                    SoftmaxFamily.SOFTMAX_BACKWARD.run(REF, new SoftmaxFamily.SoftmaxBackward(y.reference,
                            gy.reference, gx.reference, s[0], s[1], s[2], log));
                    gx.assertClose(what + " backward", be, dt);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void crossEntropyWithWeightsAndSmoothing(String name, Backend be) {
        Random r = new Random(2);
        int[][] shapes = {{1, 1}, {7, 10}, {33, 17}, {600, 100}};
        for (DType dt : FLOATS) {
            for (int[] s : shapes) {
                int rows = s[0];
                int classes = s[1];
                int[] labels = new int[rows];
                for (int i = 0; i < rows; i++) {
                    labels[i] = r.nextInt(classes);
                }
                for (boolean weighted : new boolean[]{false, true}) {
                    for (double eps : new double[]{0, 0.1}) {
                        String what = name + " CE " + dt + " " + rows + "x" + classes + " weighted=" + weighted
                                + " eps=" + eps;
                        Twin logits = random(be, dt, r, rows * classes, -6, 6);
                        Twin y = Twin.labels(be, labels);
                        Twin w = weighted ? random(be, dt, r, classes, 0.2, 2) : null;
                        Twin loss = random(be, dt, r, rows, -1, 1);
                        Twin lp = random(be, dt, r, rows * classes, -1, 1);
                        SoftmaxFamily.CROSS_ENTROPY.run(be, new SoftmaxFamily.CrossEntropy(logits.tested, y.tested,
                                w == null ? null : w.tested, loss.tested, lp.tested, rows, classes, eps));
                        SoftmaxFamily.CROSS_ENTROPY.run(REF, new SoftmaxFamily.CrossEntropy(logits.reference,
                                y.reference, w == null ? null : w.reference, loss.reference, lp.reference, rows,
                                classes, eps));
                        loss.assertClose(what + " loss", be, dt);
                        lp.assertClose(what + " logProbs", be, dt);
                        Twin g = random(be, dt, r, rows, -2, 2);
                        Twin gx = random(be, dt, r, rows * classes, -1, 1);
                        SoftmaxFamily.CROSS_ENTROPY_BACKWARD.run(be,
                                new SoftmaxFamily.CrossEntropyBackward(lp.tested, y.tested,
                                w == null ? null : w.tested, g.tested, gx.tested, rows, classes, eps));
                        SoftmaxFamily.CROSS_ENTROPY_BACKWARD.run(REF,
                                new SoftmaxFamily.CrossEntropyBackward(lp.reference, y.reference,
                                w == null ? null : w.reference, g.reference, gx.reference, rows, classes, eps));
                        gx.assertClose(what + " backward", be, dt);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void biasActivationForwardAndBackward(String name, Backend be) {
        Random r = new Random(3);
        UnaryOp[] acts = {null, UnaryOp.RELU, UnaryOp.GELU, UnaryOp.TANH, UnaryOp.LEAKY_RELU, UnaryOp.SILU};
        int[][] shapes = {{1, 1}, {3, 17}, {64, 100}, {300, 257}};
        for (DType dt : FLOATS) {
            for (int[] s : shapes) {
                for (UnaryOp act : acts) {
                    for (boolean withBias : new boolean[]{false, true}) {
                        int n = s[0] * s[1];
                        String what = name + " biasActivation " + dt + " " + act + " bias=" + withBias + " "
                                + java.util.Arrays.toString(s);
                        Twin z = random(be, dt, r, n, -3, 3);
                        Twin bias = withBias ? random(be, dt, r, s[1], -1, 1) : null;
                        Twin y = act == null ? z : random(be, dt, r, n, -1, 1);
                        BiasActivationFamily.BIAS_ACTIVATION.run(be,
                                new BiasActivationFamily.BiasActivation(z.tested, bias == null ? null : bias.tested,
                                y.tested, act, 0.1, s[0], s[1]));
                        BiasActivationFamily.BIAS_ACTIVATION.run(REF,
                                new BiasActivationFamily.BiasActivation(z.reference,
                                bias == null ? null : bias.reference, y.reference, act, 0.1, s[0], s[1]));
                        z.assertClose(what + " pre", be, dt);
                        y.assertClose(what + " y", be, dt);
                        Twin gy = random(be, dt, r, n, -1, 1);
                        Twin gz = act == null && withBias ? gy : random(be, dt, r, n, -1, 1);
                        Twin gb = withBias ? random(be, dt, r, s[1], -1, 1) : null;
                        BiasActivationFamily.BIAS_ACTIVATION_BACKWARD.run(be,
                                new BiasActivationFamily.BiasActivationBackward(z.tested, y.tested, gy.tested,
                                gz.tested, gb == null ? null : gb.tested, act, 0.1, s[0], s[1]));
                        BiasActivationFamily.BIAS_ACTIVATION_BACKWARD.run(REF,
                                new BiasActivationFamily.BiasActivationBackward(z.reference, y.reference,
                                gy.reference, gz.reference, gb == null ? null : gb.reference, act, 0.1, s[0], s[1]));
                        gz.assertClose(what + " gz", be, dt);
                        if (gb != null) {
                            gb.assertClose(what + " gradBias", be, dt);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sgdStepOverManyParameters(String name, Backend be) {
        int[] sizes = {1, 17, 1000, 40000, 3};
        SgdConfig[] configs = {
                new SgdConfig(0.1, 0, 0, false, 0, false, false),
                new SgdConfig(0.05, 0.9, 0, false, 1e-2, false, true),
                new SgdConfig(0.05, 0.9, 0.1, false, 1e-2, false, false),
                new SgdConfig(0.05, 0.9, 0, true, 1e-2, true, false),
                new SgdConfig(0.01, 0.5, 0, true, 0, false, true),
        };
        for (DType dt : FLOATS) {
            for (SgdConfig c : configs) {
                Random r = new Random(4);
                int count = sizes.length;
                Twin[] p = new Twin[count];
                Twin[] g = new Twin[count];
                Twin[] m = new Twin[count];
                for (int i = 0; i < count; i++) {
                    p[i] = random(be, dt, r, sizes[i], -1, 1);
                    g[i] = random(be, dt, r, sizes[i], -1, 1);
                    m[i] = c.momentum() == 0 ? null : random(be, dt, r, sizes[i], -1, 1);
                }
                OptimizerFamily.SGD_STEP.run(be, new OptimizerFamily.SgdStep(tested(p), tested(g), tested(m), c));
                OptimizerFamily.SGD_STEP.run(REF, new OptimizerFamily.SgdStep(reference(p), reference(g),
                        reference(m), c));
                for (int i = 0; i < count; i++) {
                    p[i].assertClose(name + " sgd " + dt + " " + c + " param " + i, be, dt);
                    if (m[i] != null) {
                        m[i].assertClose(name + " sgd " + dt + " " + c + " momentum " + i, be, dt);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void adamStepOverManyParameters(String name, Backend be) {
        int[] sizes = {1, 17, 1000, 40000, 3};
        AdamConfig[] configs = {
                new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0, false, false, 1),
                new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 1e-2, true, false, 7),
                new AdamConfig(0.5, 0.8, 0.99, 1e-3, 1e-3, false, true, 3),
        };
        for (DType dt : FLOATS) {
            for (AdamConfig c : configs) {
                Random r = new Random(5);
                int count = sizes.length;
                Twin[] p = new Twin[count];
                Twin[] g = new Twin[count];
                Twin[] m = new Twin[count];
                Twin[] v = new Twin[count];
                Twin[] vmax = new Twin[count];
                for (int i = 0; i < count; i++) {
                    p[i] = random(be, dt, r, sizes[i], -1, 1);
                    g[i] = random(be, dt, r, sizes[i], -1, 1);
                    m[i] = random(be, dt, r, sizes[i], -0.1, 0.1);
                    v[i] = random(be, dt, r, sizes[i], 0, 0.01);
                    vmax[i] = c.amsgrad() ? random(be, dt, r, sizes[i], 0, 0.02) : null;
                }
                OptimizerFamily.ADAM_STEP.run(be, new OptimizerFamily.AdamStep(tested(p), tested(g), tested(m),
                        tested(v), tested(vmax), c));
                OptimizerFamily.ADAM_STEP.run(REF, new OptimizerFamily.AdamStep(reference(p), reference(g),
                        reference(m), reference(v), reference(vmax), c));
                for (int i = 0; i < count; i++) {
                    String what = name + " adam " + dt + " " + c + " param " + i;
                    p[i].assertClose(what, be, dt);
                    m[i].assertClose(what + " m", be, dt);
                    v[i].assertClose(what + " v", be, dt);
                    if (vmax[i] != null) {
                        vmax[i].assertClose(what + " vmax", be, dt);
                    }
                }
            }
        }
    }

    private static Buffer[] tested(Twin[] t) {
        Buffer[] b = new Buffer[t.length];
        for (int i = 0; i < t.length; i++) {
            b[i] = t[i] == null ? null : t[i].tested;
        }
        return b;
    }

    private static Buffer[] reference(Twin[] t) {
        Buffer[] b = new Buffer[t.length];
        for (int i = 0; i < t.length; i++) {
            b[i] = t[i] == null ? null : t[i].reference;
        }
        return b;
    }
}
