package dev.tessera.opencl;

import static dev.tessera.opencl.ClTesting.REF;
import static dev.tessera.opencl.ClTesting.assertClose;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.UnaryOp;
import dev.tessera.testing.BufferData;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks every elementwise kernel of elementwise.cl against the scalar reference, dense and strided. */
class ElementwiseOpsTest {
    private static final int ROWS = 37;
    private static final int COLS = 53;

    private static double[] inputs(UnaryOp op, Random rnd, int n) {
        return switch (op) {
            case LOG, SQRT, RSQRT, RECIPROCAL -> BufferData.uniform(rnd, n, 0.05, 6);
            default -> BufferData.uniform(rnd, n, -6, 6);
        };
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesReferenceDenseAndStrided(UnaryOp op) {
        Backend cl = ClTesting.device();
        Random rnd = new Random(op.ordinal());
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            int n = ROWS * COLS;
            Twin x = Twin.of(cl, dt, inputs(op, rnd, n + 3));
            Twin dense = Twin.zeros(cl, dt, n);
            int[] flat = {n};
            REF.unary(op, 0.3, x.refView(3, 1), dense.refView(0, 1), flat);
            cl.unary(op, 0.3, x.clView(3, 1), dense.clView(0, 1), flat);
            assertClose(op + " dense " + dt, dt, dense.expected(), dense.actual(cl));
            // the transpose of x's first ROWS x COLS block, read column-major
            Twin strided = Twin.zeros(cl, dt, n);
            int[] shape = {COLS, ROWS};
            REF.unary(op, 0.3, x.refView(0, 1, COLS), strided.refView(0, ROWS, 1), shape);
            cl.unary(op, 0.3, x.clView(0, 1, COLS), strided.clView(0, ROWS, 1), shape);
            assertClose(op + " strided " + dt, dt, strided.expected(), strided.actual(cl));
            x.free(cl);
            dense.free(cl);
            strided.free(cl);
        }
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"NEG", "ABS", "SIGN"})
    void integerUnaryWrapsLikeJava(UnaryOp op) {
        Backend cl = ClTesting.device();
        double[] v = {0, 1, -1, 7, -123456, Integer.MAX_VALUE, Integer.MIN_VALUE};
        assertUnaryAgrees(cl, op, 0, DType.INT32, v, op + " INT32");
    }

    /** Runs {@code op} over {@code v} (contiguous, as {@code dt}) on the device and the reference and compares. */
    private static void assertUnaryAgrees(Backend cl, UnaryOp op, double alpha, DType dt, double[] v, String what) {
        Twin x = Twin.of(cl, dt, v);
        Twin y = Twin.zeros(cl, dt, v.length);
        int[] shape = {v.length};
        REF.unary(op, alpha, x.refView(0, 1), y.refView(0, 1), shape);
        cl.unary(op, alpha, x.clView(0, 1), y.clView(0, 1), shape);
        assertClose(what, dt, y.expected(), y.actual(cl));
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryBackwardMatchesReference(UnaryOp op) {
        Backend cl = ClTesting.device();
        Random rnd = new Random(100 + op.ordinal());
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            int n = 1031;
            double[] xs = inputs(op, rnd, n);
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) {
                ys[i] = op.apply(dt == DType.FLOAT32 ? (float) xs[i] : xs[i], 0.2);
            }
            Twin x = Twin.of(cl, dt, xs);
            Twin y = Twin.of(cl, dt, ys);
            Twin g = Twin.of(cl, dt, BufferData.uniform(rnd, n, -2, 2));
            Twin gx = Twin.zeros(cl, dt, n);
            REF.unaryBackward(op, 0.2, x.ref(), y.ref(), g.ref(), gx.ref(), n);
            cl.unaryBackward(op, 0.2, x.cl(), y.cl(), g.cl(), gx.cl(), n);
            assertClose(op + " backward " + dt, dt, gx.expected(), gx.actual(cl));
        }
    }

    @Test
    void unaryEdgeValuesFollowTheSpecification() {
        Backend cl = ClTesting.device();
        double[] v = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 25, -25, 1e-30};
        for (UnaryOp op : new UnaryOp[]{UnaryOp.RELU, UnaryOp.SIGN, UnaryOp.ABS, UnaryOp.SIGMOID, UnaryOp.SOFTPLUS,
                UnaryOp.EXP, UnaryOp.TANH}) {
            assertUnaryAgrees(cl, op, 1, DType.FLOAT32, v, op + " on edge values");
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesReferenceForEveryOperandForm(BinaryOp op) {
        Backend cl = ClTesting.device();
        Random rnd = new Random(200 + op.ordinal());
        DType[] types = op.requiresFloating() ? new DType[]{DType.FLOAT32, DType.FLOAT64}
                : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT32};
        int[] shape = {ROWS, COLS};
        int n = ROWS * COLS;
        for (DType dt : types) {
            double lo = op == BinaryOp.POW ? 0.1 : -5;
            double[] av = dt == DType.INT32 ? ClTesting.integers(rnd, n, -9, 9) : BufferData.uniform(rnd, n, lo, 5);
            double[] bv = dt == DType.INT32 ? ClTesting.integers(rnd, n, -9, 9) : BufferData.uniform(rnd, n, -3, 3);
            if (op.isComparison()) {
                for (int i = 0; i < n; i += 3) {
                    bv[i] = av[i];
                }
            }
            Twin a = Twin.of(cl, dt, av);
            Twin b = Twin.of(cl, dt, bv);
            long[] dense = {COLS, 1};
            check(cl, op, dt, "dense", shape, a, b, new Operand[]{a.refView(0, dense), b.refView(0, dense)},
                    new Operand[]{a.clView(0, dense), b.clView(0, dense)});
            check(cl, op, dt, "row broadcast", shape, a, b, new Operand[]{a.refView(0, dense), b.refView(5, 0, 1)},
                    new Operand[]{a.clView(0, dense), b.clView(5, 0, 1)});
            check(cl, op, dt, "column broadcast, transposed", shape, a, b,
                    new Operand[]{a.refView(0, 1, ROWS), b.refView(0, 1, 0)},
                    new Operand[]{a.clView(0, 1, ROWS), b.clView(0, 1, 0)});
            check(cl, op, dt, "constant first", shape, a, b,
                    new Operand[]{Operand.constant(1.5), b.refView(0, dense)},
                    new Operand[]{Operand.constant(1.5), b.clView(0, dense)});
            check(cl, op, dt, "constant second, strided", shape, a, b,
                    new Operand[]{a.refView(0, 1, ROWS), Operand.constant(2)},
                    new Operand[]{a.clView(0, 1, ROWS), Operand.constant(2)});
            a.free(cl);
            b.free(cl);
        }
    }

    private static void check(Backend cl, BinaryOp op, DType dt, String form, int[] shape, Twin a, Twin b,
                              Operand[] ref, Operand[] dev) {
        Twin out = Twin.zeros(cl, dt, ROWS * COLS);
        long[] dense = {COLS, 1};
        REF.binary(op, ref[0], ref[1], out.refView(0, dense), shape);
        cl.binary(op, dev[0], dev[1], out.clView(0, dense), shape);
        assertClose(op + " " + form + " " + dt, dt, out.expected(), out.actual(cl));
        out.free(cl);
    }

    @Test
    void binaryNanAndPowEdgesFollowJava() {
        Backend cl = ClTesting.device();
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        double[] av = {nan, 1, 2, 1, -1, 0, 3, nan};
        double[] bv = {1, nan, nan, inf, -inf, 0, nan, 0};
        for (BinaryOp op : new BinaryOp[]{BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.POW, BinaryOp.EQ,
                BinaryOp.NE, BinaryOp.LT, BinaryOp.GE}) {
            assertBinaryAgrees(cl, op, DType.FLOAT32, av, bv, op + " on NaN/inf");
        }
    }

    @Test
    void integerArithmeticWraps() {
        Backend cl = ClTesting.device();
        double[] av = {Integer.MAX_VALUE, Integer.MIN_VALUE, 65536, -7};
        double[] bv = {1, 1, 65536, 3};
        for (BinaryOp op : new BinaryOp[]{BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL}) {
            assertBinaryAgrees(cl, op, DType.INT32, av, bv, op + " INT32 overflow");
        }
    }

    /** Runs {@code op} over {@code av}, {@code bv} (contiguous, as {@code dt}) on the device and the reference. */
    private static void assertBinaryAgrees(Backend cl, BinaryOp op, DType dt, double[] av, double[] bv, String what) {
        Twin a = Twin.of(cl, dt, av);
        Twin b = Twin.of(cl, dt, bv);
        Twin out = Twin.zeros(cl, dt, av.length);
        int[] shape = {av.length};
        REF.binary(op, a.refView(0, 1), b.refView(0, 1), out.refView(0, 1), shape);
        cl.binary(op, a.clView(0, 1), b.clView(0, 1), out.clView(0, 1), shape);
        assertClose(what, dt, out.expected(), out.actual(cl));
    }

    @Test
    void binaryInPlaceAliasing() {
        Backend cl = ClTesting.device();
        Random rnd = new Random(7);
        Twin a = Twin.of(cl, DType.FLOAT32, BufferData.uniform(rnd, 999, -1, 1));
        Twin b = Twin.of(cl, DType.FLOAT32, BufferData.uniform(rnd, 999, -1, 1));
        int[] shape = {999};
        REF.binary(BinaryOp.ADD, a.refView(0, 1), b.refView(0, 1), a.refView(0, 1), shape);
        cl.binary(BinaryOp.ADD, a.clView(0, 1), b.clView(0, 1), a.clView(0, 1), shape);
        assertClose("a += b", DType.FLOAT32, a.expected(), a.actual(cl));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class)
    void whereMatchesReference(DType dt) {
        Backend cl = ClTesting.device();
        Assumptions.assumeTrue(cl.computes(dt), "opencl does not compute in " + dt);
        Random rnd = new Random(300 + dt.ordinal());
        int n = ROWS * COLS;
        Twin c = Twin.of(cl, dt, ClTesting.integers(rnd, n, 0, 2));
        Twin a = Twin.of(cl, dt, ClTesting.integers(rnd, n, -50, 50));
        Twin b = Twin.of(cl, dt, ClTesting.integers(rnd, n, -50, 50));
        int[] shape = {ROWS, COLS};
        Twin out = Twin.zeros(cl, dt, n);
        REF.where(c.refView(0, COLS, 1), a.refView(0, COLS, 1), b.refView(0, COLS, 1), out.refView(0, COLS, 1),
                shape);
        cl.where(c.clView(0, COLS, 1), a.clView(0, COLS, 1), b.clView(0, COLS, 1), out.clView(0, COLS, 1), shape);
        assertClose("where dense " + dt, dt, out.expected(), out.actual(cl));
        Twin out2 = Twin.zeros(cl, dt, n);
        REF.where(c.refView(0, 1, ROWS), Operand.constant(-2), b.refView(0, 0, 1), out2.refView(0, COLS, 1), shape);
        cl.where(c.clView(0, 1, ROWS), Operand.constant(-2), b.clView(0, 0, 1), out2.clView(0, COLS, 1), shape);
        assertClose("where strided " + dt, dt, out2.expected(), out2.actual(cl));
    }

    @Test
    void copyConvertsBetweenEveryPairOfTypes() {
        Backend cl = ClTesting.device();
        double[] v = {0, 1.5, -1.5, 2.7, -2.7, 1e10, -1e10, Double.NaN, 123456789, Double.POSITIVE_INFINITY};
        for (DType from : ClTesting.storedTypes(cl)) {
            for (DType to : ClTesting.storedTypes(cl)) {
                Twin src = Twin.of(cl, from, v);
                Twin dense = Twin.zeros(cl, to, v.length);
                int[] shape = {v.length};
                REF.copy(src.refView(0, 1), dense.refView(0, 1), shape);
                cl.copy(src.clView(0, 1), dense.clView(0, 1), shape);
                assertClose(from + " -> " + to + " dense", to, dense.expected(), dense.actual(cl));
                Twin reversed = Twin.zeros(cl, to, v.length);
                REF.copy(src.refView(v.length - 1, -1), reversed.refView(0, 1), shape);
                cl.copy(src.clView(v.length - 1, -1), reversed.clView(0, 1), shape);
                assertClose(from + " -> " + to + " strided", to, reversed.expected(), reversed.actual(cl));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class)
    void constantCopyFillsDenseAndStrided(DType dt) {
        Backend cl = ClTesting.device();
        Assumptions.assumeTrue(cl.supports(dt), "opencl does not store " + dt);
        Twin out = Twin.zeros(cl, dt, 100);
        REF.copy(Operand.constant(-3.75), out.refView(0, 10, 1), new int[]{5, 7});
        cl.copy(Operand.constant(-3.75), out.clView(0, 10, 1), new int[]{5, 7});
        REF.copy(Operand.constant(8), out.refView(60, 1), new int[]{40});
        cl.copy(Operand.constant(8), out.clView(60, 1), new int[]{40});
        assertClose("fill " + dt, dt, out.expected(), out.actual(cl));
    }

    @Test
    void ranksAboveTheKernelLimitRunInBlocks() {
        Backend cl = ClTesting.device();
        int[] shape = {2, 3, 2, 2, 3, 2, 2, 1, 3, 2};
        int n = Math.toIntExact(ElementwiseOps.count(shape));
        long[] contiguous = Operand.contiguousStrides(shape);
        long[] broadcast = contiguous.clone();
        broadcast[3] = 0;
        Random rnd = new Random(11);
        Twin a = Twin.of(cl, DType.FLOAT32, BufferData.uniform(rnd, n, -1, 1));
        Twin b = Twin.of(cl, DType.FLOAT32, BufferData.uniform(rnd, n, -1, 1));
        Twin out = Twin.zeros(cl, DType.FLOAT32, n);
        long[] outStrides = new long[shape.length]; // column-major: the output is strided too
        long acc = 1;
        for (int d = 0; d < shape.length; d++) {
            outStrides[d] = acc;
            acc *= shape[d];
        }
        REF.binary(BinaryOp.SUB, a.refView(0, contiguous), b.refView(0, broadcast), out.refView(0, outStrides), shape);
        cl.binary(BinaryOp.SUB, a.clView(0, contiguous), b.clView(0, broadcast), out.clView(0, outStrides), shape);
        assertClose("rank-10 strided binary", DType.FLOAT32, out.expected(), out.actual(cl));
    }
}
