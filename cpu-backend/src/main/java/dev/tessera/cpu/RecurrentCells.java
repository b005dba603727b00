package dev.tessera.cpu;

import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.RecurrentFamily;
import dev.tessera.backend.fused.RecurrentFamily.Cell;
import dev.tessera.backend.fused.RecurrentFamily.CellStep;
import dev.tessera.backend.fused.RecurrentFamily.CellStepBackward;
import dev.tessera.backend.reference.HeapBuffer;
import java.util.Arrays;

/**
 * The CPU's kernels for the recurrent cell steps of {@link dev.tessera.backend.fused.RecurrentFamily}: each batch row
 * in one pass of short dense runs over its gate blocks (the Vector API's sigmoid and tanh, products and sums of H
 * elements that stay in the L1 cache), rows spread over threads. The math is the descriptors'; a mask value other
 * than 1 blends the row's states (and splits its gradients) elementwise afterwards.
 */
final class RecurrentCells {
    /** Elements of gate work per parallel chunk (each element costs about ten passes). */
    private static final int GRAIN = StridedLoop.GRAIN / 8;

    private final Kernels k;
    private final WorkerPool pool;

    RecurrentCells(Kernels kernels, WorkerPool pool) {
        this.k = kernels;
        this.pool = pool;
    }

    /** Registers these kernels for the ops of {@link RecurrentFamily}. */
    void register(FusedKernels.Builder registry) {
        registry.register(RecurrentFamily.CELL_STEP, (be, a) -> step(a))
                .register(RecurrentFamily.CELL_STEP_BACKWARD, (be, a) -> stepBackward(a));
    }

    private static HeapBuffer heap(Buffer b) {
        return (HeapBuffer) b;
    }

    // ---------------------------------------------------------------- row primitives (FLOAT32 or FLOAT64)

    /** {@code o[oo..] = a[ao..] op b[bo..]} over n elements; bs = 0 broadcasts {@code b[bo]}. */
    private void bin(BinaryOp op, HeapBuffer a, int ao, int as, HeapBuffer b, int bo, int bs, HeapBuffer o, int oo,
                     int n) {
        if (o.f != null) {
            k.binary(op, a.f, ao, as, b.f, bo, bs, o.f, oo, 1, n);
        } else {
            k.binary(op, a.d, ao, as, b.d, bo, bs, o.d, oo, 1, n);
        }
    }

    private void bin(BinaryOp op, HeapBuffer a, int ao, HeapBuffer b, int bo, HeapBuffer o, int oo, int n) {
        bin(op, a, ao, 1, b, bo, 1, o, oo, n);
    }

    /** {@code o = 1 - a} (with {@code one} holding 1 at 0). */
    private void oneMinus(HeapBuffer one, HeapBuffer a, int ao, HeapBuffer o, int oo, int n) {
        bin(BinaryOp.SUB, one, 0, 0, a, ao, 1, o, oo, n);
    }

    private void un(UnaryOp op, HeapBuffer x, int xo, HeapBuffer y, int yo, int n) {
        if (y.f != null) {
            k.unary(op, 0, x.f, xo, 1, y.f, yo, 1, n);
        } else {
            k.unary(op, 0, x.d, xo, 1, y.d, yo, 1, n);
        }
    }

    private static void copy(HeapBuffer src, int so, HeapBuffer dst, int dO, int n) {
        System.arraycopy(src.array(), so, dst.array(), dO, n);
    }

    private static void zero(HeapBuffer b, int off, int n) {
        if (b.f != null) {
            Arrays.fill(b.f, off, off + n, 0f);
        } else {
            Arrays.fill(b.d, off, off + n, 0.0);
        }
    }

    /** {@code next = prev + keep (next - prev)} over n elements. */
    private static void blend(double keep, HeapBuffer s, int prev, int next, int n) {
        for (int j = 0; j < n; j++) {
            double p = s.get(prev + j);
            s.set(next + j, p + keep * (s.get(next + j) - p));
        }
    }

    /**
     * {@code grad[go..] = carry + gradStates}, then {@code carry = (1 - keep) grad}, {@code grad = keep grad} over n
     * elements.
     */
    private void gather(double keep, HeapBuffer carry, int co, HeapBuffer gs, int gso, HeapBuffer grad, int go,
                        int n) {
        bin(BinaryOp.ADD, carry, co, gs, gso, grad, go, n);
        if (keep == 1) {
            zero(carry, co, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            double g = grad.get(go + j);
            carry.set(co + j, (1 - keep) * g);
            grad.set(go + j, keep * g);
        }
    }

    private static HeapBuffer one(Buffer like) {
        HeapBuffer one = HeapBuffer.allocate(like.dtype(), 1);
        one.set(0, 1);
        return one;
    }

    private void forRows(int batch, int work, int scratch, Buffer like, RowTask task) {
        pool.parallelFor(batch, Math.max(1, GRAIN / Math.max(work, 1)), (r0, r1) -> {
            HeapBuffer tmp = HeapBuffer.allocate(like.dtype(), scratch);
            HeapBuffer one = one(like);
            for (int b = r0; b < r1; b++) {
                task.row(b, tmp, one);
            }
        });
    }

    @FunctionalInterface
    private interface RowTask {
        void row(int b, HeapBuffer tmp, HeapBuffer one);
    }

    // ---------------------------------------------------------------- forward

    /** See {@link CellStep}. */
    void step(CellStep a) {
        int h = a.hidden();
        int gh = a.cell().gates() * h;
        forRows(a.batch(), gh, gh, a.states(), (b, tmp, one) -> {
            HeapBuffer st = heap(a.states());
            int hp = a.prevOffset() + b * h;
            int hn = a.nextOffset() + b * h;
            switch (a.cell()) {
                case RNN_TANH, RNN_RELU -> {
                    preActivation(a, b, st, hn, h);
                    un(a.cell() == Cell.RNN_TANH ? UnaryOp.TANH : UnaryOp.RELU, st, hn, st, hn, h);
                }
                case LSTM -> lstmRow(a, b, st, hp, hn, tmp);
                case GRU -> gruRow(a, b, st, hp, hn, tmp);
                default -> throw new IllegalStateException("cellStep: no CPU kernel for " + a.cell());
            }
            double keep = a.keep() == null ? 1 : heap(a.keep()).get(a.keepOffset() + b);
            if (keep != 1) {
                blend(keep, st, hp, hn, h);
                if (a.cell() == Cell.LSTM) {
                    blend(keep, st, hp + a.cellOffset(), hn + a.cellOffset(), h);
                }
            }
        });
    }

    /** {@code out = x + hh (+ b)} for the gh columns of row b. */
    private void preActivation(CellStep a, int b, HeapBuffer out, int oo, int gh) {
        bin(BinaryOp.ADD, heap(a.x()), a.xOffset() + b * gh, heap(a.hh()), b * gh, out, oo, gh);
        if (a.bias() != null) {
            bin(BinaryOp.ADD, out, oo, heap(a.bias()), 0, out, oo, gh);
        }
    }

    private void lstmRow(CellStep a, int b, HeapBuffer st, int hp, int hn, HeapBuffer tmp) {
        int h = a.hidden();
        HeapBuffer sv = heap(a.saved());
        int so = a.savedOffset() + b * 4 * h;
        int cp = hp + a.cellOffset();
        int cn = hn + a.cellOffset();
        preActivation(a, b, sv, so, 4 * h);
        un(UnaryOp.SIGMOID, sv, so, sv, so, 2 * h);
        un(UnaryOp.TANH, sv, so + 2 * h, sv, so + 2 * h, h);
        un(UnaryOp.SIGMOID, sv, so + 3 * h, sv, so + 3 * h, h);
        bin(BinaryOp.MUL, sv, so + h, st, cp, st, cn, h);
        bin(BinaryOp.MUL, sv, so, sv, so + 2 * h, tmp, 0, h);
        bin(BinaryOp.ADD, st, cn, tmp, 0, st, cn, h);
        un(UnaryOp.TANH, st, cn, tmp, 0, h);
        bin(BinaryOp.MUL, sv, so + 3 * h, tmp, 0, st, hn, h);
    }

    private void gruRow(CellStep a, int b, HeapBuffer st, int hp, int hn, HeapBuffer tmp) {
        int h = a.hidden();
        HeapBuffer x = heap(a.x());
        HeapBuffer sv = heap(a.saved());
        int xo = a.xOffset() + b * 3 * h;
        int so = a.savedOffset() + b * 4 * h;
        // tmp = u = hh + b; r, z = sigmoid(x + u); u_n saved; n = tanh(x_n + r u_n); h' = n + z (h - n)
        copy(heap(a.hh()), b * 3 * h, tmp, 0, 3 * h);
        if (a.bias() != null) {
            bin(BinaryOp.ADD, tmp, 0, heap(a.bias()), 0, tmp, 0, 3 * h);
        }
        bin(BinaryOp.ADD, x, xo, tmp, 0, sv, so, 2 * h);
        un(UnaryOp.SIGMOID, sv, so, sv, so, 2 * h);
        copy(tmp, 2 * h, sv, so + 3 * h, h);
        bin(BinaryOp.MUL, sv, so, tmp, 2 * h, sv, so + 2 * h, h);
        bin(BinaryOp.ADD, sv, so + 2 * h, x, xo + 2 * h, sv, so + 2 * h, h);
        un(UnaryOp.TANH, sv, so + 2 * h, sv, so + 2 * h, h);
        bin(BinaryOp.SUB, st, hp, sv, so + 2 * h, tmp, 0, h);
        bin(BinaryOp.MUL, tmp, 0, sv, so + h, tmp, 0, h);
        bin(BinaryOp.ADD, tmp, 0, sv, so + 2 * h, st, hn, h);
    }

    // ---------------------------------------------------------------- backward

    /** See {@link CellStepBackward}. Scratch per row: dh, dc and two temporaries of H elements. */
    void stepBackward(CellStepBackward a) {
        int h = a.hidden();
        int gh = a.cell().gates() * h;
        int bh = a.batch() * h;
        forRows(a.batch(), gh, 4 * h, a.states(), (b, tmp, one) -> {
            HeapBuffer st = heap(a.states());
            HeapBuffer gs = heap(a.gradStates());
            HeapBuffer carry = heap(a.carry());
            HeapBuffer gx = heap(a.gx());
            int gxo = a.gxOffset() + b * gh;
            int hn = a.nextOffset() + b * h;
            double keep = a.keep() == null ? 1 : heap(a.keep()).get(a.keepOffset() + b);
            gather(keep, carry, b * h, gs, hn, tmp, 0, h);
            switch (a.cell()) {
                case RNN_TANH -> {
                    bin(BinaryOp.MUL, st, hn, st, hn, tmp, 2 * h, h);
                    oneMinus(one, tmp, 2 * h, tmp, 2 * h, h);
                    bin(BinaryOp.MUL, tmp, 2 * h, tmp, 0, gx, gxo, h);
                }
                case RNN_RELU -> {
                    zero(tmp, 3 * h, 1);
                    bin(BinaryOp.GT, st, hn, 1, tmp, 3 * h, 0, tmp, 2 * h, h);
                    bin(BinaryOp.MUL, tmp, 2 * h, tmp, 0, gx, gxo, h);
                }
                case LSTM -> {
                    gather(keep, carry, bh + b * h, gs, hn + a.cellOffset(), tmp, h, h);
                    lstmBackwardRow(a, b, st, carry, bh + b * h, gx, gxo, tmp, one);
                }
                case GRU -> gruBackwardRow(a, b, st, carry, b * h, gx, gxo, tmp, one);
                default -> throw new IllegalStateException("cellStepBackward: no CPU kernel for " + a.cell());
            }
        });
    }

    /** tmp holds dh at 0 and dc at H; 2H and 3H are temporaries. */
    private void lstmBackwardRow(CellStepBackward a, int b, HeapBuffer st, HeapBuffer carry, int cco, HeapBuffer gx,
                                 int gxo, HeapBuffer tmp, HeapBuffer one) {
        int h = a.hidden();
        HeapBuffer sv = heap(a.saved());
        int i = a.savedOffset() + b * 4 * h;
        int f = i + h;
        int g = i + 2 * h;
        int o = i + 3 * h;
        int cp = a.prevOffset() + b * h + a.cellOffset();
        int dh = 0;
        int dc = h;
        int t1 = 2 * h;
        int t2 = 3 * h;
        // t1 = tanh(c') with c' = f c + i g recomputed (for a masked row dh = dc = 0 anyway)
        bin(BinaryOp.MUL, sv, f, st, cp, tmp, t1, h);
        bin(BinaryOp.MUL, sv, i, sv, g, tmp, t2, h);
        bin(BinaryOp.ADD, tmp, t1, tmp, t2, tmp, t1, h);
        un(UnaryOp.TANH, tmp, t1, tmp, t1, h);
        // gx_o = dh tc o (1 - o)
        bin(BinaryOp.MUL, tmp, dh, tmp, t1, gx, gxo + 3 * h, h);
        bin(BinaryOp.MUL, gx, gxo + 3 * h, sv, o, gx, gxo + 3 * h, h);
        oneMinus(one, sv, o, tmp, t2, h);
        bin(BinaryOp.MUL, gx, gxo + 3 * h, tmp, t2, gx, gxo + 3 * h, h);
        // dc += dh o (1 - tc^2)
        bin(BinaryOp.MUL, tmp, t1, tmp, t1, tmp, t2, h);
        oneMinus(one, tmp, t2, tmp, t2, h);
        bin(BinaryOp.MUL, tmp, t2, sv, o, tmp, t2, h);
        bin(BinaryOp.MUL, tmp, t2, tmp, dh, tmp, t2, h);
        bin(BinaryOp.ADD, tmp, dc, tmp, t2, tmp, dc, h);
        // carry_c += dc f
        bin(BinaryOp.MUL, tmp, dc, sv, f, tmp, t2, h);
        bin(BinaryOp.ADD, carry, cco, tmp, t2, carry, cco, h);
        // gx_i = dc g i (1 - i), gx_f = dc c f (1 - f), gx_g = dc i (1 - g^2)
        sigmoidGrad(sv, i, tmp, dc, sv, g, gx, gxo, tmp, t2, one, h);
        sigmoidGrad(sv, f, tmp, dc, st, cp, gx, gxo + h, tmp, t2, one, h);
        bin(BinaryOp.MUL, sv, g, sv, g, tmp, t2, h);
        oneMinus(one, tmp, t2, tmp, t2, h);
        bin(BinaryOp.MUL, tmp, t2, tmp, dc, tmp, t2, h);
        bin(BinaryOp.MUL, tmp, t2, sv, i, gx, gxo + 2 * h, h);
    }

    /** {@code out = u v s (1 - s)} for the sigmoid output s. */
    private void sigmoidGrad(HeapBuffer s, int so, HeapBuffer u, int uo, HeapBuffer v, int vo, HeapBuffer out, int oo,
                             HeapBuffer tmp, int to, HeapBuffer one, int n) {
        bin(BinaryOp.MUL, u, uo, v, vo, out, oo, n);
        bin(BinaryOp.MUL, out, oo, s, so, out, oo, n);
        oneMinus(one, s, so, tmp, to, n);
        bin(BinaryOp.MUL, out, oo, tmp, to, out, oo, n);
    }

    /** tmp holds dh at 0; H, 2H and 3H are temporaries. */
    private void gruBackwardRow(CellStepBackward a, int b, HeapBuffer st, HeapBuffer carry, int cho, HeapBuffer gx,
                                int gxo, HeapBuffer tmp, HeapBuffer one) {
        int h = a.hidden();
        HeapBuffer sv = heap(a.saved());
        HeapBuffer ghh = heap(a.ghh());
        int ghho = a.ghhOffset() + b * 3 * h;
        int r = a.savedOffset() + b * 4 * h;
        int z = r + h;
        int n = r + 2 * h;
        int un = r + 3 * h;
        int hp = a.prevOffset() + b * h;
        int dh = 0;
        int t1 = h;
        int t2 = 2 * h;
        // carry_h += dh z
        bin(BinaryOp.MUL, tmp, dh, sv, z, tmp, t1, h);
        bin(BinaryOp.ADD, carry, cho, tmp, t1, carry, cho, h);
        // gx_z = dh (h - n) z (1 - z)
        bin(BinaryOp.SUB, st, hp, sv, n, tmp, t1, h);
        sigmoidGrad(sv, z, tmp, t1, tmp, dh, gx, gxo + h, tmp, t2, one, h);
        // gx_n = dh (1 - z) (1 - n^2); ghh_n = gx_n r
        oneMinus(one, sv, z, tmp, t1, h);
        bin(BinaryOp.MUL, tmp, t1, tmp, dh, tmp, t1, h);
        bin(BinaryOp.MUL, sv, n, sv, n, tmp, t2, h);
        oneMinus(one, tmp, t2, tmp, t2, h);
        bin(BinaryOp.MUL, tmp, t1, tmp, t2, gx, gxo + 2 * h, h);
        bin(BinaryOp.MUL, gx, gxo + 2 * h, sv, r, ghh, ghho + 2 * h, h);
        // gx_r = gx_n u_n r (1 - r); ghh_r, ghh_z = gx_r, gx_z
        sigmoidGrad(sv, r, gx, gxo + 2 * h, sv, un, gx, gxo, tmp, t2, one, h);
        copy(gx, gxo, ghh, ghho, 2 * h);
    }
}
