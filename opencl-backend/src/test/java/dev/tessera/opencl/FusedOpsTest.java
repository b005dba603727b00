package dev.tessera.opencl;

import static dev.tessera.opencl.ClTesting.REF;
import static dev.tessera.opencl.ClTesting.assertClose;

import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.BiasActivationFamily;
import dev.tessera.backend.fused.OptimizerFamily;
import dev.tessera.testing.BufferData;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the fused.cl kernels (bias + activation, its backward, SGD and Adam) against the ops' default compositions
 * on the reference backend.
 */
class FusedOpsTest {
    private static final int[][] SIZES = {{1, 1}, {37, 53}, {1000, 3}, {2, 3000}};

    private static UnaryOp[] activations() {
        UnaryOp[] ops = UnaryOp.values();
        UnaryOp[] out = java.util.Arrays.copyOf(ops, ops.length + 1);
        out[ops.length] = null; // no activation
        return out;
    }

    private static double[] inputs(UnaryOp act, Random rnd, int n) {
        boolean positive = act == UnaryOp.LOG || act == UnaryOp.SQRT || act == UnaryOp.RSQRT
                || act == UnaryOp.RECIPROCAL;
        return positive ? BufferData.uniform(rnd, n, 0.5, 3) : BufferData.uniform(rnd, n, -3, 3);
    }

    @Test
    void biasActivationMatchesTheDefault() {
        Backend cl = ClTesting.device();
        Random rnd = new Random(1);
        DType dt = DType.FLOAT32;
        for (UnaryOp act : activations()) {
            for (int[] s : SIZES) {
                for (int variant = 0; variant < 3; variant++) {
                    boolean withBias = variant != 1;
                    boolean inPlace = variant == 2 && act == null;
                    int rows = s[0];
                    int cols = s[1];
                    String what = "bias+" + act + " " + rows + "x" + cols + (withBias ? " bias" : "")
                            + (inPlace ? " in place" : "");
                    Twin z = Twin.of(cl, dt, inputs(act, rnd, rows * cols));
                    Twin bias = withBias ? Twin.of(cl, dt, BufferData.uniform(rnd, cols, 0, 0.25)) : null;
                    Twin y = inPlace ? z : Twin.zeros(cl, dt, rows * cols);
                    BiasActivationFamily.BIAS_ACTIVATION.run(REF, new BiasActivationFamily.BiasActivation(z.ref(),
                            withBias ? bias.ref() : null, y.ref(), act, 0.2, rows, cols));
                    BiasActivationFamily.BIAS_ACTIVATION.run(cl, new BiasActivationFamily.BiasActivation(z.cl(),
                            withBias ? bias.cl() : null, y.cl(), act, 0.2, rows, cols));
                    assertClose(what + " pre-activation", dt, z.expected(), z.actual(cl));
                    assertClose(what + " output", dt, y.expected(), y.actual(cl));
                    z.free(cl);
                    if (bias != null) {
                        bias.free(cl);
                    }
                    if (!inPlace) {
                        y.free(cl);
                    }
                }
            }
        }
    }

    @Test
    void biasActivationBackwardMatchesTheDefault() {
        Backend cl = ClTesting.device();
        Random rnd = new Random(2);
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (UnaryOp act : activations()) {
                for (int[] s : SIZES) {
                    for (boolean withBias : new boolean[]{true, false}) {
                        int rows = s[0];
                        int cols = s[1];
                        int n = rows * cols;
                        String what = "bias+" + act + " backward " + dt + " " + rows + "x" + cols
                                + (withBias ? " with bias gradient" : "");
                        double[] pre = inputs(act, rnd, n);
                        double[] out = new double[n];
                        for (int i = 0; i < n; i++) {
                            out[i] = act == null ? pre[i] : act.apply(dt == DType.FLOAT32 ? (float) pre[i] : pre[i],
                                    0.2);
                        }
                        Twin p = Twin.of(cl, dt, pre);
                        Twin y = Twin.of(cl, dt, out);
                        Twin gy = Twin.of(cl, dt, BufferData.uniform(rnd, n, -1, 1));
                        Twin gz = Twin.zeros(cl, dt, n);
                        Twin gb = withBias ? Twin.zeros(cl, dt, cols) : null;
                        BiasActivationFamily.BIAS_ACTIVATION_BACKWARD.run(REF,
                                new BiasActivationFamily.BiasActivationBackward(p.ref(), y.ref(), gy.ref(), gz.ref(),
                                withBias ? gb.ref() : null, act, 0.2, rows, cols));
                        BiasActivationFamily.BIAS_ACTIVATION_BACKWARD.run(cl,
                                new BiasActivationFamily.BiasActivationBackward(p.cl(), y.cl(), gy.cl(), gz.cl(),
                                withBias ? gb.cl() : null, act, 0.2, rows, cols));
                        assertClose(what + " gz", dt, gz.expected(), gz.actual(cl));
                        if (withBias) {
                            // column sums of up to 1000 terms accumulated in the device's order
                            assertClose(what + " bias gradient", gb.expected(), gb.actual(cl),
                                    ClTesting.rtol(dt), dt == DType.FLOAT32 ? 1e-4 : 1e-10);
                            gb.free(cl);
                        }
                        for (Twin t : new Twin[]{p, y, gy, gz}) {
                            t.free(cl);
                        }
                    }
                }
            }
        }
    }

    @Test
    void sgdStepsMatchTheDefault() {
        Backend cl = ClTesting.device();
        SgdConfig[] configs = {
                new SgdConfig(0.1, 0, 0, false, 0, false, true),
                new SgdConfig(0.05, 0.9, 0, false, 0.01, false, true),
                new SgdConfig(0.05, 0.9, 0.1, true, 0.01, true, true),
                new SgdConfig(0.02, 0.5, 0.3, false, 0.001, true, true),
        };
        for (SgdConfig first : configs) {
            SgdConfig later = new SgdConfig(first.lr(), first.momentum(), first.dampening(), first.nesterov(),
                    first.weightDecay(), first.decoupled(), false);
            int buffers = first.momentum() != 0 ? 1 : 0;
            runSteps(cl, first.toString(), buffers, (be, step, p, g, state) ->
                    OptimizerFamily.SGD_STEP.run(be, new OptimizerFamily.SgdStep(p, g,
                            buffers == 1 ? state[0] : new Buffer[p.length], step == 0 ? first : later)));
        }
    }

    @Test
    void adamStepsMatchTheDefault() {
        Backend cl = ClTesting.device();
        boolean[][] flags = {{false, false}, {true, false}, {false, true}, {true, true}};
        for (boolean[] f : flags) {
            for (double weightDecay : new double[]{0, 0.01}) {
                boolean decoupled = f[0];
                boolean amsgrad = f[1];
                runSteps(cl, "adam decoupled=" + decoupled + " amsgrad=" + amsgrad + " wd=" + weightDecay, 3,
                        (be, step, p, g, state) -> OptimizerFamily.ADAM_STEP.run(be, new OptimizerFamily.AdamStep(p,
                                g, state[0], state[1], amsgrad ? state[2] : new Buffer[p.length],
                                new AdamConfig(1e-2, 0.9, 0.999, 1e-8, weightDecay, decoupled, amsgrad, step + 1))));
            }
        }
    }

    /** One optimizer step (0-based {@code step}) over parameters, gradients and state buffers. */
    private interface Step {
        void apply(Backend be, int step, Buffer[] params, Buffer[] grads, Buffer[][] state);
    }

    /** Runs five steps on the reference and on the device, then compares every parameter and state buffer. */
    private static void runSteps(Backend cl, String what, int stateBuffers, Step step) {
        Random rnd = new Random(what.hashCode());
        int[] sizes = {1, 7, 1000, 3001};
        Twin[] params = new Twin[sizes.length];
        Twin[] grads = new Twin[sizes.length];
        Twin[][] state = new Twin[stateBuffers][sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            params[i] = Twin.of(cl, DType.FLOAT32, BufferData.uniform(rnd, sizes[i], -1, 1));
            grads[i] = Twin.of(cl, DType.FLOAT32, BufferData.uniform(rnd, sizes[i], -1, 1));
            for (int s = 0; s < stateBuffers; s++) {
                state[s][i] = Twin.zeros(cl, DType.FLOAT32, sizes[i]);
            }
        }
        for (int stepIndex = 0; stepIndex < 5; stepIndex++) {
            for (boolean device : new boolean[]{false, true}) {
                Backend be = device ? cl : REF;
                Buffer[] p = new Buffer[sizes.length];
                Buffer[] g = new Buffer[sizes.length];
                Buffer[][] st = new Buffer[stateBuffers][sizes.length];
                for (int i = 0; i < sizes.length; i++) {
                    p[i] = device ? params[i].cl() : params[i].ref();
                    g[i] = device ? grads[i].cl() : grads[i].ref();
                    for (int s = 0; s < stateBuffers; s++) {
                        st[s][i] = device ? state[s][i].cl() : state[s][i].ref();
                    }
                }
                step.apply(be, stepIndex, p, g, st);
            }
        }
        for (int i = 0; i < sizes.length; i++) {
            assertClose(what + " parameter " + i, DType.FLOAT32, params[i].expected(), params[i].actual(cl));
            for (int s = 0; s < stateBuffers; s++) {
                assertClose(what + " state " + s + " of parameter " + i, DType.FLOAT32, state[s][i].expected(),
                        state[s][i].actual(cl));
            }
        }
    }
}
