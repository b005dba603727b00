package dev.tessera.conformance;

import static dev.tessera.conformance.ConformanceData.numel;
import static dev.tessera.conformance.ConformanceData.tensor;
import static dev.tessera.conformance.ConformanceData.values;

import dev.tessera.AdamHyperparameters;
import dev.tessera.ConvShape;
import dev.tessera.Convolutions;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.HalfFloats;
import dev.tessera.ParameterUpdates;
import dev.tessera.Pooling;
import dev.tessera.Recurrence;
import dev.tessera.Scope;
import dev.tessera.SgdHyperparameters;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import dev.tessera.conformance.ConformanceData.Domain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The half-precision cases of the conformance suite. Each case runs one op, or one composition, through the Tensor
 * API on FLOAT16 or BFLOAT16 inputs on the device under test; the expected value is the same computation in FLOAT32
 * on the reference backend, on the same (half-representable) inputs, rounded once to the half type. Where a case
 * differentiates, the gradients (which must have the half type) are compared the same way.
 *
 * <p>Tolerances, in ulps of the half type, per case: {@code ulps} of each expected element, plus {@code spanUlps} of
 * the largest expected magnitude. A single primitive computes in FLOAT32 and rounds once, so it may differ from the
 * reference only where the two FLOAT32 results straddle a rounding boundary: 1 ulp, no span. A composition rounds
 * each intermediate to the half type (softmax: shifted logits, exponentials, their sum; a norm: mean, centred values,
 * variance), and errors of the order of an ulp of the largest intermediate survive cancellation, hence the span
 * term. Gradients are compositions too (the probe product, the sum, then each backward primitive).
 */
final class HalfCases {
    /** Large enough to cross thread and vector blocking in the conversions. */
    private static final int LARGE = 1 << 18;

    private HalfCases() {
    }

    /**
     * One half-precision check.
     *
     * @param name     reported name
     * @param f        the computation; integer inputs it needs are built on {@code t[0].device()}
     * @param shapes   shapes of the floating inputs
     * @param domains  domain of each input
     * @param ulps     tolerance in ulps of each expected element
     * @param spanUlps tolerance in ulps of the largest expected magnitude
     * @param grad     whether gradients are compared (see {@link #gradSpanUlps})
     */
    record Case(String name, Function<Tensor[], Tensor> f, int[][] shapes, Domain[] domains, double ulps,
                double spanUlps, boolean grad) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Span tolerance of gradients, in ulps of the largest gradient element of the input: twice the forward span, at
     * least 8, since a gradient is a longer composition than its forward pass, and a broadcast input's gradient sums
     * many rounded products (each within half an ulp).
     */
    static double gradSpanUlps(Case c) {
        return Math.max(8, 2 * c.spanUlps());
    }

    private static Case one(String name, Function<Tensor[], Tensor> f, int[] shape, Domain domain, boolean grad) {
        return new Case(name, f, new int[][]{shape}, new Domain[]{domain}, 1, 0, grad);
    }

    private static Domain[] all(Domain d, int n) {
        Domain[] out = new Domain[n];
        Arrays.fill(out, d);
        return out;
    }

    /** Every case: each unary and binary op, where, reductions, matmul, indexing, fused ops, optimizers. */
    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            double alpha = BackendConformanceTest.alphaOf(op);
            cases.add(one("unary." + op, t -> t[0].apply(op, alpha), new int[]{13, 17},
                    BackendConformanceTest.domainOf(op), true));
        }
        cases.add(one("unary.EXP transposed view", t -> t[0].t().exp(), new int[]{6, 9}, Domain.ANY, false));
        cases.add(one("unary.TANH large", t -> t[0].tanh(), new int[]{LARGE}, Domain.ANY, false));
        for (BinaryOp op : BinaryOp.values()) {
            Domain[] d = BackendConformanceTest.domainsOf(op);
            boolean differentiable = switch (op) {
                case ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM -> true;
                default -> false;
            };
            cases.add(new Case("binary." + op, t -> BackendConformanceTest.binary(op, t[0], t[1]),
                    new int[][]{{3, 1, 5}, {4, 1}}, d, 1, 0, differentiable));
        }
        cases.add(new Case("binary.MUL transposed view x dense", t -> t[0].t().mul(t[1]), new int[][]{{5, 7}, {7, 5}},
                all(Domain.ANY, 2), 1, 0, true));
        cases.add(new Case("binary.ADD large", t -> t[0].add(t[1]), new int[][]{{LARGE}, {LARGE}},
                all(Domain.ANY, 2), 1, 0, false));
        cases.add(new Case("binary.MUL by a scalar", t -> t[0].mul(0.3).add(1.7), new int[][]{{9}},
                all(Domain.ANY, 1), 1, 1, true));
        cases.add(new Case("where", t -> Tensor.where(t[0].gt(0), t[1], t[2]), new int[][]{{3, 4}, {4}, {3, 1}},
                new Domain[]{Domain.SMALL_INTEGERS, Domain.ANY, Domain.ANY}, 0, 0, true));
        addReductions(cases);
        addMatmuls(cases);
        addIndexing(cases);
        addFused(cases);
        addOptimizers(cases);
        return cases;
    }

    private static void addReductions(List<Case> cases) {
        for (ReduceOp op : ReduceOp.values()) {
            int[] axes = op.producesIndices() ? new int[]{1} : new int[]{0, 2};
            cases.add(one("reduce." + op, t -> BackendConformanceTest.reduce(op, t[0], axes), new int[]{3, 4, 5},
                    Domain.ANY, !op.producesIndices()));
        }
        cases.add(one("reduce.SUM large (FLOAT32 accumulation)", t -> t[0].sum(), new int[]{LARGE}, Domain.POSITIVE,
                false));
        cases.add(one("reduce.ARGMAX with ties", t -> t[0].argmax(0, false), new int[]{9, 4}, Domain.SMALL_INTEGERS,
                false));
        cases.add(new Case("reduce.mean", t -> t[0].mean(new int[]{1}, true), new int[][]{{4, 6}},
                all(Domain.ANY, 1), 1, 1, true));
        cases.add(new Case("reduce.var", t -> t[0].var(new int[]{0}, 1, false), new int[][]{{4, 6}},
                all(Domain.ANY, 1), 2, 4, true));
        cases.add(new Case("reduce.std", t -> t[0].std(), new int[][]{{4, 6}}, all(Domain.ANY, 1), 2, 4, true));
        cases.add(new Case("reduce.logsumexp", t -> t[0].logsumexp(1), new int[][]{{4, 6}}, all(Domain.ANY, 1), 2, 2,
                true));
    }

    private static void addMatmuls(List<Case> cases) {
        int[][][] shapes = {{{3, 5}, {5, 7}}, {{64, 33}, {33, 65}}, {{5}, {5, 3}}, {{2, 3, 4}, {2, 4, 5}},
            {{3, 4}, {2, 4, 5}}, {{3, 0}, {0, 4}}};
        for (int[][] s : shapes) {
            cases.add(new Case("matmul " + Arrays.toString(s[0]) + " x " + Arrays.toString(s[1]),
                    t -> t[0].matmul(t[1]), s, all(Domain.ANY, 2), 1, 0, numel(s[0]) > 0));
        }
        cases.add(new Case("matmul A^T B^T", t -> t[0].t().matmul(t[1].t()), new int[][]{{9, 6}, {7, 9}},
                all(Domain.ANY, 2), 1, 0, true));
        cases.add(new Case("linear + bias", t -> t[0].linear(t[1], t[2]), new int[][]{{4, 6}, {5, 6}, {5}},
                all(Domain.ANY, 3), 1, 1, true));
        cases.add(new Case("linear + bias + GELU", t -> t[0].linear(t[1], t[2], UnaryOp.GELU, 0),
                new int[][]{{4, 6}, {5, 6}, {5}}, all(Domain.ANY, 3), 2, 2, true));
    }

    private static void addIndexing(List<Case> cases) {
        double[] gatherIdx = new double[4 * 2 * 3];
        for (int i = 0; i < gatherIdx.length; i++) {
            gatherIdx[i] = (i * 7 + 3) % 5;
        }
        cases.add(new Case("index.GATHER", t -> t[0].gather(1, ints(t[0], gatherIdx, 4, 2, 3)),
                new int[][]{{4, 5, 3}}, all(Domain.ANY, 1), 0, 0, true));
        double[] scatterIdx = {0, 5, 5, 2, 1, 1, 1, 0, 3, 4, 3, 3};
        cases.add(new Case("index.SCATTER_ADD", t -> t[0].scatterAdd(1, ints(t[0], scatterIdx, 3, 4), t[1]),
                new int[][]{{3, 6}, {3, 4}}, all(Domain.ANY, 2), 1, 2, true));
        double[] rows = {4, 0, 0, 2, 4, 1, 3};
        cases.add(new Case("index.INDEX_SELECT (embedding lookup)", t -> t[0].indexSelect(0, ints(t[0], rows, 7)),
                new int[][]{{5, 4}}, all(Domain.ANY, 1), 0, 0, true));
    }

    /** An INT32 tensor on the device of {@code like}. */
    private static Tensor ints(Tensor like, double[] v, int... shape) {
        return tensor(like.device(), DType.INT32, v, shape);
    }

    private static void addFused(List<Case> cases) {
        cases.add(new Case("softmax", t -> t[0].softmax(1), new int[][]{{7, 13}}, all(Domain.ANY, 1), 2, 2, true));
        cases.add(new Case("softmax wide", t -> t[0].softmax(1), new int[][]{{4, 1000}}, all(Domain.ANY, 1), 2, 2,
                false));
        cases.add(new Case("logSoftmax", t -> t[0].logSoftmax(1), new int[][]{{7, 13}}, all(Domain.ANY, 1), 2, 2,
                true));
        double[] labels = {1, 8, 5, 2, 9, 6, 3};
        cases.add(new Case("softmaxCrossEntropy", t -> t[0].softmaxCrossEntropy(ints(t[0], labels, 7), null, 0),
                new int[][]{{7, 10}}, all(Domain.ANY, 1), 2, 2, true));
        cases.add(new Case("softmaxCrossEntropy weighted smoothed",
                t -> t[0].softmaxCrossEntropy(ints(t[0], labels, 7), t[1], 0.1), new int[][]{{7, 10}, {10}},
                new Domain[]{Domain.ANY, Domain.POSITIVE}, 2, 2, true));
        cases.add(new Case("norm (layer norm composition)", t -> {
            Tensor centred = t[0].sub(t[0].mean(new int[]{1}, true));
            return centred.mul(centred.var(new int[]{1}, 0, true).add(1e-5).rsqrt()).mul(t[1]).add(t[2]);
        }, new int[][]{{6, 8}, {8}, {8}}, all(Domain.ANY, 3), 2, 4, true));
        ConvShape conv = ConvShape.of(2, 3, 6, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        int[] in = {conv.batch(), conv.inChannels(), conv.height(), conv.width()};
        int[] w = {conv.outChannels(), conv.groupIn(), conv.kernelH(), conv.kernelW()};
        int[] out = {conv.batch(), conv.outChannels(), conv.outH(), conv.outW()};
        cases.add(new Case("conv2d", t -> Convolutions.conv2d(t[0], t[1], conv), new int[][]{in, w},
                all(Domain.ANY, 2), 1, 1, true));
        cases.add(new Case("conv2dTranspose", t -> Convolutions.conv2dTranspose(t[0], t[1], conv),
                new int[][]{out, w}, all(Domain.ANY, 2), 1, 1, true));
        ConvShape pool = ConvShape.pooling(2, 3, 6, 7, 2, 2, 3, 3, 2, 2, 0, 0, 1, 1);
        cases.add(one("maxPool2d", t -> Pooling.maxPool2d(t[0], pool),
                new int[]{pool.batch(), pool.inChannels(), pool.height(), pool.width()}, Domain.ANY, true));
        for (String cell : new String[]{"RNN_TANH", "LSTM", "GRU"}) {
            int gates = cell.equals("LSTM") ? 4 : cell.equals("GRU") ? 3 : 1;
            int[][] shapes = {{4, 3, gates * 5}, {3, 5}, {3, 5}, {gates * 5, 5}, {gates * 5}};
            cases.add(new Case("recurrence." + cell, t -> switch (cell) {
                case "LSTM" -> Recurrence.lstm(t[0], t[1], t[2], t[3], t[4], null, false);
                case "GRU" -> Recurrence.gru(t[0], t[1], t[3], t[4], null, false);
                default -> Recurrence.rnn(t[0], t[1], t[3], t[4], null, false, false);
            }, shapes, all(Domain.ANY, shapes.length), 2, 8, true));
        }
    }

    private static void addOptimizers(List<Case> cases) {
        int[][] shapes = {{33}, {33}, {33}, {33}};
        Domain[] domains = {Domain.ANY, Domain.ANY, Domain.ANY, Domain.POSITIVE};
        cases.add(new Case("optimizer.adam", t -> {
            ParameterUpdates.adam(List.of(t[0]), List.of(t[1]), List.of(t[2]), List.of(t[3]), null,
                    new AdamHyperparameters(0.05, 0.9, 0.999, 1e-8, 0.01, true, false, 3));
            return Tensor.concat(0, t[0], t[2], t[3]);
        }, shapes, domains, 2, 2, false));
        cases.add(new Case("optimizer.sgd momentum nesterov", t -> {
            ParameterUpdates.sgd(List.of(t[0]), List.of(t[1]), List.of(t[2]),
                    new SgdHyperparameters(0.1, 0.9, 0, true, 0.01, false, false));
            return Tensor.concat(0, t[0], t[2]);
        }, new int[][]{{33}, {33}, {33}}, all(Domain.ANY, 3), 2, 2, false));
    }

    /**
     * Casts to and from {@code half} through {@code to(DType)} on dense and transposed tensors: narrowing rounds to
     * nearest even, widening is exact, to INT32 truncates toward zero; fills round the constant; the gradient of a
     * cast has the source's dtype.
     */
    static void checkCasts(DType half, Device device) {
        double[] v = values(6 * 7, Domain.ANY, 300);
        for (int i = 0; i < v.length; i++) {
            v[i] *= 1000;
        }
        List<DType> sources = new ArrayList<>(List.of(DType.FLOAT32, DType.INT32, half == DType.FLOAT16
                ? DType.BFLOAT16 : DType.FLOAT16));
        if (device.backend().supports(DType.FLOAT64)) {
            sources.add(DType.FLOAT64);
        }
        for (DType from : sources) {
            if (!device.backend().supports(from)) {
                continue;
            }
            Tensor src = tensor(device, from, v, 6, 7);
            double[] exact = src.toDoubleArray();
            double[] exactT = src.t().contiguous().toDoubleArray();
            assertWithinUlps(from + " -> " + half, rounded(half, exact), src.to(half).toDoubleArray(), half, 0, 0);
            assertWithinUlps(from + " -> " + half + " transposed", rounded(half, exactT),
                    src.t().to(half).contiguous().toDoubleArray(), half, 0, 0);
        }
        Tensor h = tensor(device, half, v, 6, 7);
        double[] held = h.toDoubleArray();
        assertWithinUlps(half + " -> FLOAT32", held, h.to(DType.FLOAT32).toDoubleArray(), half, 0, 0);
        double[] truncated = new double[held.length];
        for (int i = 0; i < held.length; i++) {
            truncated[i] = (int) held[i];
        }
        assertWithinUlps(half + " -> INT32", truncated, h.to(DType.INT32).toDoubleArray(), half, 0, 0);
        double third = HalfFloats.widen(half, HalfFloats.narrow(half, 1f / 3));
        double[] filled = Tensor.full(1.0 / 3, Shape.of(1025), half, device).toDoubleArray();
        for (double x : filled) {
            if (x != third) {
                throw new AssertionError("full(1/3) in " + half + " holds " + x + ", expected " + third);
            }
        }
        Tensor w = tensor(device, DType.FLOAT32, new double[]{0.5, -1.25, 2}, 3).requiresGrad(true);
        Tensor wh = w.to(half);
        wh.mul(wh).sum().backward();
        assertWithinUlps("gradient through to(" + half + ")", new double[]{1, -2.5, 4}, w.grad().toDoubleArray(),
                half, 0, 0);
        if (w.grad().dtype() != DType.FLOAT32) {
            throw new AssertionError("the gradient of a FLOAT32 tensor cast to " + half + " has dtype "
                    + w.grad().dtype());
        }
    }

    // ------------------------------------------------------------------------------------------------ checking

    /** The values of {@code v} rounded to {@code half} (the inputs both sides see). */
    static double[] rounded(DType half, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = HalfFloats.widen(half, HalfFloats.narrow(half, (float) v[i]));
        }
        return out;
    }

    /** The distance from {@code |x|} to the next larger value of {@code half}. */
    static double ulp(DType half, double x) {
        float a = (float) Math.min(Math.abs(x), 60000);
        short bits = HalfFloats.narrow(half, a);
        double v = HalfFloats.widen(half, bits);
        if (v > a) {
            bits--;
            v = HalfFloats.widen(half, bits);
        }
        return HalfFloats.widen(half, (short) (bits + 1)) - v;
    }

    /** Runs {@code c} in {@code half} on {@code device} against FLOAT32 on {@code ref}, rounded once. */
    static void check(Case c, DType half, Device device, Device ref) {
        int n = c.shapes().length;
        double[][] inputs = new double[n][];
        for (int i = 0; i < n; i++) {
            inputs[i] = rounded(half, values(numel(c.shapes()[i]), c.domains()[i], 200 + i));
        }
        Result expected = run(c, ref, DType.FLOAT32, half, inputs);
        Result actual = run(c, device, half, half, inputs);
        boolean floating = expected.dtype == DType.FLOAT32;
        if (!(floating ? actual.dtype == half : actual.dtype == expected.dtype)) {
            throw new AssertionError(c.name() + ": result dtype " + actual.dtype + ", expected "
                    + (floating ? half : expected.dtype) + " (FLOAT32 on the reference gives " + expected.dtype + ")");
        }
        assertWithinUlps(c.name() + " " + half, floating ? rounded(half, expected.values) : expected.values,
                actual.values, half, c.ulps(), c.spanUlps());
        for (int i = 0; c.grad() && i < n; i++) {
            if (actual.gradTypes[i] != half) {
                throw new AssertionError(c.name() + ": gradient of input " + i + " has dtype " + actual.gradTypes[i]
                        + ", expected the input's dtype " + half);
            }
            assertWithinUlps(c.name() + " " + half + " gradient of input " + i, rounded(half, expected.grads[i]),
                    actual.grads[i], half, c.ulps() + 1, gradSpanUlps(c));
        }
    }

    private record Result(DType dtype, double[] values, double[][] grads, DType[] gradTypes) {
    }

    /** {@code c} on {@code d} in {@code dtype}; the gradient probe holds values of {@code half} on both sides. */
    private static Result run(Case c, Device d, DType dtype, DType half, double[][] inputs) {
        try (Scope s = Scope.open()) {
            Tensor[] xs = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                xs[i] = tensor(d, dtype, inputs[i], c.shapes()[i]).requiresGrad(c.grad());
            }
            Tensor y = c.f().apply(xs);
            double[][] grads = new double[inputs.length][];
            DType[] gradTypes = new DType[inputs.length];
            if (c.grad()) {
                Tensor probe;
                try (GradMode.Guard g = GradMode.noGrad()) {
                    probe = tensor(d, y.dtype(), rounded(half, values(y.numel(), Domain.ANY, 99)), y.shape().dims());
                }
                y.mul(probe).sum().backward();
                for (int i = 0; i < xs.length; i++) {
                    Tensor g = xs[i].grad();
                    grads[i] = g == null ? new double[inputs[i].length] : g.toDoubleArray();
                    gradTypes[i] = g == null ? dtype : g.dtype();
                }
            }
            return new Result(y.dtype(), y.toDoubleArray(), grads, gradTypes);
        }
    }

    /**
     * Each {@code |actual - expected| <= ulps ulp(expected) + spanUlps ulp(max |expected|)}, in ulps of
     * {@code half}; NaN and infinities must match exactly.
     */
    static void assertWithinUlps(String what, double[] expected, double[] actual, DType half, double ulps,
                                 double spanUlps) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " elements, got " + actual.length);
        }
        double max = 0;
        for (double e : expected) {
            if (Double.isFinite(e)) {
                max = Math.max(max, Math.abs(e));
            }
        }
        double span = spanUlps * ulp(half, max);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean special = !Double.isFinite(e) || !Double.isFinite(a);
            double tol = ulps * ulp(half, e) + span;
            if (special ? Double.compare(e, a) != 0 : !(Math.abs(a - e) <= tol)) {
                throw new AssertionError(what + ": element " + i + " of " + expected.length + " is " + a
                        + ", expected " + e + " (off by " + Math.abs(a - e) + ", tolerance " + tol + " = " + ulps
                        + " ulps + " + spanUlps + " ulps of " + max + ")");
            }
        }
    }
}
