package dev.tessera.conformance;

import static dev.tessera.conformance.ConformanceData.assertClose;
import static dev.tessera.conformance.ConformanceData.assertExact;
import static dev.tessera.conformance.ConformanceData.numel;
import static dev.tessera.conformance.ConformanceData.tensor;
import static dev.tessera.conformance.ConformanceData.values;

import dev.tessera.AdamHyperparameters;
import dev.tessera.CaptureException;
import dev.tessera.Convolutions;
import dev.tessera.DType;
import dev.tessera.DeferredChecks;
import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import dev.tessera.Generator;
import dev.tessera.ParameterUpdates;
import dev.tessera.Pooling;
import dev.tessera.Recurrence;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.StepGraph;
import dev.tessera.Tensor;
import dev.tessera.TensorInternals;
import dev.tessera.autograd.GradMode;
import dev.tessera.autograd.GradientChecker;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.UnsupportedPrimitiveException;
import dev.tessera.ConvShape;
import dev.tessera.backend.fused.FusedCatalog;
import dev.tessera.backend.fused.FusedOp;
import dev.tessera.backend.fused.PoolFamily;
import dev.tessera.conformance.ConformanceData.Domain;
import dev.tessera.conformance.ConformanceReport.Status;
import dev.tessera.random.Philox;
import dev.tessera.testing.BufferData;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backend conformance suite. Each backend module subclasses it and names its device; the suite checks every
 * primitive of the SPI and every fused fast path on random inputs of awkward shapes (size 1, odd, prime, empty,
 * broadcast, strided, large) against the scalar FLOAT64 reference backend:
 * <ul>
 * <li>forward results within rtol 1e-4 / atol 1e-5 (FLOAT32);</li>
 * <li>analytic gradients on the device against the reference's analytic gradients (rtol 1e-3), and, where the
 *     device supports FLOAT64, against central finite differences ({@link GradientChecker});</li>
 * <li>random streams bit for bit against {@link Philox} (rounded once in a half type);</li>
 * <li>FLOAT16 and BFLOAT16 ({@link HalfCases}): every primitive and fused op through the Tensor API, gradients,
 *     casts and optimizer updates against FLOAT32 on the reference rounded once, within a few half ulps; skipped
 *     with the reason when the device does not store the type;</li>
 * <li>every fused-op kernel the backend registers against the op's default composition run on the same device,
 *     on the cases of {@link FusedCases} (a registered kernel without cases fails);</li>
 * <li>no leaked device memory after each check.</li>
 * </ul>
 * A backend that throws {@link UnsupportedPrimitiveException} has that item reported as unsupported (the test is
 * skipped with the reason). A device that cannot start skips the whole suite with the reason. The table of
 * passed / failed / unsupported items is printed at the end and written to {@code target/conformance-DEV.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceTest {
    /** Relative tolerance of FLOAT32 forward results against the FLOAT64 reference. */
    public static final double RTOL = 1e-4;
    /** Absolute tolerance of FLOAT32 forward results against the FLOAT64 reference. */
    public static final double ATOL = 1e-5;
    /** Relative tolerance of FLOAT32 gradients against the FLOAT64 reference. */
    public static final double GRAD_RTOL = 1e-3;
    /** Absolute tolerance of FLOAT32 gradients against the FLOAT64 reference. */
    public static final double GRAD_ATOL = 1e-4;

    /** Awkward shapes for elementwise ops: scalar, size 1, prime, odd 2-D, vector tails, empty. */
    private static final int[][] SHAPES = {{}, {1}, {7}, {13, 17}, {3, 5, 2}, {1025}, {0}, {3, 0, 2}};
    /** Large enough to cross thread and vector blocking. */
    private static final int LARGE = 1 << 18;

    private Device device;
    private final Device ref = Device.of("reference");
    private ConformanceReport report;

    /** The spec of the device under test, e.g. {@code cpu}, {@code opencl:0}, {@code cuda:0}. */
    protected abstract String deviceSpec();

    /** The floating dtype whose forward results are checked (FLOAT32 unless a backend is FLOAT64-only). */
    protected DType dtype() {
        return DType.FLOAT32;
    }

    @BeforeEach
    void openDevice() {
        try {
            device = Device.of(deviceSpec());
        } catch (DeviceUnavailableException e) {
            Assumptions.abort(deviceSpec() + " is not available here: " + e.getMessage());
        }
        if (report == null) {
            report = new ConformanceReport(device.spec());
        }
    }

    @AfterAll
    void publishReport() {
        if (report != null) {
            report.publish();
        }
    }

    /** Runs one check inside a scope, records its status, and verifies that no device memory leaked. */
    private void check(String item, Runnable body) {
        long before = device.memoryStats().bytesInUse();
        try {
            try (Scope s = Scope.open()) {
                body.run();
            }
            device.synchronize();
            long after = device.memoryStats().bytesInUse();
            if (after > before) {
                throw new AssertionError(item + ": device memory in use went from " + before + " to " + after
                        + " bytes (a leak)");
            }
            report.record(item, Status.PASSED, null);
        } catch (UnsupportedPrimitiveException e) {
            report.record(item, Status.UNSUPPORTED, e.getMessage());
            Assumptions.abort("unsupported: " + e.getMessage());
        } catch (AssertionError | RuntimeException e) {
            report.record(item, Status.FAILED, e.getMessage());
            throw e;
        }
    }

    private boolean supportsFloat64() {
        return device.backend().supports(DType.FLOAT64);
    }

    private Tensor dev(double[] v, int... shape) {
        return tensor(device, dtype(), v, shape);
    }

    private Tensor ref(double[] v, int... shape) {
        return tensor(ref, DType.FLOAT64, v, shape);
    }

    // ====================================================================== unary

    static Domain domainOf(UnaryOp op) {
        return switch (op) {
            case LOG, SQRT, RSQRT, LOG1P -> Domain.POSITIVE;
            case RECIPROCAL -> Domain.NONZERO;
            default -> Domain.ANY;
        };
    }

    static double alphaOf(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> 0.1;
            case ELU -> 1.3;
            case SILU -> 1.7;
            case SOFTPLUS -> 1.5;
            default -> 0;
        };
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryForward(UnaryOp op) {
        check("unary." + op, () -> {
            double alpha = alphaOf(op);
            for (int[] shape : SHAPES) {
                double[] v = values(numel(shape), domainOf(op), 1);
                assertClose(op + " " + Arrays.toString(shape), ref(v, shape).apply(op, alpha).toDoubleArray(),
                        dev(v, shape).apply(op, alpha).toDoubleArray(), RTOL, ATOL);
            }
            double[] v = values(6 * 9, domainOf(op), 2);
            assertClose(op + " on a transposed view",
                    ref(v, 6, 9).t().apply(op, alpha).toDoubleArray(),
                    dev(v, 6, 9).t().apply(op, alpha).toDoubleArray(), RTOL, ATOL);
            double[] big = values(LARGE, domainOf(op), 3);
            assertClose(op + " large", ref(big, LARGE).apply(op, alpha).toDoubleArray(),
                    dev(big, LARGE).apply(op, alpha).toDoubleArray(), RTOL, ATOL);
        });
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryBackward(UnaryOp op) {
        check("unaryBackward." + op, () -> {
            double alpha = alphaOf(op);
            for (int[] shape : new int[][]{{1}, {7}, {13, 17}, {1025}, {0}}) {
                double[] v = values(numel(shape), domainOf(op), 4);
                assertGradientsMatchReference(op + " " + Arrays.toString(shape),
                        x -> x[0].apply(op, alpha), new double[][]{v}, new int[][]{shape});
            }
            if (supportsFloat64()) {
                double[] v = values(12, domainOf(op), 5);
                new GradientChecker().assertGradients(x -> x[0].apply(op, alpha),
                        tensor(device, DType.FLOAT64, v, 3, 4));
            }
        });
    }

    @Test
    void unaryOnIntegers() {
        check("unary.INT32", () -> {
            double[] v = values(31, Domain.SMALL_INTEGERS, 6);
            for (UnaryOp op : new UnaryOp[]{UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN}) {
                Tensor x = tensor(device, DType.INT32, v, 31);
                Tensor y = x.apply(op, 0);
                Assertions.assertEquals(DType.INT32, y.dtype(), op + " keeps INT32");
                double[] expected = Arrays.stream(v).map(a -> (int) op.apply(a, 0)).toArray();
                assertExact(op + " INT32", expected, y.toDoubleArray());
            }
        });
    }

    /**
     * INT32 sums never wrap: every backend accumulates without overflow and saturates the result to the INT32 range
     * (as Java's {@code (int)} of a double does), along rows, columns and the whole tensor.
     */
    @Test
    void intSumsSaturateAlikeOnEveryBackend() {
        check("reduce.SUM.INT32", () -> {
            double big = 1 << 30;
            Tensor rows = tensor(device, DType.INT32, new double[]{big, big, big, big, -big, -big, -big, -big, 5, -7,
                3, 1}, 3, 4);
            Tensor rowSums = rows.sum(new int[]{1}, false);
            Assertions.assertEquals(DType.INT32, rowSums.dtype());
            assertExact("row sums", new double[]{Integer.MAX_VALUE, Integer.MIN_VALUE, 2}, rowSums.toDoubleArray());
            Tensor cols = tensor(device, DType.INT32, new double[]{big, -big, big, -big, big, -big, big, -big}, 4, 2);
            assertExact("column sums", new double[]{Integer.MAX_VALUE, Integer.MIN_VALUE},
                    cols.sum(new int[]{0}, false).toDoubleArray());
            assertExact("total", new double[]{0}, cols.sum(new int[]{0, 1}, false).toDoubleArray());
        });
    }

    // ====================================================================== binary

    static Domain[] domainsOf(BinaryOp op) {
        return switch (op) {
            case DIV -> new Domain[]{Domain.ANY, Domain.NONZERO};
            case POW -> new Domain[]{Domain.POSITIVE, Domain.ANY};
            case EQ, NE, LT, LE, GT, GE, MAXIMUM, MINIMUM -> new Domain[]{Domain.SMALL_INTEGERS,
                    Domain.SMALL_INTEGERS};
            default -> new Domain[]{Domain.ANY, Domain.ANY};
        };
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAXIMUM -> a.maximum(b);
            case MINIMUM -> a.minimum(b);
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
        };
    }

    /** Shape pairs: equal, broadcast both ways, row/column broadcast, scalar tensor, empty, prime. */
    private static final int[][][] BINARY_SHAPES = {
        {{7}, {7}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {4}}, {{4, 1, 5}, {3, 1}}, {{}, {4, 5}}, {{1}, {13, 17}},
        {{13, 17}, {13, 1}}, {{0, 3}, {3}}, {{1025}, {1025}}};

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryForward(BinaryOp op) {
        check("binary." + op, () -> {
            Domain[] d = domainsOf(op);
            for (int[][] pair : BINARY_SHAPES) {
                double[] a = values(numel(pair[0]), d[0], 7);
                double[] b = values(numel(pair[1]), d[1], 8);
                assertClose(op + " " + Arrays.toString(pair[0]) + " x " + Arrays.toString(pair[1]),
                        binary(op, ref(a, pair[0]), ref(b, pair[1])).toDoubleArray(),
                        binary(op, dev(a, pair[0]), dev(b, pair[1])).toDoubleArray(), RTOL, ATOL);
            }
            double[] a = values(5 * 7, d[0], 9);
            double[] b = values(7 * 5, d[1], 10);
            assertClose(op + " transposed view x dense",
                    binary(op, ref(a, 5, 7).t(), ref(b, 7, 5)).toDoubleArray(),
                    binary(op, dev(a, 5, 7).t(), dev(b, 7, 5)).toDoubleArray(), RTOL, ATOL);
            double[] big1 = values(LARGE, d[0], 11);
            double[] big2 = values(LARGE, d[1], 12);
            assertClose(op + " large", binary(op, ref(big1, LARGE), ref(big2, LARGE)).toDoubleArray(),
                    binary(op, dev(big1, LARGE), dev(big2, LARGE)).toDoubleArray(), RTOL, ATOL);
        });
    }

    /** Constant operands on either side, directly through the SPI (core uses them for scalar ops and fills). */
    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryWithConstant(BinaryOp op) {
        check("binary." + op + ".constant", () -> {
            Domain[] d = domainsOf(op);
            double constant = d[1] == Domain.NONZERO ? -1.5 : d[1] == Domain.SMALL_INTEGERS ? 1 : 1.5;
            double[] a = values(37, d[0], 13);
            for (boolean constantFirst : new boolean[]{false, true}) {
                if (constantFirst && (op == BinaryOp.POW || op == BinaryOp.DIV)) {
                    a = values(37, Domain.POSITIVE, 14);
                }
                Tensor x = dev(a, 37);
                Tensor out = Tensor.zeros(Shape.of(37), dtype(), device);
                Operand view = Operand.contiguous(TensorInternals.buffer(x), new int[]{37});
                Operand c = Operand.constant(constant);
                device.backend().binary(op, constantFirst ? c : view, constantFirst ? view : c,
                        Operand.contiguous(TensorInternals.buffer(out), new int[]{37}), new int[]{37});
                final double[] in = a;
                double[] expected = new double[37];
                for (int i = 0; i < 37; i++) {
                    expected[i] = constantFirst ? op.apply(constant, in[i]) : op.apply(in[i], constant);
                }
                assertClose(op + (constantFirst ? " constant first" : " constant second"), expected,
                        out.toDoubleArray(), RTOL, ATOL);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV", "POW", "MAXIMUM", "MINIMUM"})
    void binaryBackward(BinaryOp op) {
        check("binary." + op + ".backward", () -> {
            Domain[] d = domainsOf(op);
            Domain da = d[0] == Domain.SMALL_INTEGERS ? Domain.ANY : d[0];
            Domain db = d[1] == Domain.SMALL_INTEGERS ? Domain.ANY : d[1];
            for (int[][] pair : new int[][][]{{{7}, {7}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {4}}, {{}, {4, 5}}}) {
                double[] a = values(numel(pair[0]), da, 15);
                double[] b = values(numel(pair[1]), db, 16);
                assertGradientsMatchReference(op + " " + Arrays.toString(pair[0]) + " x " + Arrays.toString(pair[1]),
                        x -> binary(op, x[0], x[1]), new double[][]{a, b}, pair);
            }
            if (supportsFloat64()) {
                new GradientChecker().assertGradients(x -> binary(op, x[0], x[1]),
                        tensor(device, DType.FLOAT64, values(6, da, 17), 2, 3),
                        tensor(device, DType.FLOAT64, values(3, db, 18), 3));
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "MAXIMUM", "MINIMUM", "EQ", "NE", "LT",
        "LE", "GT", "GE"})
    void binaryOnIntegers(BinaryOp op) {
        check("binary." + op + ".INT32", () -> {
            double[] a = values(3 * 11, Domain.SMALL_INTEGERS, 19);
            double[] b = values(11, Domain.SMALL_INTEGERS, 20);
            Tensor y = binary(op, tensor(device, DType.INT32, a, 3, 11), tensor(device, DType.INT32, b, 11));
            Assertions.assertEquals(DType.INT32, y.dtype());
            double[] expected = new double[33];
            for (int i = 0; i < 33; i++) {
                expected[i] = op.applyInt((int) a[i], (int) b[i % 11]);
            }
            assertExact(op + " INT32", expected, y.toDoubleArray());
        });
    }

    // ====================================================================== where, copy, cast

    @Test
    void whereForwardAndBackward() {
        check("where", () -> {
            double[] c = values(3 * 4, Domain.SMALL_INTEGERS, 21);
            double[] a = values(4, Domain.ANY, 22);
            double[] b = values(3 * 1, Domain.ANY, 23);
            Tensor expected = Tensor.where(ref(c, 3, 4).gt(0), ref(a, 4), ref(b, 3, 1));
            Tensor actual = Tensor.where(dev(c, 3, 4).gt(0), dev(a, 4), dev(b, 3, 1));
            assertClose("where broadcast", expected.toDoubleArray(), actual.toDoubleArray(), RTOL, ATOL);
            assertGradientsMatchReference("where", x -> Tensor.where(
                            (onReference(x[0]) ? ref(c, 3, 4) : dev(c, 3, 4)).gt(0), x[0], x[1]),
                    new double[][]{a, b}, new int[][]{{4}, {3, 1}});
            if (supportsFloat64()) {
                Tensor condition = tensor(device, DType.FLOAT64, c, 3, 4).gt(0);
                new GradientChecker().assertGradients(x -> Tensor.where(condition, x[0], x[1]),
                        tensor(device, DType.FLOAT64, a, 4), tensor(device, DType.FLOAT64, b, 3, 1));
            }
        });
    }

    @Test
    void copyCastAndFill() {
        check("copy", () -> {
            List<DType> types = new ArrayList<>(List.of(DType.FLOAT32, DType.INT32));
            if (supportsFloat64()) {
                types.add(DType.FLOAT64);
            }
            double[] v = values(6 * 7, Domain.ANY, 24);
            for (DType from : types) {
                for (DType to : types) {
                    Tensor src = tensor(device, from, v, 6, 7);
                    Tensor expectedSrc = tensor(ref, from, v, 6, 7);
                    assertExact(from + " -> " + to, expectedSrc.to(to).toDoubleArray(), src.to(to).toDoubleArray());
                    assertExact(from + " -> " + to + " transposed",
                            expectedSrc.t().to(to).contiguous().toDoubleArray(),
                            src.t().to(to).contiguous().toDoubleArray());
                }
            }
            Tensor strided = dev(v, 6, 7).slice(1, 1, 7, 2).slice(0, 5, 6);
            assertExact("sliced copy", ref(v, 6, 7).slice(1, 1, 7, 2).slice(0, 5, 6).to(dtype()).toDoubleArray(),
                    strided.contiguous().toDoubleArray());
            Tensor expanded = dev(values(3, Domain.ANY, 25), 3, 1).expand(3, 5).contiguous();
            assertExact("expanded copy", ref(values(3, Domain.ANY, 25), 3, 1).expand(3, 5).to(dtype())
                    .toDoubleArray(), expanded.toDoubleArray());
            for (DType t : types) {
                double[] filled = Tensor.full(-2.5, Shape.of(1025), t, device).toDoubleArray();
                double want = t == DType.INT32 ? -2 : -2.5;
                Assertions.assertTrue(Arrays.stream(filled).allMatch(x -> x == want), "fill " + t);
            }
            Tensor big = dev(values(LARGE, Domain.ANY, 26), 512, 512);
            assertExact("large transpose", ref(values(LARGE, Domain.ANY, 26), 512, 512).t().to(dtype())
                    .contiguous().toDoubleArray(), big.t().contiguous().toDoubleArray());
        });
    }

    @Test
    void concatSplitAndDeviceTransfer() {
        check("copy.concat", () -> {
            double[] a = values(2 * 3, Domain.ANY, 27);
            double[] b = values(4 * 3, Domain.ANY, 28);
            assertClose("concat", Tensor.concat(0, ref(a, 2, 3), ref(b, 4, 3)).toDoubleArray(),
                    Tensor.concat(0, dev(a, 2, 3), dev(b, 4, 3)).toDoubleArray(), 0, 0);
            assertGradientsMatchReference("concat", x -> Tensor.concat(1, x[0].t(), x[1].t()),
                    new double[][]{a, b}, new int[][]{{2, 3}, {4, 3}});
            Tensor moved = dev(a, 2, 3).to(ref);
            assertClose("to(reference)", ref(a, 2, 3).toDoubleArray(), moved.toDoubleArray(), 0, 0);
        });
    }

    // ====================================================================== reductions

    private static final int[][][] REDUCTIONS = {
        {{7}, {0}}, {{5, 7}, {0}}, {{5, 7}, {1}}, {{5, 7}, {0, 1}}, {{3, 4, 5}, {1}}, {{3, 4, 5}, {0, 2}},
        {{1, 1}, {1}}, {{2, 3, 4, 5}, {1, 2}}, {{2, 3, 4, 5}, {0, 3}}, {{1031}, {0}}};

    static Tensor reduce(ReduceOp op, Tensor x, int[] axes) {
        return switch (op) {
            case SUM -> x.sum(axes, false);
            case MAX -> x.max(axes, false);
            case MIN -> x.min(axes, false);
            case ARGMAX -> x.argmax(axes[0], false);
            case ARGMIN -> x.argmin(axes[0], false);
        };
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceForward(ReduceOp op) {
        check("reduce." + op, () -> {
            for (int[][] c : REDUCTIONS) {
                if (op.producesIndices() && c[1].length > 1) {
                    continue;
                }
                double[] v = values(numel(c[0]), Domain.ANY, 29);
                assertClose(op + " " + Arrays.toString(c[0]) + " over " + Arrays.toString(c[1]),
                        reduce(op, ref(v, c[0]), c[1]).toDoubleArray(),
                        reduce(op, dev(v, c[0]), c[1]).toDoubleArray(), RTOL, ATOL);
            }
            double[] big = values(LARGE, Domain.ANY, 30);
            assertClose(op + " large", reduce(op, ref(big, LARGE), new int[]{0}).toDoubleArray(),
                    reduce(op, dev(big, LARGE), new int[]{0}).toDoubleArray(), RTOL, op == ReduceOp.SUM ? 1e-2 : ATOL);
            assertClose(op + " large rows", reduce(op, ref(big, 512, 512), new int[]{1}).toDoubleArray(),
                    reduce(op, dev(big, 512, 512), new int[]{1}).toDoubleArray(), RTOL, 1e-3);
            if (op == ReduceOp.SUM) {
                Assertions.assertEquals(0.0, dev(new double[0], 0, 3).sum(0).sum().item(), "sum of empty is 0");
            }
            double[] withNan = values(9, Domain.ANY, 31);
            withNan[4] = Double.NaN;
            withNan[6] = Double.NaN;
            double expected = reduce(op, ref(withNan, 9), new int[]{0}).item();
            double actual = reduce(op, dev(withNan, 9), new int[]{0}).item();
            Assertions.assertTrue(Double.compare(expected, actual) == 0 || (Double.isNaN(expected)
                    && Double.isNaN(actual)), op + " with NaN: expected " + expected + " but was " + actual);
            double[] ints = values(4 * 9, Domain.SMALL_INTEGERS, 32);
            assertExact(op + " INT32", reduce(op, tensor(ref, DType.INT32, ints, 4, 9), new int[]{1})
                    .toDoubleArray(), reduce(op, tensor(device, DType.INT32, ints, 4, 9), new int[]{1})
                    .toDoubleArray());
        });
    }

    @ParameterizedTest
    @EnumSource(value = ReduceOp.class, names = {"SUM", "MAX", "MIN"})
    void reduceBackward(ReduceOp op) {
        check("reduce." + op + ".backward", () -> {
            for (int[][] c : new int[][][]{{{5, 7}, {1}}, {{3, 4, 5}, {0, 2}}, {{7}, {0}}}) {
                double[] v = values(numel(c[0]), Domain.ANY, 33);
                assertGradientsMatchReference(op + " " + Arrays.toString(c[0]), x -> reduce(op, x[0], c[1]),
                        new double[][]{v}, new int[][]{c[0]});
            }
            if (supportsFloat64()) {
                new GradientChecker().assertGradients(x -> reduce(op, x[0], new int[]{1}),
                        tensor(device, DType.FLOAT64, values(12, Domain.ANY, 34), 3, 4));
            }
        });
    }

    @Test
    void compositeReductions() {
        check("reduce.composites", () -> {
            double[] v = values(4 * 6, Domain.ANY, 35);
            for (Function<Tensor, Tensor> f : List.<Function<Tensor, Tensor>>of(
                    x -> x.mean(new int[]{1}, true), x -> x.var(new int[]{0}, 1, false), x -> x.std(),
                    x -> x.logsumexp(1), x -> x.softmax(0), x -> x.logSoftmax(1))) {
                assertClose("composite", f.apply(ref(v, 4, 6)).toDoubleArray(), f.apply(dev(v, 4, 6))
                        .toDoubleArray(), RTOL, ATOL);
                assertGradientsMatchReference("composite", x -> f.apply(x[0]), new double[][]{v},
                        new int[][]{{4, 6}});
            }
        });
    }

    // ====================================================================== matmul

    /** Shapes {a, b}: vectors, size 1, odd, prime, batched, broadcast batch, k = 0, larger. */
    private static final int[][][] MATMULS = {
        {{1, 1}, {1, 1}}, {{3, 5}, {5, 7}}, {{17, 13}, {13, 11}}, {{64, 33}, {33, 65}}, {{5}, {5, 3}},
        {{3, 5}, {5}}, {{5}, {5}}, {{2, 3, 4}, {2, 4, 5}}, {{3, 4}, {2, 4, 5}}, {{2, 1, 3, 4}, {3, 4, 2}},
        {{3, 0}, {0, 4}}, {{128, 257}, {257, 96}}};

    @Test
    void matmulForward() {
        check("matmul", () -> {
            for (int[][] c : MATMULS) {
                double[] a = values(numel(c[0]), Domain.ANY, 36);
                double[] b = values(numel(c[1]), Domain.ANY, 37);
                assertClose("matmul " + Arrays.toString(c[0]) + " x " + Arrays.toString(c[1]),
                        ref(a, c[0]).matmul(ref(b, c[1])).toDoubleArray(),
                        dev(a, c[0]).matmul(dev(b, c[1])).toDoubleArray(), RTOL, 1e-4);
            }
            double[] a = values(9 * 6, Domain.ANY, 38);
            double[] b = values(7 * 9, Domain.ANY, 39);
            assertClose("matmul A^T B^T (transposed views, no copies)",
                    ref(a, 9, 6).t().matmul(ref(b, 7, 9).t()).toDoubleArray(),
                    dev(a, 9, 6).t().matmul(dev(b, 7, 9).t()).toDoubleArray(), RTOL, 1e-4);
            assertClose("linear", ref(a, 9, 6).t().linear(ref(b, 7, 9), null).toDoubleArray(),
                    dev(a, 9, 6).t().linear(dev(b, 7, 9), null).toDoubleArray(), RTOL, 1e-4);
        });
    }

    /** The SPI's full GEMM contract: offsets, padded leading dimensions, alpha, beta = 1, batch broadcast. */
    @Test
    void gemmContract() {
        check("matmul.gemm", () -> {
            int m = 5;
            int n = 6;
            int k = 7;
            for (boolean ta : new boolean[]{false, true}) {
                for (boolean tb : new boolean[]{false, true}) {
                    int lda = (ta ? m : k) + 3;
                    int ldb = (tb ? k : n) + 2;
                    int ldc = n + 1;
                    int rowsA = ta ? k : m;
                    int rowsB = tb ? n : k;
                    int batch = 3;
                    int sa = rowsA * lda + 4;
                    int sb = 0;
                    int sc = m * ldc + 2;
                    double[] av = values(2 + batch * sa, Domain.ANY, 40);
                    double[] bv = values(1 + rowsB * ldb, Domain.ANY, 41);
                    double[] cv = values(3 + batch * sc, Domain.ANY, 42);
                    Gemm g = new Gemm(batch, m, n, k, ta, tb, 2, lda, sa, 1, ldb, sb, 3, ldc, sc, 0.5, 1.0);
                    Tensor ra = ref(av, av.length);
                    Tensor rb = ref(bv, bv.length);
                    Tensor rc = ref(cv, cv.length);
                    ref.backend().matmul(g, TensorInternals.buffer(ra), TensorInternals.buffer(rb),
                            TensorInternals.buffer(rc));
                    Tensor da = dev(av, av.length);
                    Tensor db = dev(bv, bv.length);
                    Tensor dc = dev(cv, cv.length);
                    device.backend().matmul(g, TensorInternals.buffer(da), TensorInternals.buffer(db),
                            TensorInternals.buffer(dc));
                    assertClose("gemm transA=" + ta + " transB=" + tb, rc.toDoubleArray(), dc.toDoubleArray(), RTOL,
                            1e-4);
                }
            }
        });
    }

    @Test
    void matmulBackward() {
        check("matmul.backward", () -> {
            for (int[][] c : new int[][][]{{{3, 5}, {5, 7}}, {{5}, {5, 3}}, {{3, 4}, {2, 4, 5}}, {{2, 3, 4}, {4}}}) {
                double[] a = values(numel(c[0]), Domain.ANY, 43);
                double[] b = values(numel(c[1]), Domain.ANY, 44);
                assertGradientsMatchReference("matmul " + Arrays.toString(c[0]) + " x " + Arrays.toString(c[1]),
                        x -> x[0].matmul(x[1]), new double[][]{a, b}, c);
            }
            if (supportsFloat64()) {
                new GradientChecker().assertGradients(x -> x[0].t().matmul(x[1]),
                        tensor(device, DType.FLOAT64, values(6, Domain.ANY, 45), 3, 2),
                        tensor(device, DType.FLOAT64, values(12, Domain.ANY, 46), 3, 4));
            }
        });
    }

    // ====================================================================== indexing

    @Test
    void gatherAndScatter() {
        check("index.GATHER", () -> {
            double[] x = values(4 * 5 * 3, Domain.ANY, 47);
            double[] idx = new double[4 * 2 * 3];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (i * 7 + 3) % 5;
            }
            Tensor ri = tensor(ref, DType.INT32, idx, 4, 2, 3);
            Tensor di = tensor(device, DType.INT32, idx, 4, 2, 3);
            assertClose("gather axis 1", ref(x, 4, 5, 3).gather(1, ri).toDoubleArray(),
                    dev(x, 4, 5, 3).gather(1, di).toDoubleArray(), 0, 0);
            assertGradientsMatchReference("gather backward (scatter-add, duplicates)",
                    t -> t[0].gather(1, onReference(t[0]) ? ri : di), new double[][]{x}, new int[][]{{4, 5, 3}});
        });
        check("index.SCATTER_ADD", () -> {
            double[] base = values(3 * 6, Domain.ANY, 48);
            double[] src = values(3 * 4, Domain.ANY, 49);
            double[] idx = {0, 5, 5, 2, 1, 1, 1, 0, 3, 4, 3, 3};
            Tensor ri = tensor(ref, DType.INT32, idx, 3, 4);
            Tensor di = tensor(device, DType.INT32, idx, 3, 4);
            assertClose("scatterAdd axis 1 with duplicates",
                    ref(base, 3, 6).scatterAdd(1, ri, ref(src, 3, 4)).toDoubleArray(),
                    dev(base, 3, 6).scatterAdd(1, di, dev(src, 3, 4)).toDoubleArray(), RTOL, ATOL);
            assertGradientsMatchReference("scatterAdd backward",
                    t -> t[0].scatterAdd(1, onReference(t[0]) ? ri : di, t[1]), new double[][]{base, src},
                    new int[][]{{3, 6}, {3, 4}});
        });
        check("index.INDEX_SELECT", () -> {
            double[] x = values(5 * 4, Domain.ANY, 50);
            double[] idx = {4, 0, 0, 2, 4, 1, 3};
            for (int axis = 0; axis < 2; axis++) {
                int a = axis;
                double[] sel = a == 0 ? idx : new double[]{3, 0, 0, 2};
                Tensor rs = tensor(ref, DType.INT32, sel, sel.length);
                Tensor ds = tensor(device, DType.INT32, sel, sel.length);
                assertClose("indexSelect axis " + a, ref(x, 5, 4).indexSelect(a, rs).toDoubleArray(),
                        dev(x, 5, 4).indexSelect(a, ds).toDoubleArray(), 0, 0);
            }
        });
        check("index.INDEX_ADD", () -> {
            double[] x = values(5 * 4, Domain.ANY, 51);
            double[] idx = {4, 0, 0, 2, 4, 1, 3};
            Tensor ri = tensor(ref, DType.INT32, idx, 7);
            Tensor di = tensor(device, DType.INT32, idx, 7);
            assertGradientsMatchReference("indexSelect backward (index-add with duplicates)",
                    t -> t[0].indexSelect(0, onReference(t[0]) ? ri : di), new double[][]{x},
                    new int[][]{{5, 4}});
            double[] labels = {3, 0, 9, 9, 1};
            assertClose("oneHot", tensor(ref, DType.INT32, labels, 5).oneHot(10).toDoubleArray(),
                    tensor(device, DType.INT32, labels, 5).oneHot(10).toDoubleArray(), 0, 0);
            double[] ints = values(5 * 4, Domain.SMALL_INTEGERS, 52);
            assertExact("gather INT32", tensor(ref, DType.INT32, ints, 5, 4).indexSelect(0, ri).toDoubleArray(),
                    tensor(device, DType.INT32, ints, 5, 4).indexSelect(0, di).toDoubleArray());
        });
    }

    @Test
    void indicesOutOfRangeAreRejected() {
        check("index.rangeCheck", () -> {
            Tensor x = dev(values(6, Domain.ANY, 53), 2, 3);
            Tensor bad = tensor(device, DType.INT32, new double[]{0, 3}, 2, 1);
            IndexOutOfBoundsException e = Assertions.assertThrows(IndexOutOfBoundsException.class,
                    () -> x.gather(1, bad));
            Assertions.assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("3"), e.getMessage());
        });
    }

    /**
     * Under {@link DeferredChecks#defer} an out-of-range label or index is clamped on the device (never read out of
     * bounds), recorded, and raised at the next read naming the op, the value, the range and the batch; the log is
     * freed when read.
     */
    @Test
    void deferredRangeChecksClampAndRaiseAtTheNextRead() {
        check("index.deferredRangeCheck", () -> {
            double[] v = values(12, Domain.ANY, 54);
            Tensor loss;
            Tensor gathered;
            try (DeferredChecks.Context c = DeferredChecks.defer("batch 5")) {
                loss = dev(v, 3, 4).softmaxCrossEntropy(tensor(device, DType.INT32, new double[]{1, 7, -2}, 3),
                        null, 0);
                gathered = dev(v, 3, 4).gather(1, tensor(device, DType.INT32, new double[]{0, 9, 3}, 3, 1));
            }
            Assertions.assertEquals(2, DeferredChecks.pending(device));
            IndexOutOfBoundsException e = Assertions.assertThrows(IndexOutOfBoundsException.class, loss::toDoubleArray);
            Assertions.assertEquals("softmaxCrossEntropy: label -2 is out of range [0, 4) in batch 5 (checked on the "
                    + "device, raised at the next read)", e.getMessage());
            Assertions.assertEquals(0, DeferredChecks.pending(device));
            Tensor clamped = tensor(ref, DType.INT32, new double[]{1, 3, 0}, 3);
            assertClose("cross-entropy of clamped labels", ref(v, 3, 4).softmaxCrossEntropy(clamped, null, 0)
                    .toDoubleArray(), loss.toDoubleArray(), RTOL, ATOL);
            double[] x = dev(v, 3, 4).toDoubleArray();
            assertExact("gather of clamped indices", new double[]{x[0], x[7], x[11]}, gathered.toDoubleArray());
            Tensor again;
            try (DeferredChecks.Context c = DeferredChecks.defer("batch 6")) {
                again = dev(v, 3, 4).gather(1, tensor(device, DType.INT32, new double[]{3, 9, 0}, 3, 1));
            }
            e = Assertions.assertThrows(IndexOutOfBoundsException.class, again::toDoubleArray);
            Assertions.assertTrue(e.getMessage().startsWith("gather: index 9 is out of range [0, 4) in batch 6"),
                    e.getMessage());
        });
    }

    // ====================================================================== random

    @ParameterizedTest
    @EnumSource(RandomDistribution.class)
    void randomStreamsAreBitExact(RandomDistribution dist) {
        check("random." + dist, () -> {
            List<DType> types = new ArrayList<>(List.of(DType.FLOAT32));
            for (DType t : new DType[]{DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}) {
                if (device.backend().supports(t)) {
                    types.add(t);
                }
            }
            double a = dist == RandomDistribution.BERNOULLI ? 0.3 : -1.5;
            double b = dist == RandomDistribution.BERNOULLI ? 0 : 2.25;
            for (DType t : types) {
                for (int n : new int[]{1, 3, 4, 5, 1000, 4097, LARGE + 3}) {
                    Generator g = new Generator(0xC0FFEE + n);
                    g.setOffset(8L * n);
                    long offset = g.offset();
                    Tensor drawn = switch (dist) {
                        case UNIFORM -> Tensor.uniform(g, a, b, Shape.of(n), t, device);
                        case NORMAL -> Tensor.normal(g, a, b, Shape.of(n), t, device);
                        case BERNOULLI -> Tensor.bernoulli(g, a, Shape.of(n), t, device);
                    };
                    float[] expected = new float[n];
                    Philox.fill(dist, g.seed(), offset, a, b, 0, n, expected, 0);
                    double[] widened = new double[n];
                    for (int i = 0; i < n; i++) {
                        widened[i] = expected[i];
                    }
                    Assertions.assertEquals(t, drawn.dtype());
                    assertExact(dist + " " + t + " n=" + n, t.isHalf() ? HalfCases.rounded(t, widened) : widened,
                            drawn.toDoubleArray());
                }
            }
        });
    }

    // ====================================================================== convolution

    /**
     * Convolution, transposed convolution and max pooling (through whatever the backend runs for the conv and pool
     * fused ops) against the reference in FLOAT64: outputs and gradients on padded, strided, dilated, grouped and
     * depthwise shapes, and finite-difference checks on the device.
     */
    @Test
    void convolution() {
        check("conv2d", () -> {
            for (ConvShape s : List.of(ConvShape.of(2, 3, 6, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                    ConvShape.of(2, 4, 7, 6, 6, 3, 2, 2, 1, 0, 1, 2, 1, 2),
                    ConvShape.of(3, 4, 5, 5, 8, 3, 3, 1, 1, 1, 1, 1, 1, 4),
                    new ConvShape(1, 2, 7, 7, 3, 3, 3, 2, 3, 2, 2, 0, 1, 1, 1, 1))) {
                int[] in = {s.batch(), s.inChannels(), s.height(), s.width()};
                int[] out = {s.batch(), s.outChannels(), s.outH(), s.outW()};
                int[] w = {s.outChannels(), s.groupIn(), s.kernelH(), s.kernelW()};
                double[] xv = values(s.inputNumel(), Domain.ANY, 120);
                double[] uv = values(s.outputNumel(), Domain.ANY, 121);
                double[] wv = values(s.weightNumel(), Domain.ANY, 122);
                assertClose("conv2d " + s, Convolutions.conv2d(ref(xv, in), ref(wv, w), s).toDoubleArray(),
                        Convolutions.conv2d(dev(xv, in), dev(wv, w), s)
                                .toDoubleArray(), RTOL, 1e-4);
                assertGradientsMatchReference("conv2d " + s, t -> Convolutions.conv2d(t[0], t[1], s),
                        new double[][]{xv, wv}, new int[][]{in, w});
                assertGradientsMatchReference("conv2dTranspose " + s, t -> Convolutions.conv2dTranspose(t[0], t[1], s),
                        new double[][]{uv, wv}, new int[][]{out, w});
            }
            if (supportsFloat64()) {
                ConvShape s = ConvShape.of(2, 4, 5, 4, 4, 3, 2, 2, 1, 1, 0, 1, 1, 2);
                Tensor x = tensor(device, DType.FLOAT64, values(s.inputNumel(), Domain.ANY, 123), s.batch(),
                        s.inChannels(), s.height(), s.width());
                Tensor u = tensor(device, DType.FLOAT64, values(s.outputNumel(), Domain.ANY, 124), s.batch(),
                        s.outChannels(), s.outH(), s.outW());
                Tensor w = tensor(device, DType.FLOAT64, values(s.weightNumel(), Domain.ANY, 125), s.outChannels(),
                        s.groupIn(), s.kernelH(), s.kernelW());
                new GradientChecker().assertGradients(t -> Convolutions.conv2d(t[0], t[1], s), x, w);
                new GradientChecker().assertGradients(t -> Convolutions.conv2dTranspose(t[0], t[1], s), u, w);
            }
            for (ConvShape s : List.of(ConvShape.pooling(2, 3, 6, 7, 2, 2, 3, 3, 2, 2, 0, 0, 1, 1),
                    ConvShape.pooling(2, 2, 7, 6, 3, 3, 4, 6, 2, 1, 1, 1, 1, 1))) {
                int[] in = {s.batch(), s.inChannels(), s.height(), s.width()};
                double[] xv = values(s.inputNumel(), Domain.ANY, 126);
                assertClose("maxPool2d " + s, Pooling.maxPool2d(ref(xv, in), s).toDoubleArray(),
                        Pooling.maxPool2d(dev(xv, in), s).toDoubleArray(), RTOL, 1e-6);
                assertGradientsMatchReference("maxPool2d " + s, t -> Pooling.maxPool2d(t[0], s), new double[][]{xv},
                        new int[][]{in});
                if (supportsFloat64()) {
                    new GradientChecker().assertGradients(t -> Pooling.maxPool2d(t[0], s),
                            tensor(device, DType.FLOAT64, xv, in));
                }
            }
        });
    }

    // ====================================================================== fused ops

    /**
     * The recurrence of an RNN (tanh and ReLU), LSTM and GRU over a short sequence, both directions, with and without
     * a length mask: states and the gradients of every input against the FLOAT64 reference, and against finite
     * differences in FLOAT64.
     */
    @ParameterizedTest
    @ValueSource(strings = {"RNN_TANH", "RNN_RELU", "LSTM", "GRU"})
    void recurrenceMatchesReference(String cell) {
        check("recurrence." + cell, () -> {
            int steps = 4;
            int batch = 3;
            int hidden = 5;
            int gates = cell.equals("LSTM") ? 4 : cell.equals("GRU") ? 3 : 1;
            double[] keep = {1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0};
            for (boolean reverse : new boolean[]{false, true}) {
                for (boolean masked : new boolean[]{false, true}) {
                    Function<Tensor[], Tensor> f = t -> {
                        Tensor k = masked ? tensor(t[0].device(), t[0].dtype(), keep, steps, batch) : null;
                        return switch (cell) {
                            case "LSTM" -> Recurrence.lstm(t[0], t[1], t[2], t[3], t[4], k, reverse);
                            case "GRU" -> Recurrence.gru(t[0], t[1], t[3], t[4], k, reverse);
                            default -> Recurrence.rnn(t[0], t[1], t[3], t[4], k, reverse, cell.equals("RNN_RELU"));
                        };
                    };
                    int[][] shapes = {{steps, batch, gates * hidden}, {batch, hidden}, {batch, hidden},
                            {gates * hidden, hidden}, {gates * hidden}};
                    double[][] inputs = new double[shapes.length][];
                    for (int i = 0; i < shapes.length; i++) {
                        inputs[i] = values(numel(shapes[i]), Domain.ANY, 110 + i);
                    }
                    String what = cell + (reverse ? " reverse" : "") + (masked ? " masked" : "");
                    Tensor[] r = new Tensor[shapes.length];
                    Tensor[] x = new Tensor[shapes.length];
                    for (int i = 0; i < shapes.length; i++) {
                        r[i] = ref(inputs[i], shapes[i]);
                        x[i] = dev(inputs[i], shapes[i]);
                    }
                    assertClose(what + " states vs reference", f.apply(r).toDoubleArray(), f.apply(x).toDoubleArray(),
                            RTOL, ATOL);
                    assertGradientsMatchReference(what, f, inputs, shapes);
                    if (supportsFloat64()) {
                        Tensor[] x64 = new Tensor[shapes.length];
                        for (int i = 0; i < shapes.length; i++) {
                            x64[i] = tensor(device, DType.FLOAT64, inputs[i], shapes[i]);
                        }
                        new GradientChecker().assertGradients(f, x64);
                    }
                }
            }
        });
    }

    /** Every fused-op descriptor of the catalog. */
    List<FusedOp<?>> fusedOps() {
        return FusedCatalog.ALL;
    }

    /**
     * The kernel the backend registered for {@code op}, on every case of {@link FusedCases}, against the op's default
     * composition on the same device: every buffer operand (outputs and in-place updates) must agree.
     */
    @ParameterizedTest
    @MethodSource("fusedOps")
    void fusedKernelMatchesItsDefault(FusedOp<?> op) {
        Backend be = device.backend();
        Assumptions.assumeTrue(be.fusedKernels().find(op) != null, () -> device.spec() + " registers no kernel for "
                + op.name() + ": its default composition runs (checked against the reference by the op tests)");
        check("fused." + op.name(), () -> {
            for (FusedCases.Case c : casesOf(op)) {
                compareKernelWithDefault(be, op, c);
            }
        });
    }

    private <A extends Record> void compareKernelWithDefault(Backend be, FusedOp<A> op, FusedCases.Case c) {
        A kernelArgs = op.argsType().cast(c.args().apply(maker(be)));
        A defaultArgs = op.argsType().cast(c.args().apply(maker(be)));
        op.run(be, kernelArgs);
        op.runDefault(be, defaultArgs);
        List<Buffer> kernelSide = op.buffers(kernelArgs);
        List<Buffer> defaultSide = op.buffers(defaultArgs);
        for (int i = 0; i < kernelSide.size(); i++) {
            assertClose(op.name() + " " + c.name() + " operand " + i + " kernel vs default",
                    BufferData.download(be, defaultSide.get(i)), BufferData.download(be, kernelSide.get(i)), RTOL,
                    c.atol());
        }
    }

    private static List<FusedCases.Case> casesOf(FusedOp<?> op) {
        List<FusedCases.Case> cases = FusedCases.cases().get(op);
        if (cases == null || cases.isEmpty()) {
            throw new AssertionError("fused op " + op.name() + " has no conformance case in FusedCases");
        }
        return cases;
    }

    /** Every descriptor has cases, and every kernel a backend registers is a descriptor of the catalog. */
    @Test
    void everyFusedOpAndKernelHasConformanceCases() {
        check("fused.catalog", () -> {
            for (FusedOp<?> op : FusedCatalog.ALL) {
                casesOf(op);
            }
            for (FusedOp<?> op : device.backend().fusedKernels().registered()) {
                Assertions.assertTrue(FusedCatalog.ALL.contains(op), device.spec() + " registers a kernel for "
                        + op.name() + ", which is not in FusedCatalog (so no conformance case checks it)");
                casesOf(op);
            }
        });
    }

    private FusedCases.Maker maker(Backend be) {
        DType dt = dtype();
        return new FusedCases.Maker() {
            @Override
            public Backend backend() {
                return be;
            }

            @Override
            public DType dtype() {
                return dt;
            }

            @Override
            public Buffer of(double[] v) {
                return buf(tensor(device, dt, v, v.length));
            }

            @Override
            public Buffer labels(int rows, int classes) {
                double[] labels = new double[rows];
                for (int r = 0; r < rows; r++) {
                    labels[r] = (r * 7 + 1) % classes;
                }
                return buf(tensor(device, DType.INT32, labels, rows));
            }
        };
    }

    /** Softmax and log-softmax along every axis position, forward and gradient, against the FLOAT64 reference. */
    @Test
    void softmaxMatchesReference() {
        check("softmax.reference", () -> {
            for (int[] oni : new int[][]{{7, 13, 1}, {3, 5, 4}, {1, 1, 1}, {64, 1000, 1}, {2, 9, 33}}) {
                int n = oni[0] * oni[1] * oni[2];
                double[] v = values(n, Domain.ANY, 54);
                v[0] = 80;
                for (boolean log : new boolean[]{false, true}) {
                    String what = (log ? "logSoftmax " : "softmax ") + Arrays.toString(oni);
                    Function<Tensor[], Tensor> f = t -> log ? t[0].logSoftmax(1) : t[0].softmax(1);
                    Tensor refY = f.apply(new Tensor[]{ref(v, oni)});
                    assertClose(what + " vs reference", refY.toDoubleArray(),
                            f.apply(new Tensor[]{dev(v, oni)}).toDoubleArray(), RTOL, ATOL);
                    if (n <= 1000) {
                        assertGradientsMatchReference(what, f, new double[][]{values(n, Domain.ANY, 55)},
                                new int[][]{oni});
                    }
                }
            }
        });
    }

    /** The fused cross-entropy (weighted, smoothed), loss and gradient, against the FLOAT64 reference. */
    @Test
    void softmaxCrossEntropyMatchesReference() {
        check("softmaxCrossEntropy.reference", () -> {
            for (int[] rc : new int[][]{{1, 1}, {7, 10}, {33, 1000}, {5, 3}}) {
                int rows = rc[0];
                int classes = rc[1];
                double[] logits = values(rows * classes, Domain.ANY, 56);
                logits[0] = 60;
                double[] labels = new double[rows];
                for (int r = 0; r < rows; r++) {
                    labels[r] = (r * 7 + 1) % classes;
                }
                double[] weights = values(classes, Domain.POSITIVE, 57);
                for (boolean weighted : new boolean[]{false, true}) {
                    for (double eps : new double[]{0, 0.1}) {
                        String what = "CE " + rows + "x" + classes + (weighted ? " weighted" : "") + " eps=" + eps;
                        Tensor y = tensor(device, DType.INT32, labels, rows);
                        Tensor w = weighted ? dev(weights, classes) : null;
                        Tensor refLabels = tensor(ref, DType.INT32, labels, rows);
                        Tensor refWeights = weighted ? ref(weights, classes) : null;
                        Tensor refLoss = ref(logits, rows, classes).softmaxCrossEntropy(refLabels, refWeights, eps);
                        Tensor loss = dev(logits, rows, classes).softmaxCrossEntropy(y, w, eps);
                        assertClose(what + " vs reference", refLoss.toDoubleArray(), loss.toDoubleArray(), RTOL,
                                ATOL);
                        assertGradientsMatchReference(what + " gradient", t -> onReference(t[0])
                                        ? t[0].softmaxCrossEntropy(refLabels, refWeights, eps)
                                        : t[0].softmaxCrossEntropy(y, w, eps),
                                new double[][]{logits}, new int[][]{{rows, classes}});
                    }
                }
            }
        });
    }

    /**
     * Log-softmax (along the last and a middle axis) and cross-entropy at logits of +-1000, in the suite's dtype and
     * in FLOAT64 where supported, against {@code (x - max) - log sum exp(x - max)} evaluated here in FLOAT64 on the
     * values the device holds. Subtracting {@code max + log sum} in one step instead rounds the shift at the
     * magnitude of the logits (5e-14 in FLOAT64, 3e-5 in FLOAT32), which this tolerance rejects.
     */
    @Test
    void logSoftmaxOfExtremeLogits() {
        check("fused.logSoftmax.extremeLogits", () -> {
            int rows = 6;
            int classes = 37;
            double[] v = new double[rows * classes];
            double[] labels = new double[rows];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < classes; c++) {
                    v[r * classes + c] = ((c + r) % 2 == 0 ? 1000 : -1000) - 0.37 * ((c * 5 + r * 3) % 11);
                }
                labels[r] = r % 2 == 0 ? argmax(v, r * classes, classes) : (r * 7 + 2) % classes;
            }
            List<DType> dtypes = supportsFloat64() && dtype() != DType.FLOAT64 ? List.of(dtype(), DType.FLOAT64)
                    : List.of(dtype());
            for (DType dt : dtypes) {
                Tensor x = tensor(device, dt, v, rows, classes);
                double[] held = x.toDoubleArray();
                double[] expected = new double[held.length];
                double[] expectedLoss = new double[rows];
                for (int r = 0; r < rows; r++) {
                    stableLogSoftmax(held, expected, r * classes, classes);
                    expectedLoss[r] = -expected[r * classes + (int) labels[r]];
                }
                assertWithinUlps(dt + " logSoftmax(1) of +-1000", expected, x.logSoftmax(1).toDoubleArray(), dt);
                Tensor columns = x.t().contiguous();
                assertWithinUlps(dt + " logSoftmax(0) of +-1000 (strided axis)", expected,
                        columns.logSoftmax(0).t().contiguous().toDoubleArray(), dt);
                Tensor loss = x.softmaxCrossEntropy(tensor(device, DType.INT32, labels, rows), null, 0);
                assertWithinUlps(dt + " cross-entropy of +-1000", expectedLoss, loss.toDoubleArray(), dt);
            }
        });
    }

    private static int argmax(double[] v, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[off + i] > v[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /** {@code out = (x - max) - log sum exp(x - max)} over {@code x[off .. off+n)}, in FLOAT64. */
    private static void stableLogSoftmax(double[] x, double[] out, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = off; i < off + n; i++) {
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = off; i < off + n; i++) {
            sum += Math.exp(x[i] - max);
        }
        double logSum = Math.log(sum);
        for (int i = off; i < off + n; i++) {
            out[i] = (x[i] - max) - logSum;
        }
    }

    /** Each value within 2 ulps of the expected one in {@code dt} plus 4e-6 (FLOAT32) or 1e-15 (FLOAT64). */
    private static void assertWithinUlps(String what, double[] expected, double[] actual, DType dt) {
        Assertions.assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double tol = dt == DType.FLOAT32 ? 2 * Math.ulp((float) e) + 4e-6 : 2 * Math.ulp(e) + 1e-15;
            if (!(Math.abs(actual[i] - e) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + e
                        + " (off by " + Math.abs(actual[i] - e) + ", tolerance " + tol + ")");
            }
        }
    }

    /** linear with each activation (the bias + activation op and its backward), gradients against the reference. */
    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void linearActivationMatchesReference(UnaryOp act) {
        check("linear." + act, () -> {
            double alpha = alphaOf(act);
            double[] x = values(4 * 6, Domain.ANY, 62);
            double[] w = values(5 * 6, Domain.ANY, 63);
            double[] b = values(5, Domain.ANY, 64);
            Function<Tensor[], Tensor> f = t -> t[0].linear(t[1], t[2], act, alpha);
            Tensor refY = f.apply(new Tensor[]{ref(x, 4, 6), ref(w, 5, 6), ref(b, 5)});
            Tensor y = f.apply(new Tensor[]{dev(x, 4, 6), dev(w, 5, 6), dev(b, 5)});
            assertClose("linear+" + act + " vs reference", refY.toDoubleArray(), y.toDoubleArray(), RTOL, ATOL);
            assertGradientsMatchReference("linear+" + act, f, new double[][]{x, w, b},
                    new int[][]{{4, 6}, {5, 6}, {5}});
        });
    }

    // ====================================================================== half precision

    /** Every {@link HalfCases} case in each half type. */
    List<Arguments> halfCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType half : HALF_TYPES) {
            for (HalfCases.Case c : HalfCases.all()) {
                out.add(Arguments.of(half, c));
            }
        }
        return out;
    }

    private static final DType[] HALF_TYPES = {DType.FLOAT16, DType.BFLOAT16};

    /** Skips a half-precision check, with the reason in the report, when the device does not store {@code half}. */
    private void assumeStores(String item, DType half) {
        if (!device.backend().supports(half)) {
            String reason = device.spec() + " does not store " + half + " (Backend.supports is false)";
            report.record(item, Status.UNSUPPORTED, reason);
            Assumptions.abort(reason);
        }
    }

    /** One op or composition in a half type: FLOAT32 on the reference rounded once, within the case's ulps. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("halfCases")
    void halfPrecisionIsFloat32RoundedOnce(DType half, HalfCases.Case c) {
        String item = "half." + half + "." + c.name();
        assumeStores(item, half);
        check(item, () -> HalfCases.check(c, half, device, ref));
    }

    /** Casts to and from a half type, fills, and the gradient through a cast. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void halfCastsRoundToNearestEven(DType half) {
        assumeStores("half." + half + ".cast", half);
        check("half." + half + ".cast", () -> HalfCases.checkCasts(half, device));
    }

    // ====================================================================== memory, worked example, coverage

    @Test
    void memoryIsAccounted() {
        check("memory", () -> {
            long before = device.memoryStats().bytesInUse();
            Tensor t = Tensor.zeros(Shape.of(1000), DType.FLOAT32, device);
            Assertions.assertTrue(device.memoryStats().bytesInUse() >= before + 4000,
                    "a 4000-byte tensor must show in memoryStats: " + device.memoryStats());
            Assertions.assertTrue(device.memoryStats().peakBytes() >= device.memoryStats().bytesInUse());
            t.close();
            Assertions.assertEquals(before, device.memoryStats().bytesInUse(), "closing frees the buffer");
        });
    }

    /** The course notes' backprop example: f = sigmoid(w0 x0 + w1 x1 + w2). */
    @Test
    void backpropWorkedExample() {
        check("autograd.workedExample", () -> {
            Tensor w = dev(new double[]{2, -3, -3}, 3).requiresGrad(true);
            Tensor x = dev(new double[]{-1, -2}, 2).requiresGrad(true);
            Tensor f = w.slice(0, 0, 2).mul(x).sum().add(w.select(0, 2)).sigmoid();
            f.backward();
            assertClose("dw", new double[]{-0.20, -0.39, 0.20}, w.grad().toDoubleArray(), 0, 0.005);
            assertClose("dx", new double[]{0.39, -0.59}, x.grad().toDoubleArray(), 0, 0.005);
            w.zeroGrad();
            x.zeroGrad();
        });
    }

    /**
     * Step capture ({@link Backend#stepCapture()}): a captured program of primitives and a fused Adam step with a
     * step-scalar tensor, replayed on new inputs and new rates, equals the same program run eagerly bit for bit; a
     * backend without the capability refuses a capture with the reason, naming itself.
     */
    @Test
    void stepCaptureReplaysEqualEagerRuns() {
        check("stepCapture", () -> {
            java.util.Optional<String> unsupported = StepGraph.unsupportedReason(device);
            if (unsupported.isPresent()) {
                Assertions.assertTrue(unsupported.get().contains(device.spec()), unsupported.get());
                CaptureException e = Assertions.assertThrows(CaptureException.class,
                        () -> StepGraph.capture(device, () -> { }));
                Assertions.assertTrue(e.getMessage().contains(unsupported.get()), e.getMessage());
                return;
            }
            Tensor[] captured = captureInputs();
            Tensor[] eager = captureInputs();
            Tensor scalars = ParameterUpdates.newStepScalars(device);
            Tensor[] out = new Tensor[2];
            AdamHyperparameters first = new AdamHyperparameters(0.1, 0.9, 0.99, 1e-8, 0.01, true, false, 1);
            try (StepGraph g = StepGraph.capture(device, () -> {
                Tensor[] r = captureProgram(captured, first, scalars);
                out[0] = Scope.persist(r[0]);
                out[1] = Scope.persist(r[1]);
            })) {
                for (int k = 0; k < 3; k++) {
                    double[] xs = values(20, Domain.ANY, 40 + k);
                    captured[0].assign(dev(xs, 4, 5));
                    eager[0].assign(dev(xs, 4, 5));
                    AdamHyperparameters h = new AdamHyperparameters(0.1 / (k + 1), 0.9, 0.99, 1e-8, 0.01, true, false,
                            k + 1);
                    ParameterUpdates.adamScalars(scalars, h);
                    g.replay();
                    Tensor[] expected = captureProgram(eager, h, null);
                    assertExact("stepCapture replay " + k + " y", expected[0].toDoubleArray(),
                            out[0].toDoubleArray());
                    assertExact("stepCapture replay " + k + " row sums", expected[1].toDoubleArray(),
                            out[1].toDoubleArray());
                    for (int i = 1; i < captured.length; i++) {
                        assertExact("stepCapture replay " + k + " input " + i, eager[i].toDoubleArray(),
                                captured[i].toDoubleArray());
                    }
                }
            } finally {
                for (Tensor t : out) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
        });
    }

    /** A backend computes or multiplies only in types it stores, and computes in every full-width type it stores. */
    @Test
    void dtypeCapabilitiesAreConsistent() {
        check("dtypes.capabilities", () -> {
            Backend be = device.backend();
            for (DType t : DType.values()) {
                Assertions.assertTrue(!be.computes(t) || be.supports(t), "computes " + t + " without storing it");
                Assertions.assertTrue(!be.multiplies(t) || be.supports(t), "multiplies " + t + " without storing it");
                Assertions.assertTrue(t.isHalf() || !be.supports(t) || be.computes(t),
                        "stores " + t + " without computing in it (only half types may be storage-only)");
            }
        });
    }

    /** x [4, 5], w [5, 3], and Adam's parameter, gradient and moments [7]. */
    private Tensor[] captureInputs() {
        return new Tensor[]{dev(values(20, Domain.ANY, 30), 4, 5), dev(values(15, Domain.ANY, 31), 5, 3),
                dev(values(7, Domain.ANY, 32), 7), dev(values(7, Domain.ANY, 33), 7), dev(new double[7], 7),
                dev(new double[7], 7)};
    }

    /** relu(x w + 1), its row sums, the transposed copy's sum added to the gradient, then one Adam step. */
    private static Tensor[] captureProgram(Tensor[] in, AdamHyperparameters h, Tensor scalars) {
        Tensor y = in[0].matmul(in[1]).add(1.0).relu();
        Tensor rows = y.transpose(0, 1).contiguous().sum(0);
        in[3].addInPlace(rows.sum());
        ParameterUpdates.adam(List.of(in[2]), List.of(in[3]), List.of(in[4]), List.of(in[5]), null, h, scalars);
        return new Tensor[]{y, rows};
    }

    /** Every method of the Backend SPI is exercised by some check above. */
    @Test
    void suiteCoversTheWholeSpi() {
        Set<String> covered = Set.of("deviceSpec", "info", "supports", "computes", "multiplies", "allocate", "free",
                "memoryStats", "resetPeak", "write", "read", "synchronize", "copy", "unary", "unaryBackward", "binary",
                "where", "reduce", "matmul", "index", "random", "fusedKernels", "stepCapture");
        Set<String> spi = new TreeSet<>();
        for (Method m : Backend.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                spi.add(m.getName());
            }
        }
        Assertions.assertEquals(new TreeSet<>(covered), spi, "a Backend method is not covered by the suite");
    }

    // ====================================================================== helpers

    /**
     * Whether {@code t} belongs to the reference side of {@link #assertGradientsMatchReference}: the reference
     * device in FLOAT64. (When the device under test is the reference itself, its side is the suite's dtype.)
     */
    private boolean onReference(Tensor t) {
        return t.device() == ref && t.dtype() == DType.FLOAT64;
    }

    private static Buffer buf(Tensor t) {
        return TensorInternals.buffer(t);
    }

    /**
     * Computes {@code sum(f(x) * probe)} and its gradients on the device (in the suite's dtype) and on the reference
     * (FLOAT64), and compares the gradients with rtol 1e-3.
     */
    private void assertGradientsMatchReference(String what, Function<Tensor[], Tensor> f, double[][] inputs,
                                               int[][] shapes) {
        double[][] expected = gradients(ref, DType.FLOAT64, f, inputs, shapes);
        double[][] actual = gradients(device, dtype(), f, inputs, shapes);
        for (int i = 0; i < inputs.length; i++) {
            if (expected[i] != null) {
                assertClose(what + " gradient of input " + i, expected[i], actual[i], GRAD_RTOL, GRAD_ATOL);
            }
        }
    }

    private static double[][] gradients(Device d, DType dtype, Function<Tensor[], Tensor> f, double[][] inputs,
                                        int[][] shapes) {
        try (Scope s = Scope.open()) {
            Tensor[] xs = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                xs[i] = tensor(d, dtype, inputs[i], shapes[i]).requiresGrad(true);
            }
            Tensor y = f.apply(xs);
            Tensor probe;
            try (GradMode.Guard g = GradMode.noGrad()) {
                probe = tensor(d, y.dtype(), values(y.numel(), Domain.ANY, 99), y.shape().dims());
            }
            Tensor loss = y.mul(probe).sum();
            double[][] out = new double[inputs.length][];
            if (loss.requiresGrad()) {
                loss.backward();
            }
            for (int i = 0; i < xs.length; i++) {
                out[i] = xs[i].grad() == null ? new double[inputs[i].length] : xs[i].grad().toDoubleArray();
                xs[i].zeroGrad();
            }
            return out;
        }
    }
}
