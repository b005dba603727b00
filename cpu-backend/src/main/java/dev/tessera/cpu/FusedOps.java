package dev.tessera.cpu;

import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.BiasActivationFamily;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.OptimizerFamily;
import dev.tessera.backend.fused.SoftmaxFamily;
import dev.tessera.backend.reference.HeapBuffer;

/**
 * The CPU's kernels for the fused ops of {@link dev.tessera.backend.fused.FusedCatalog}, as single passes over rows
 * (softmax, cross-entropy, bias + activation) or over all parameters at once (SGD, Adam), spread over threads, and
 * the linear layer as a GEMM with the bias and activation as its epilogue. Each
 * equals its op's default composition within the conformance tolerance; softmax along a non-innermost axis (rare)
 * runs the default.
 */
final class FusedOps {
    private final Kernels k;
    private final WorkerPool pool;
    private final Backend backend;
    private final GemmDriver gemm;
    private final ConvKernels conv;
    private final PoolKernels pools;
    private final RecurrentCells cells;

    FusedOps(Kernels kernels, WorkerPool pool, Backend backend, GemmDriver gemm) {
        this.k = kernels;
        this.pool = pool;
        this.backend = backend;
        this.gemm = gemm;
        this.conv = new ConvKernels(kernels, pool, gemm);
        this.pools = new PoolKernels(pool);
        this.cells = new RecurrentCells(kernels, pool);
    }

    /**
     * This backend's kernel for every fused op of the catalog: those of this class, then each family kernel class's
     * own registrations.
     */
    FusedKernels registry() {
        FusedKernels.Builder registry = FusedKernels.builder()
                .register(SoftmaxFamily.SOFTMAX, (be, a) -> softmax(heap(a.x()), heap(a.y()), a.outer(), a.n(),
                        a.inner(), a.log()))
                .register(SoftmaxFamily.SOFTMAX_BACKWARD, (be, a) -> softmaxBackward(heap(a.y()), heap(a.gy()),
                        heap(a.gx()), a.outer(), a.n(), a.inner(), a.log()))
                .register(SoftmaxFamily.CROSS_ENTROPY, (be, a) -> softmaxCrossEntropy(heap(a.logits()),
                        heap(a.labels()), heap(a.classWeights()), a.smoothing(), a.rows(), a.classes(),
                        heap(a.loss()), heap(a.logProbs())))
                .register(SoftmaxFamily.CROSS_ENTROPY_BACKWARD, (be, a) -> softmaxCrossEntropyBackward(
                        heap(a.logProbs()), heap(a.labels()), heap(a.classWeights()), a.smoothing(), a.rows(),
                        a.classes(), heap(a.gradLoss()), heap(a.gradLogits())))
                .register(BiasActivationFamily.BIAS_ACTIVATION, (be, a) -> biasActivation(a.act(), a.alpha(),
                        heap(a.z()), heap(a.bias()), heap(a.y()), a.rows(), a.cols()))
                .register(BiasActivationFamily.LINEAR, (be, a) -> linear(a))
                .register(BiasActivationFamily.BIAS_ACTIVATION_BACKWARD, (be, a) -> biasActivationBackward(a.act(),
                        a.alpha(), heap(a.pre()), heap(a.y()), heap(a.gy()), heap(a.gz()), heap(a.gradBias()),
                        a.rows(), a.cols()))
                .register(OptimizerFamily.SGD_STEP, (be, a) -> sgdStep(a.params(), a.grads(), a.momentum(),
                        a.config()))
                .register(OptimizerFamily.ADAM_STEP, (be, a) -> adamStep(a.params(), a.grads(), a.firstMoment(),
                        a.secondMoment(), a.maxSecondMoment(), a.config()));
        conv.register(registry);
        pools.register(registry);
        cells.register(registry);
        return registry.build();
    }

    private static HeapBuffer heap(Buffer b) {
        return (HeapBuffer) b;
    }

    // ---------------------------------------------------------------- softmax

    /** See {@link SoftmaxFamily.Softmax}. */
    void softmax(HeapBuffer x, HeapBuffer y, int outer, int n, int inner, boolean log) {
        if (inner != 1) {
            SoftmaxFamily.SOFTMAX.runDefault(backend, new SoftmaxFamily.Softmax(x, y, outer, n, inner, log));
            return;
        }
        pool.parallelFor(outer, rowGrain(n), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (x.f != null) {
                    k.softmaxRow(x.f, r * n, y.f, r * n, n, log);
                } else {
                    k.softmaxRow(x.d, r * n, y.d, r * n, n, log);
                }
            }
        });
    }

    /** See {@link SoftmaxFamily.SoftmaxBackward}. */
    void softmaxBackward(HeapBuffer y, HeapBuffer gy, HeapBuffer gx, int outer, int n, int inner, boolean log) {
        if (inner != 1) {
            SoftmaxFamily.SOFTMAX_BACKWARD.runDefault(backend,
                    new SoftmaxFamily.SoftmaxBackward(y, gy, gx, outer, n, inner, log));
            return;
        }
        pool.parallelFor(outer, rowGrain(n), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (y.f != null) {
                    k.softmaxBackwardRow(y.f, gy.f, gx.f, r * n, n, log);
                } else {
                    k.softmaxBackwardRow(y.d, gy.d, gx.d, r * n, n, log);
                }
            }
        });
    }

    // ---------------------------------------------------------------- cross-entropy

    /** See {@link SoftmaxFamily.CrossEntropy}. */
    void softmaxCrossEntropy(HeapBuffer logits, HeapBuffer labels, HeapBuffer weights, double eps, int rows,
                             int classes, HeapBuffer loss, HeapBuffer logProbs) {
        pool.parallelFor(rows, rowGrain(classes), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int off = r * classes;
                int label = labels.i[r];
                double rowTerm;
                if (logits.f != null) {
                    k.softmaxRow(logits.f, off, logProbs.f, off, classes, true);
                    rowTerm = weights == null ? k.reduce(ReduceOp.SUM, logProbs.f, off, classes)
                            : k.dot(logProbs.f, off, weights.f, 0, classes);
                } else {
                    k.softmaxRow(logits.d, off, logProbs.d, off, classes, true);
                    rowTerm = weights == null ? k.reduce(ReduceOp.SUM, logProbs.d, off, classes)
                            : k.dot(logProbs.d, off, weights.d, 0, classes);
                }
                double wy = weights == null ? 1.0 : weights.get(label);
                double l = -(1.0 - eps) * wy * logProbs.get(off + label);
                if (eps != 0) {
                    l -= eps / classes * rowTerm;
                }
                loss.set(r, l);
            }
        });
    }

    /** See {@link SoftmaxFamily.CrossEntropyBackward}. */
    void softmaxCrossEntropyBackward(HeapBuffer logProbs, HeapBuffer labels, HeapBuffer weights, double eps, int rows,
                                     int classes, HeapBuffer gradLoss, HeapBuffer gradLogits) {
        double totalWeight = classes;
        if (weights != null) {
            totalWeight = weights.f != null ? k.reduce(ReduceOp.SUM, weights.f, 0, classes)
                    : k.reduce(ReduceOp.SUM, weights.d, 0, classes);
        }
        double wTotal = totalWeight;
        pool.parallelFor(rows, rowGrain(classes), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int off = r * classes;
                int label = labels.i[r];
                double g = gradLoss.get(r);
                double wy = weights == null ? 1.0 : weights.get(label);
                double labelTerm = (1.0 - eps) * wy * g;
                double coef = labelTerm + eps / classes * wTotal * g;
                double wScale = eps / classes * g;
                if (logProbs.f != null) {
                    k.crossEntropyGradRow(logProbs.f, off, gradLogits.f, off, classes, coef,
                            weights == null ? null : weights.f, wScale);
                } else {
                    k.crossEntropyGradRow(logProbs.d, off, gradLogits.d, off, classes, coef,
                            weights == null ? null : weights.d, wScale);
                }
                gradLogits.set(off + label, gradLogits.get(off + label) - labelTerm);
            }
        });
    }

    // ---------------------------------------------------------------- bias + activation

    /** See {@link BiasActivationFamily.BiasActivation}. */
    void biasActivation(UnaryOp act, double alpha, HeapBuffer z, HeapBuffer bias, HeapBuffer y, int rows, int cols) {
        pool.parallelFor(rows, rowGrain(cols), (r0, r1) -> biasActivationBlock(act, alpha, z, bias, y, cols, r0,
                r1 - r0, 0, cols));
    }

    /**
     * See {@link BiasActivationFamily.Linear}: the product with the bias and activation applied to each block of z
     * as soon as the GEMM completes it (see {@link GemmDriver.Epilogue}).
     */
    void linear(BiasActivationFamily.Linear a) {
        HeapBuffer z = heap(a.z());
        HeapBuffer bias = heap(a.bias());
        HeapBuffer y = heap(a.y());
        int cols = a.gemm().n();
        gemm.run(z.f != null ? k.floatGemm() : k.doubleGemm(), a.gemm(), heap(a.x()).array(), heap(a.w()).array(),
                z.array(), (r0, rows, c0, n) -> biasActivationBlock(a.act(), a.alpha(), z, bias, y, cols, r0, rows, c0,
                        n));
    }

    /**
     * Bias and activation on rows {@code [r0, r0+rows)}, columns {@code [c0, c0+n)} of the {@code [*, cols]}
     * matrices z and y: {@code z += bias} (when bias is not null), then {@code y = act(z)} (a copy without act).
     */
    private void biasActivationBlock(UnaryOp act, double alpha, HeapBuffer z, HeapBuffer bias, HeapBuffer y,
                                     int cols, int r0, int rows, int c0, int n) {
        for (int r = r0; r < r0 + rows; r++) {
            int off = r * cols + c0;
            if (z.f != null) {
                if (bias != null) {
                    k.binary(BinaryOp.ADD, z.f, off, 1, bias.f, c0, 1, z.f, off, 1, n);
                }
                if (act != null) {
                    k.unary(act, alpha, z.f, off, 1, y.f, off, 1, n);
                } else if (y != z) {
                    System.arraycopy(z.f, off, y.f, off, n);
                }
            } else {
                if (bias != null) {
                    k.binary(BinaryOp.ADD, z.d, off, 1, bias.d, c0, 1, z.d, off, 1, n);
                }
                if (act != null) {
                    k.unary(act, alpha, z.d, off, 1, y.d, off, 1, n);
                } else if (y != z) {
                    System.arraycopy(z.d, off, y.d, off, n);
                }
            }
        }
    }

    /**
     * See {@link BiasActivationFamily.BiasActivationBackward}. Each member computes {@code gz} for its rows and the column sums of
     * those rows in double; the members' sums are added in member order.
     */
    void biasActivationBackward(UnaryOp act, double alpha, HeapBuffer pre, HeapBuffer y, HeapBuffer gy, HeapBuffer gz,
                                HeapBuffer gradBias, int rows, int cols) {
        int team = (int) Math.min(pool.size(), Math.max(1, (long) rows * cols / StridedLoop.GRAIN));
        double[][] partial = gradBias == null ? null : new double[team][cols];
        pool.team(team, (member, size, barrier) -> {
            for (int part = member; part < team; part += size) {
                int r0 = WorkerPool.split(rows, team, part);
                int r1 = WorkerPool.split(rows, team, part + 1);
                backwardRows(act, alpha, pre, y, gy, gz, r0, r1, cols, partial == null ? null : partial[part]);
            }
        });
        if (partial != null) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (double[] p : partial) {
                    s += p[c];
                }
                gradBias.set(c, s);
            }
        }
    }

    private void backwardRows(UnaryOp act, double alpha, HeapBuffer pre, HeapBuffer y, HeapBuffer gy, HeapBuffer gz,
                              int r0, int r1, int cols, double[] sums) {
        for (int r = r0; r < r1; r++) {
            int off = r * cols;
            if (act != null) {
                if (gz.f != null) {
                    k.unaryBackward(act, alpha, pre.f, y.f, gy.f, gz.f, off, cols);
                } else {
                    k.unaryBackward(act, alpha, pre.d, y.d, gy.d, gz.d, off, cols);
                }
            } else if (gz != gy) {
                System.arraycopy(gy.array(), off, gz.array(), off, cols);
            }
            if (sums != null) {
                if (gz.f != null) {
                    k.accumulate(sums, 0, gz.f, off, cols);
                } else {
                    k.combine(ReduceOp.SUM, sums, 0, gz.d, off, cols);
                }
            }
        }
    }

    // ---------------------------------------------------------------- optimizer steps

    /** See {@link OptimizerFamily.SgdStep}: one pass over all parameters, split by elements over the team. */
    void sgdStep(Buffer[] params, Buffer[] grads, Buffer[] momentum, SgdConfig c) {
        forEachPiece(params, (i, off, len) -> {
            HeapBuffer p = (HeapBuffer) params[i];
            HeapBuffer g = (HeapBuffer) grads[i];
            HeapBuffer m = (HeapBuffer) momentum[i];
            if (p.f != null) {
                k.sgd(p.f, g.f, m == null ? null : m.f, off, len, c);
            } else {
                k.sgd(p.d, g.d, m == null ? null : m.d, off, len, c);
            }
        });
    }

    /** See {@link OptimizerFamily.AdamStep}: one pass over all parameters, split by elements over the team. */
    void adamStep(Buffer[] params, Buffer[] grads, Buffer[] first, Buffer[] second, Buffer[] max, AdamConfig c) {
        double stepSize = c.lr() / (1.0 - Math.pow(c.beta1(), c.step()));
        double sqrtBc2 = Math.sqrt(1.0 - Math.pow(c.beta2(), c.step()));
        forEachPiece(params, (i, off, len) -> {
            HeapBuffer p = (HeapBuffer) params[i];
            HeapBuffer g = (HeapBuffer) grads[i];
            HeapBuffer m = (HeapBuffer) first[i];
            HeapBuffer v = (HeapBuffer) second[i];
            HeapBuffer vm = (HeapBuffer) max[i];
            if (p.f != null) {
                k.adam(p.f, g.f, m.f, v.f, vm == null ? null : vm.f, off, len, c, stepSize, sqrtBc2);
            } else {
                k.adam(p.d, g.d, m.d, v.d, vm == null ? null : vm.d, off, len, c, stepSize, sqrtBc2);
            }
        });
    }

    /** A piece {@code [off, off+len)} of parameter {@code index}. */
    private interface Piece {
        void run(int index, int off, int len);
    }

    /** Cuts the concatenation of all parameters into one contiguous element range per member. */
    private void forEachPiece(Buffer[] params, Piece piece) {
        long[] starts = new long[params.length + 1];
        for (int i = 0; i < params.length; i++) {
            starts[i + 1] = starts[i] + params[i].numel();
        }
        long total = starts[params.length];
        int team = (int) Math.min(pool.size(), Math.max(1, total / StridedLoop.GRAIN));
        pool.team(team, (member, size, barrier) -> {
            for (int part = member; part < team; part += size) {
                long s = total * part / team;
                long e = total * (part + 1) / team;
                for (int i = 0; i < params.length && s < e; i++) {
                    if (starts[i + 1] <= s) {
                        continue;
                    }
                    int off = (int) (s - starts[i]);
                    int len = (int) (Math.min(e, starts[i + 1]) - s);
                    piece.run(i, off, len);
                    s += len;
                }
            }
        });
    }

    /** Rows per task so a task has at least {@link StridedLoop#GRAIN} elements. */
    private static int rowGrain(int cols) {
        return Math.max(1, StridedLoop.GRAIN / Math.max(cols, 1));
    }
}
