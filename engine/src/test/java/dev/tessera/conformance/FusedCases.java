package dev.tessera.conformance;

import static dev.tessera.conformance.ConformanceData.values;

import dev.tessera.ConvShape;
import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.BiasActivationFamily.BiasActivation;
import dev.tessera.backend.fused.BiasActivationFamily.BiasActivationBackward;
import dev.tessera.backend.fused.BiasActivationFamily;
import dev.tessera.backend.fused.BiasActivationFamily.Linear;
import dev.tessera.backend.fused.ConvFamily.Conv2d;
import dev.tessera.backend.fused.ConvFamily.Conv2dBackwardInput;
import dev.tessera.backend.fused.ConvFamily.Conv2dBackwardWeight;
import dev.tessera.backend.fused.ConvFamily;
import dev.tessera.backend.fused.FusedOp;
import dev.tessera.backend.fused.OptimizerFamily.AdamStep;
import dev.tessera.backend.fused.OptimizerFamily.SgdStep;
import dev.tessera.backend.fused.OptimizerFamily;
import dev.tessera.backend.fused.PoolFamily.MaxPool2d;
import dev.tessera.backend.fused.PoolFamily.MaxPool2dBackward;
import dev.tessera.backend.fused.PoolFamily;
import dev.tessera.backend.fused.RecurrentFamily.Cell;
import dev.tessera.backend.fused.RecurrentFamily.CellStep;
import dev.tessera.backend.fused.RecurrentFamily.CellStepBackward;
import dev.tessera.backend.fused.RecurrentFamily;
import dev.tessera.backend.fused.SoftmaxFamily.CrossEntropy;
import dev.tessera.backend.fused.SoftmaxFamily.CrossEntropyBackward;
import dev.tessera.backend.fused.SoftmaxFamily.Softmax;
import dev.tessera.backend.fused.SoftmaxFamily.SoftmaxBackward;
import dev.tessera.backend.fused.SoftmaxFamily;
import dev.tessera.conformance.ConformanceData.Domain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The conformance cases of every fused-op descriptor: argument records of awkward sizes built from seeded data. The
 * suite builds each case twice, runs the backend's registered kernel on one and the default composition on the
 * other, and compares every buffer operand afterwards. A descriptor without cases here fails the suite.
 */
final class FusedCases {
    private FusedCases() {
    }

    /** Builds the buffers of one case on the device under test, in the suite's floating dtype. */
    interface Maker {
        /** The backend under test (to run a composition that produces consistent inputs). */
        Backend backend();

        /** The floating dtype of the case. */
        DType dtype();

        /** A buffer holding {@code v}. */
        Buffer of(double[] v);

        /** A zero-filled buffer of n elements. */
        default Buffer zeros(int n) {
            return of(new double[n]);
        }

        /** An INT32 buffer of {@code rows} labels in [0, classes). */
        Buffer labels(int rows, int classes);
    }

    /**
     * One case: a name, the absolute tolerance of the comparison (rtol is the suite's) and how to build its
     * arguments.
     */
    record Case(String name, double atol, Function<Maker, Record> args) {
    }

    /** The cases of every descriptor. */
    static Map<FusedOp<?>, List<Case>> cases() {
        return Holder.CASES;
    }

    /** Built on first use, after every size table of this class is initialized. */
    private static final class Holder {
        static final Map<FusedOp<?>, List<Case>> CASES = build();
    }

    private static Map<FusedOp<?>, List<Case>> build() {
        Map<FusedOp<?>, List<Case>> c = new IdentityHashMap<>();
        c.put(SoftmaxFamily.SOFTMAX, softmax());
        c.put(SoftmaxFamily.SOFTMAX_BACKWARD, softmaxBackward());
        c.put(SoftmaxFamily.CROSS_ENTROPY, crossEntropy());
        c.put(SoftmaxFamily.CROSS_ENTROPY_BACKWARD, crossEntropyBackward());
        c.put(BiasActivationFamily.BIAS_ACTIVATION, biasActivation());
        c.put(BiasActivationFamily.BIAS_ACTIVATION_BACKWARD, biasActivationBackward());
        c.put(BiasActivationFamily.LINEAR, linear());
        c.put(OptimizerFamily.SGD_STEP, sgdStep());
        c.put(OptimizerFamily.ADAM_STEP, adamStep());
        c.put(ConvFamily.CONV2D, windowed(CONV_SHAPES, 1e-4, s -> m -> new Conv2d(
                m.of(values(s.inputNumel(), Domain.ANY, 110)), m.of(values(s.weightNumel(), Domain.ANY, 111)),
                m.zeros(s.outputNumel()), s)));
        c.put(ConvFamily.CONV2D_BACKWARD_INPUT, windowed(CONV_SHAPES, 1e-4, s -> m -> new Conv2dBackwardInput(
                m.of(values(s.outputNumel(), Domain.ANY, 112)), m.of(values(s.weightNumel(), Domain.ANY, 111)),
                m.of(values(s.inputNumel(), Domain.ANY, 113)), s)));
        c.put(ConvFamily.CONV2D_BACKWARD_WEIGHT, windowed(CONV_SHAPES, 1e-4, s -> m -> new Conv2dBackwardWeight(
                m.of(values(s.inputNumel(), Domain.ANY, 110)), m.of(values(s.outputNumel(), Domain.ANY, 112)),
                m.of(values(s.weightNumel(), Domain.ANY, 114)), s)));
        c.put(PoolFamily.MAX_POOL2D, windowed(POOL_SHAPES, 1e-6, s -> m -> new MaxPool2d(
                m.of(values(s.inputNumel(), Domain.ANY, 115)), m.zeros(s.outputNumel()), m.labels(s.outputNumel(), 1),
                s)));
        c.put(PoolFamily.MAX_POOL2D_BACKWARD, windowed(POOL_SHAPES, 1e-6, s -> m -> {
            Buffer indices = m.labels(s.outputNumel(), 1);
            PoolFamily.MAX_POOL2D.runDefault(m.backend(), new MaxPool2d(
                    m.of(values(s.inputNumel(), Domain.ANY, 115)), m.zeros(s.outputNumel()), indices, s));
            return new MaxPool2dBackward(m.of(values(s.outputNumel(), Domain.ANY, 116)), indices,
                    m.of(values(s.inputNumel(), Domain.ANY, 117)), s);
        }));
        c.put(RecurrentFamily.CELL_STEP, cellStep());
        c.put(RecurrentFamily.CELL_STEP_BACKWARD, cellStepBackward());
        return c;
    }

    // ---------------------------------------------------------------- softmax family

    private static final int[][] SOFTMAX_SHAPES = {{7, 13, 1}, {3, 5, 4}, {1, 1, 1}, {64, 1000, 1}, {2, 9, 33}};

    private static List<Case> softmax() {
        List<Case> cases = new ArrayList<>();
        for (int[] s : SOFTMAX_SHAPES) {
            for (boolean log : new boolean[]{false, true}) {
                int n = s[0] * s[1] * s[2];
                double[] v = values(n, Domain.ANY, 54);
                v[0] = 80;
                cases.add(new Case((log ? "log " : "") + Arrays.toString(s), 1e-5,
                        m -> new Softmax(m.of(v), m.zeros(n), s[0], s[1], s[2], log)));
            }
        }
        cases.add(new Case("in place [6, 33, 1]", 1e-5, m -> {
            Buffer x = m.of(values(6 * 33, Domain.ANY, 53));
            return new Softmax(x, x, 6, 33, 1, false);
        }));
        return cases;
    }

    private static List<Case> softmaxBackward() {
        List<Case> cases = new ArrayList<>();
        for (int[] s : SOFTMAX_SHAPES) {
            for (boolean log : new boolean[]{false, true}) {
                int n = s[0] * s[1] * s[2];
                cases.add(new Case((log ? "log " : "") + Arrays.toString(s), 1e-4, m -> {
                    Buffer y = m.zeros(n);
                    SoftmaxFamily.SOFTMAX.runDefault(m.backend(),
                            new Softmax(m.of(values(n, Domain.ANY, 54)), y, s[0], s[1], s[2], log));
                    return new SoftmaxBackward(y, m.of(values(n, Domain.ANY, 55)), m.zeros(n), s[0], s[1], s[2], log);
                }));
            }
        }
        return cases;
    }

    private static final int[][] CE_SHAPES = {{1, 1}, {7, 10}, {33, 1000}, {5, 3}};

    /** The arguments of one cross-entropy case. */
    private interface CrossEntropyArgs {
        Record of(Maker m, int rows, int classes, boolean weighted, double eps);
    }

    /** One case per {@link #CE_SHAPES} shape, with and without class weights, without and with label smoothing. */
    private static List<Case> crossEntropyCases(double atol, CrossEntropyArgs args) {
        List<Case> cases = new ArrayList<>();
        for (int[] rc : CE_SHAPES) {
            for (boolean weighted : new boolean[]{false, true}) {
                for (double eps : new double[]{0, 0.1}) {
                    int rows = rc[0];
                    int classes = rc[1];
                    cases.add(new Case(rows + "x" + classes + (weighted ? " weighted" : "") + " eps=" + eps, atol,
                            m -> args.of(m, rows, classes, weighted, eps)));
                }
            }
        }
        return cases;
    }

    private static List<Case> crossEntropy() {
        return crossEntropyCases(1e-5, (m, rows, classes, weighted, eps) -> {
            double[] logits = values(rows * classes, Domain.ANY, 56);
            logits[0] = 60;
            return new CrossEntropy(m.of(logits), m.labels(rows, classes),
                    weighted ? m.of(values(classes, Domain.POSITIVE, 57)) : null, m.zeros(rows),
                    m.zeros(rows * classes), rows, classes, eps);
        });
    }

    private static List<Case> crossEntropyBackward() {
        return crossEntropyCases(1e-4, (m, rows, classes, weighted, eps) -> {
            Buffer labels = m.labels(rows, classes);
            Buffer w = weighted ? m.of(values(classes, Domain.POSITIVE, 57)) : null;
            Buffer logProbs = m.zeros(rows * classes);
            SoftmaxFamily.CROSS_ENTROPY.runDefault(m.backend(), new CrossEntropy(
                    m.of(values(rows * classes, Domain.ANY, 56)), labels, w, m.zeros(rows), logProbs, rows, classes,
                    eps));
            return new CrossEntropyBackward(logProbs, labels, w, m.of(values(rows, Domain.ANY, 58)),
                    m.zeros(rows * classes), rows, classes, eps);
        });
    }

    // ---------------------------------------------------------------- bias + activation

    private static final int[][] BIAS_SHAPES = {{1, 1}, {7, 13}, {256, 1024}};

    /** Every activation and the identity (null). */
    private static List<UnaryOp> activations() {
        List<UnaryOp> acts = new ArrayList<>(Arrays.asList(UnaryOp.values()));
        acts.add(null);
        return acts;
    }

    private static Domain domain(UnaryOp act) {
        return act == null || BackendConformanceTest.domainOf(act) == Domain.ANY ? Domain.ANY : Domain.POSITIVE;
    }

    /** The arguments of one bias + activation case. */
    private interface BiasArgs {
        Record of(Maker m, UnaryOp act, double alpha, int rows, int cols, boolean withBias);
    }

    /** One case per activation (and the identity), {@link #BIAS_SHAPES} shape, with and without a bias. */
    private static List<Case> biasCases(double atol, BiasArgs args) {
        List<Case> cases = new ArrayList<>();
        for (UnaryOp act : activations()) {
            double alpha = act == null ? 0 : BackendConformanceTest.alphaOf(act);
            for (int[] rc : BIAS_SHAPES) {
                for (boolean withBias : new boolean[]{false, true}) {
                    int rows = rc[0];
                    int cols = rc[1];
                    cases.add(new Case(act + " " + rows + "x" + cols + (withBias ? "" : " no bias"), atol,
                            m -> args.of(m, act, alpha, rows, cols, withBias)));
                }
            }
        }
        return cases;
    }

    private static List<Case> biasActivation() {
        return biasCases(1e-5, (m, act, alpha, rows, cols, withBias) -> {
            Buffer z = m.of(values(rows * cols, domain(act), 59));
            Buffer bias = withBias ? m.of(values(cols, domain(act), 60)) : null;
            return new BiasActivation(z, bias, act == null ? z : m.zeros(rows * cols), act, alpha, rows, cols);
        });
    }

    /** {rows, in, out}: one element, partial tiles, and a product that is threaded and crosses the GEMM's blocks. */
    private static final int[][] LINEAR_SHAPES = {{1, 1, 1}, {7, 5, 13}, {37, 70, 130}, {256, 300, 520}};

    private static List<Case> linear() {
        List<Case> cases = new ArrayList<>();
        for (UnaryOp act : activations()) {
            double alpha = act == null ? 0 : BackendConformanceTest.alphaOf(act);
            boolean common = act == null || act == UnaryOp.RELU || act == UnaryOp.GELU;
            for (int[] s : LINEAR_SHAPES) {
                if (s[0] * s[2] > 1000 && !common) {
                    continue;
                }
                for (boolean xTransposed : new boolean[]{false, true}) {
                    int rows = s[0];
                    int in = s[1];
                    int out = s[2];
                    String name = act + " " + rows + "x" + in + "->" + out + (xTransposed ? " x^T" : "");
                    cases.add(new Case(name, 1e-4, m -> {
                        // x stored [in, rows] when transposed, behind an offset of 3; W [out, in], used as W^T;
                        // operands in the activation's domain keep z in it
                        Buffer x = m.of(values(3 + rows * in, domain(act), 62));
                        Buffer w = m.of(values(out * in, domain(act), 63));
                        Buffer z = m.zeros(rows * out);
                        Gemm g = new Gemm(1, rows, out, in, xTransposed, true, 3, xTransposed ? rows : in, 0, 0, in,
                                0, 0, out, 0, 1.0, 0.0);
                        return new Linear(g, x, w, z, xTransposed ? null : m.of(values(out, domain(act), 64)),
                                act == null ? z : m.zeros(rows * out), act, alpha);
                    }));
                }
            }
        }
        return cases;
    }

    private static List<Case> biasActivationBackward() {
        return biasCases(1e-3, (m, act, alpha, rows, cols, withBias) -> {
            Buffer pre = m.of(values(rows * cols, domain(act), 59));
            Buffer y = act == null ? pre : m.zeros(rows * cols);
            BiasActivationFamily.BIAS_ACTIVATION.runDefault(m.backend(),
                    new BiasActivation(pre, null, y, act, alpha, rows, cols));
            return new BiasActivationBackward(pre, y, m.of(values(rows * cols, Domain.ANY, 61)),
                    m.zeros(rows * cols), withBias ? m.zeros(cols) : null, act, alpha, rows, cols);
        });
    }

    // ---------------------------------------------------------------- optimizer steps

    private static final int[] PARAM_SIZES = {1, 7, 1025};

    /** One buffer per parameter size, of seeded values from {@code domain}. */
    private static Buffer[] group(Maker m, Domain domain, long seed) {
        Buffer[] out = new Buffer[PARAM_SIZES.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.of(values(PARAM_SIZES[i], domain, seed + i));
        }
        return out;
    }

    private static List<Case> sgdStep() {
        return each(List.of(
                new SgdConfig(0.1, 0, 0, false, 0, false, true),
                new SgdConfig(0.05, 0.9, 0, false, 0.01, false, true),
                new SgdConfig(0.05, 0.9, 0.1, false, 0.01, false, false),
                new SgdConfig(0.05, 0.9, 0, true, 0.02, true, false)), SgdConfig::toString, 1e-6,
                c -> m -> new SgdStep(group(m, Domain.ANY, 65), group(m, Domain.ANY, 70),
                        c.momentum() != 0 ? group(m, Domain.ANY, 80) : new Buffer[PARAM_SIZES.length], c));
    }

    private static List<Case> adamStep() {
        return each(List.of(
                new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0, false, false, 1),
                new AdamConfig(1e-2, 0.8, 0.99, 1e-6, 0.01, false, false, 10),
                new AdamConfig(1e-2, 0.9, 0.999, 1e-8, 0.05, true, false, 3),
                new AdamConfig(1e-2, 0.9, 0.999, 1e-8, 0.0, false, true, 7)), AdamConfig::toString, 1e-6,
                c -> m -> new AdamStep(group(m, Domain.ANY, 65), group(m, Domain.ANY, 70), group(m, Domain.ANY, 80),
                        group(m, Domain.POSITIVE, 90),
                        c.amsgrad() ? group(m, Domain.POSITIVE, 100) : new Buffer[PARAM_SIZES.length], c));
    }

    // ---------------------------------------------------------------- convolution

    /**
     * Convolution shapes: padding, stride, dilation, rectangular kernels, groups, depthwise, 1x1, an output that leaves
     * input rows unread (their input gradient must be written 0: the output buffers start non-zero), and one large
     * enough for a backend's tiled and threaded paths.
     */
    private static final List<ConvShape> CONV_SHAPES = List.of(
            ConvShape.of(2, 3, 5, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1),
            ConvShape.of(3, 4, 9, 7, 5, 3, 2, 2, 1, 0, 1, 2, 2, 1),
            ConvShape.of(2, 4, 6, 6, 6, 3, 3, 1, 2, 2, 1, 1, 1, 2),
            ConvShape.of(2, 3, 6, 5, 6, 3, 3, 1, 1, 1, 1, 1, 1, 3),
            ConvShape.of(1, 5, 4, 4, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1),
            new ConvShape(1, 2, 7, 7, 3, 3, 3, 2, 3, 2, 2, 0, 1, 1, 1, 1),
            ConvShape.of(5, 16, 12, 11, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1));

    // ---------------------------------------------------------------- recurrent cells

    /** {batch, hidden}. */
    private static final int[][] CELL_SIZES = {{1, 1}, {3, 5}, {32, 67}};

    /**
     * One step in the middle of a 3-step sequence: step 1 of x, states slots 1 -> 2 (2 -> 1 in reverse) of a
     * [S, 4, B, H] states buffer, mask rows alternating 1, 0 when masked.
     */
    private record CellSetup(Cell cell, int batch, int hidden, boolean bias, boolean masked, boolean reverse) {
        int bh() {
            return batch * hidden;
        }

        int gh() {
            return cell.gates() * hidden;
        }

        String name() {
            return cell + " " + batch + "x" + hidden + (bias ? "" : " no bias") + (masked ? " masked" : "")
                    + (reverse ? " reverse" : "");
        }

        CellStep step(Maker m) {
            double[] keep = new double[3 * batch];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = i % 2 == 0 ? 1 : 0;
            }
            return new CellStep(cell, m.of(values(3 * batch * gh(), Domain.ANY, 62)), batch * gh(),
                    m.of(values(batch * gh(), Domain.ANY, 63)), bias ? m.of(values(gh(), Domain.ANY, 64)) : null,
                    m.of(values(cell.stateCount() * 4 * bh(), Domain.ANY, 66)), (reverse ? 2 : 1) * bh(),
                    (reverse ? 1 : 2) * bh(), 4 * bh(), cell.savedBlocks() == 0 ? null : m.zeros(3 * batch * 4 * hidden),
                    batch * 4 * hidden, masked ? m.of(keep) : null, batch, batch, hidden);
        }
    }

    private static List<CellSetup> cellSetups() {
        List<CellSetup> out = new ArrayList<>();
        for (Cell cell : Cell.values()) {
            for (int[] bh : CELL_SIZES) {
                for (boolean masked : new boolean[]{false, true}) {
                    out.add(new CellSetup(cell, bh[0], bh[1], !masked, masked, masked));
                }
            }
        }
        return out;
    }

    private static List<Case> cellStep() {
        return each(cellSetups(), CellSetup::name, 1e-5, s -> s::step);
    }

    private static List<Case> cellStepBackward() {
        return each(cellSetups(), CellSetup::name, 1e-4, s -> m -> {
            CellStep f = s.step(m);
            RecurrentFamily.CELL_STEP.runDefault(m.backend(), f);
            int gxSize = 3 * s.batch() * s.gh();
            return new CellStepBackward(s.cell(), f.saved(), f.savedOffset(), f.states(), f.prevOffset(),
                    f.nextOffset(), f.cellOffset(), f.keep(), f.keepOffset(),
                    m.of(values(s.cell().stateCount() * 4 * s.bh(), Domain.ANY, 67)),
                    m.of(values(s.cell().stateCount() * s.bh(), Domain.ANY, 68)), m.zeros(gxSize), f.xOffset(),
                    s.cell() == Cell.GRU ? m.zeros(gxSize) : null, f.xOffset(), s.batch(), s.hidden());
        });
    }

    // ---------------------------------------------------------------- pooling

    /** Pooling windows: 2x2 stride 2, 3x3 stride 2 padded, dilated, rectangular, overlapping stride 1, uneven sizes. */
    private static final List<ConvShape> POOL_SHAPES = List.of(
            ConvShape.pooling(2, 3, 6, 8, 2, 2, 3, 4, 2, 2, 0, 0, 1, 1),
            ConvShape.pooling(3, 4, 7, 7, 3, 3, 4, 4, 2, 2, 1, 1, 1, 1),
            ConvShape.pooling(1, 2, 9, 8, 3, 2, 4, 8, 2, 1, 1, 1, 2, 2),
            ConvShape.pooling(2, 5, 5, 6, 3, 3, 3, 4, 1, 1, 0, 0, 1, 1),
            ConvShape.pooling(4, 16, 13, 11, 2, 2, 6, 5, 2, 2, 0, 0, 1, 1));

    /** One case per shape, named by the shape. */
    private static List<Case> windowed(List<ConvShape> shapes, double atol,
                                       Function<ConvShape, Function<Maker, Record>> args) {
        return each(shapes, ConvShape::toString, atol, args);
    }

    /** One case per setting {@code t} of {@code settings}: its name, the tolerance and the arguments built for it. */
    private static <T> List<Case> each(List<T> settings, Function<T, String> name, double atol,
                                       Function<T, Function<Maker, Record>> args) {
        List<Case> cases = new ArrayList<>();
        for (T t : settings) {
            cases.add(new Case(name.apply(t), atol, args.apply(t)));
        }
        return cases;
    }
}
