package dev.tessera.cpu;

import static dev.tessera.cpu.Fixtures.REF;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import dev.tessera.backend.UnaryOp;
import dev.tessera.testing.BufferData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every elementwise primitive of the CPU backend (Vector API kernels, scalar kernels) against the FLOAT64 reference:
 * every op, FLOAT32, FLOAT64 and INT32 where defined, dense runs of awkward lengths (1, vector tails, primes, and
 * sizes above the parallel threshold), scalar constants, row and column broadcasts, strided inputs and outputs,
 * offsets, and in-place aliasing.
 */
class ElementwiseOpsTest {
    /** Iteration shapes: lengths around the vector width, a prime, a threaded size, and rank-2 shapes. */
    private static final int[][] SHAPES = {{1}, {15}, {16}, {17}, {101}, {40009}, {7, 33}, {200, 181}};

    /**
     * Shapes above the parallel threshold run only a few ops (threading does not depend on the op) and only the
     * layouts that take different threaded paths.
     */
    private static boolean skip(Enum<?> op, int[] shape, Layouts... layouts) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n <= StridedLoop.GRAIN) {
            return false;
        }
        if (!java.util.Set.of("RELU", "GELU", "NEG", "ADD", "MUL", "LT").contains(op.name())) {
            return true;
        }
        for (Layouts l : layouts) {
            if (l == Layouts.OFFSET || l == Layouts.SCALAR_BUFFER || l == Layouts.CONSTANT && layouts[0] != l) {
                return true;
            }
        }
        return false;
    }

    static Stream<Arguments> backends() {
        return Fixtures.backends();
    }

    /** Every (input layout, output layout, shape) combination that applies to {@code op}. */
    private static List<Object[]> unaryCases(UnaryOp op) {
        List<Object[]> cases = new ArrayList<>();
        for (int[] shape : SHAPES) {
            for (Layouts x : Layouts.values()) {
                for (Layouts y : new Layouts[]{Layouts.DENSE, Layouts.OFFSET, Layouts.TRANSPOSED}) {
                    if (x.fits(shape) && y.fits(shape) && (x == Layouts.DENSE || y == Layouts.DENSE)
                            && !skip(op, shape, x, y)) {
                        cases.add(new Object[]{x, y, shape});
                    }
                }
            }
        }
        return cases;
    }

    private static double[] domain(UnaryOp op) {
        return switch (op) {
            case LOG, SQRT, RSQRT -> new double[]{0.05, 5};
            case RECIPROCAL -> new double[]{0.3, 3};
            default -> new double[]{-6, 6};
        };
    }

    // ---------------------------------------------------------------- unary

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void unaryMatchesReferenceOnEveryLayout(String name, Backend be) {
        Random r = new Random(1);
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
                if (dt == DType.INT32 && !op.preservesIntegers()) {
                    continue;
                }
                double[] dom = dt == DType.INT32 ? new double[]{-50, 50} : domain(op);
                for (Object[] c : unaryCases(op)) {
                    Layouts xl = (Layouts) c[0];
                    Layouts yl = (Layouts) c[1];
                    int[] shape = (int[]) c[2];
                    Layouts.Pair x = xl.build(be, dt, shape, r, dom[0], dom[1]);
                    Layouts.Pair y = yl.build(be, dt, shape, r, -1, 1);
                    double alpha = op == UnaryOp.SILU ? 1.7 : 0.3;
                    be.unary(op, alpha, x.tested(), y.tested(), shape);
                    REF.unary(op, alpha, x.reference(), y.reference(), shape);
                    String what = name + " " + op + " " + dt + " " + xl + "->" + yl + " " + java.util.Arrays.toString(shape);
                    Fixtures.assertClose(what, dt, BufferData.download(REF, y.referenceBuffer()),
                            BufferData.download(be, y.testedBuffer()));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void unaryHandlesSpecialValues(String name, Backend be) {
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-7, -1e-7,
                25, -25, 100, -100, 0.4999, 0.5001, -0.5001, 3.5, -3.5};
        double[] values = new double[48];
        for (int i = 0; i < values.length; i++) {
            values[i] = special[i % special.length];
        }
        int[] shape = {values.length};
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                Buffer x = BufferData.upload(be, dt, values);
                Buffer y = be.allocate(dt, values.length);
                Buffer rx = BufferData.upload(REF, DType.FLOAT64, Fixtures.rounded(dt, values));
                Buffer ry = REF.allocate(DType.FLOAT64, values.length);
                be.unary(op, 0.5, Operand.contiguous(x, shape), Operand.contiguous(y, shape), shape);
                REF.unary(op, 0.5, Operand.contiguous(rx, shape), Operand.contiguous(ry, shape), shape);
                Fixtures.assertClose(name + " " + op + " " + dt + " special values", dt,
                        roundTo(dt, BufferData.download(REF, ry)), BufferData.download(be, y));
            }
        }
    }

    /** Reference results as the tested dtype would store them (so overflow to infinity matches). */
    private static double[] roundTo(DType dt, double[] v) {
        return Fixtures.rounded(dt, v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void unaryInPlace(String name, Backend be) {
        Random r = new Random(2);
        int[] shape = {1003};
        for (UnaryOp op : new UnaryOp[]{UnaryOp.RELU, UnaryOp.EXP, UnaryOp.GELU, UnaryOp.NEG}) {
            Layouts.Pair x = Layouts.DENSE.build(be, DType.FLOAT32, shape, r, -3, 3);
            Buffer ry = REF.allocate(DType.FLOAT64, shape[0]);
            REF.unary(op, 0, x.reference(), Operand.contiguous(ry, shape), shape);
            be.unary(op, 0, x.tested(), x.tested(), shape);
            Fixtures.assertClose(name + " in-place " + op, DType.FLOAT32, BufferData.download(REF, ry),
                    BufferData.download(be, x.testedBuffer()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void unaryBackwardMatchesReference(String name, Backend be) {
        Random r = new Random(3);
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                for (int n : new int[]{1, 17, 1000, 40009}) {
                    double[] dom = domain(op);
                    double[] xv = Fixtures.rounded(dt, BufferData.uniform(r, n, dom[0], dom[1]));
                    double[] yv = new double[n];
                    for (int i = 0; i < n; i++) {
                        yv[i] = op.apply(xv[i], 0.3);
                    }
                    yv = Fixtures.rounded(dt, yv);
                    double[] gv = Fixtures.rounded(dt, BufferData.uniform(r, n, -2, 2));
                    Buffer gx = be.allocate(dt, n);
                    be.unaryBackward(op, 0.3, BufferData.upload(be, dt, xv), BufferData.upload(be, dt, yv),
                            BufferData.upload(be, dt, gv), gx, n);
                    Buffer rgx = REF.allocate(DType.FLOAT64, n);
                    REF.unaryBackward(op, 0.3, BufferData.upload(REF, DType.FLOAT64, xv),
                            BufferData.upload(REF, DType.FLOAT64, yv), BufferData.upload(REF, DType.FLOAT64, gv),
                            rgx, n);
                    Fixtures.assertClose(name + " backward " + op + " " + dt + " n=" + n, dt,
                            BufferData.download(REF, rgx), BufferData.download(be, gx));
                }
            }
        }
    }

    // ---------------------------------------------------------------- binary

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void binaryMatchesReferenceOnEveryLayout(String name, Backend be) {
        Random r = new Random(4);
        Layouts[][] pairs = {
                {Layouts.DENSE, Layouts.DENSE, Layouts.DENSE},
                {Layouts.DENSE, Layouts.CONSTANT, Layouts.DENSE},
                {Layouts.CONSTANT, Layouts.DENSE, Layouts.DENSE},
                {Layouts.OFFSET, Layouts.SCALAR_BUFFER, Layouts.OFFSET},
                {Layouts.DENSE, Layouts.ROW, Layouts.DENSE},
                {Layouts.ROW, Layouts.DENSE, Layouts.DENSE},
                {Layouts.COLUMN, Layouts.DENSE, Layouts.DENSE},
                {Layouts.DENSE, Layouts.COLUMN, Layouts.DENSE},
                {Layouts.TRANSPOSED, Layouts.DENSE, Layouts.DENSE},
                {Layouts.DENSE, Layouts.ROW, Layouts.TRANSPOSED},
                {Layouts.ROW, Layouts.COLUMN, Layouts.DENSE},
        };
        for (BinaryOp op : BinaryOp.values()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
                if (dt == DType.INT32 && op.requiresFloating()) {
                    continue;
                }
                for (int[] shape : SHAPES) {
                    for (Layouts[] p : pairs) {
                        if (!p[0].fits(shape) || !p[1].fits(shape) || !p[2].fits(shape) || skip(op, shape, p)) {
                            continue;
                        }
                        double[][] dom = binaryDomain(op, dt);
                        Layouts.Pair a = p[0].build(be, dt, shape, r, dom[0][0], dom[0][1]);
                        Layouts.Pair b = p[1].build(be, dt, shape, r, dom[1][0], dom[1][1]);
                        if (op.isComparison() && dt != DType.INT32) {
                            a = p[0].build(be, dt, shape, new Random(shape.length), -2, 2);
                            b = p[1].build(be, dt, shape, new Random(shape.length), -2, 2);
                        }
                        Layouts.Pair o = p[2].build(be, dt, shape, r, -1, 1);
                        be.binary(op, a.tested(), b.tested(), o.tested(), shape);
                        REF.binary(op, a.reference(), b.reference(), o.reference(), shape);
                        Fixtures.assertClose(name + " " + op + " " + dt + " " + java.util.Arrays.toString(p) + " "
                                        + java.util.Arrays.toString(shape), dt,
                                BufferData.download(REF, o.referenceBuffer()),
                                BufferData.download(be, o.testedBuffer()));
                    }
                }
            }
        }
    }

    private static double[][] binaryDomain(BinaryOp op, DType dt) {
        if (dt == DType.INT32) {
            return new double[][]{{-50, 50}, {-50, 50}};
        }
        return switch (op) {
            case DIV -> new double[][]{{-3, 3}, {0.5, 3}};
            case POW -> new double[][]{{0.5, 2}, {-2, 2}};
            default -> new double[][]{{-3, 3}, {-3, 3}};
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void binaryInPlaceAndNaN(String name, Backend be) {
        int[] shape = {1000};
        double[] av = BufferData.uniform(new Random(5), 1000, -3, 3);
        double[] bv = BufferData.uniform(new Random(6), 1000, -3, 3);
        for (int i = 0; i < 1000; i += 7) {
            (i % 2 == 0 ? av : bv)[i] = Double.NaN;
        }
        for (BinaryOp op : BinaryOp.values()) {
            Buffer a = BufferData.upload(be, DType.FLOAT32, av);
            Buffer b = BufferData.upload(be, DType.FLOAT32, bv);
            Buffer ra = BufferData.upload(REF, DType.FLOAT64, Fixtures.rounded(DType.FLOAT32, av));
            Buffer rb = BufferData.upload(REF, DType.FLOAT64, Fixtures.rounded(DType.FLOAT32, bv));
            Buffer ro = REF.allocate(DType.FLOAT64, 1000);
            be.binary(op, Operand.contiguous(a, shape), Operand.contiguous(b, shape), Operand.contiguous(a, shape),
                    shape);
            REF.binary(op, Operand.contiguous(ra, shape), Operand.contiguous(rb, shape), Operand.contiguous(ro, shape),
                    shape);
            Fixtures.assertClose(name + " in-place " + op, DType.FLOAT32,
                    Fixtures.rounded(DType.FLOAT32, BufferData.download(REF, ro)), BufferData.download(be, a));
        }
    }

    // ---------------------------------------------------------------- where, copy

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void whereMatchesReference(String name, Backend be) {
        Random r = new Random(7);
        Layouts[][] cases = {
                {Layouts.DENSE, Layouts.DENSE, Layouts.DENSE, Layouts.DENSE},
                {Layouts.DENSE, Layouts.CONSTANT, Layouts.DENSE, Layouts.DENSE},
                {Layouts.ROW, Layouts.DENSE, Layouts.COLUMN, Layouts.DENSE},
                {Layouts.TRANSPOSED, Layouts.DENSE, Layouts.SCALAR_BUFFER, Layouts.OFFSET},
                {Layouts.DENSE, Layouts.DENSE, Layouts.CONSTANT, Layouts.TRANSPOSED},
        };
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
            for (int[] shape : SHAPES) {
                for (Layouts[] c : cases) {
                    if (!c[0].fits(shape) || !c[1].fits(shape) || !c[2].fits(shape) || !c[3].fits(shape)) {
                        continue;
                    }
                    Layouts.Pair cond = c[0].build(be, dt, shape, r, -1, 2);
                    Layouts.Pair a = c[1].build(be, dt, shape, r, -9, 9);
                    Layouts.Pair b = c[2].build(be, dt, shape, r, -9, 9);
                    Layouts.Pair o = c[3].build(be, dt, shape, r, -1, 1);
                    be.where(cond.tested(), a.tested(), b.tested(), o.tested(), shape);
                    REF.where(cond.reference(), a.reference(), b.reference(), o.reference(), shape);
                    Fixtures.assertClose(name + " where " + dt + " " + java.util.Arrays.toString(c), dt,
                            BufferData.download(REF, o.referenceBuffer()), BufferData.download(be, o.testedBuffer()));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void copyConvertsBetweenEveryPairOfTypes(String name, Backend be) {
        double[] values = {0.0, -0.0, 1.5, -1.5, 2.7, -2.7, 1e10, -1e10, Double.NaN, 3e38, 123456789.0, -7.0};
        int[] shape = {values.length};
        DType[] types = DType.values();
        for (DType from : types) {
            for (DType to : types) {
                Buffer src = BufferData.upload(be, from, values);
                Buffer rsrc = BufferData.upload(REF, from, values);
                Buffer dst = be.allocate(to, values.length);
                Buffer rdst = REF.allocate(to, values.length);
                be.copy(Operand.contiguous(src, shape), Operand.contiguous(dst, shape), shape);
                REF.copy(Operand.contiguous(rsrc, shape), Operand.contiguous(rdst, shape), shape);
                Fixtures.assertClose(name + " copy " + from + "->" + to, BufferData.download(REF, rdst),
                        BufferData.download(be, dst), 0, 0, true);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void copyHandlesStridesBroadcastsAndConstants(String name, Backend be) {
        Random r = new Random(8);
        Layouts[] sources = {Layouts.DENSE, Layouts.TRANSPOSED, Layouts.ROW, Layouts.COLUMN, Layouts.CONSTANT,
                Layouts.SCALAR_BUFFER};
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
            for (int[] shape : new int[][]{{7, 33}, {300, 257}}) {
                for (Layouts s : sources) {
                    for (Layouts d : new Layouts[]{Layouts.DENSE, Layouts.TRANSPOSED, Layouts.OFFSET}) {
                        Layouts.Pair src = s.build(be, dt, shape, r, -100, 100);
                        Layouts.Pair dst = d.build(be, dt, shape, r, -1, 1);
                        be.copy(src.tested(), dst.tested(), shape);
                        REF.copy(src.reference(), dst.reference(), shape);
                        Fixtures.assertClose(name + " copy " + dt + " " + s + "->" + d, dt,
                                BufferData.download(REF, dst.referenceBuffer()),
                                BufferData.download(be, dst.testedBuffer()));
                    }
                }
            }
        }
    }

    @Test
    void constantsConvertLikeStores() {
        Object f = ElementwiseOps.constant(2.9, DType.INT32);
        Object d = ElementwiseOps.constant(0.1, DType.FLOAT32);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{2}, (int[]) f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[]{0.1f}, (float[]) d);
    }
}
