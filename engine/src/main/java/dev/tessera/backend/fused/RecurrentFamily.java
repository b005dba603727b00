package dev.tessera.backend.fused;

import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import dev.tessera.backend.UnaryOp;
import java.util.List;

/**
 * One time step of a recurrent cell (Elman RNN, LSTM, GRU) as fused ops: the elementwise work of the gates, forward
 * and backward, for a batch of B rows and hidden size H. The matrix products are not part of it: the caller passes
 * the input projection {@code x = x_t W_ih^T + b_ih} and the recurrent product {@code hh = h W_hh^T} (without its
 * bias, which the step adds).
 *
 * <h2>Layout</h2>
 * Every per-step operand is a block of B rows inside a larger buffer, addressed by an element offset, so a whole
 * sequence is processed without copies: {@code x} holds rows of G H columns (G = {@link Cell#gates()}, PyTorch's
 * gate order), {@code hh} is a dense [B, G H] buffer, {@code states} holds the hidden state h as [B, H] blocks and,
 * for an LSTM, the cell state c {@code cellOffset} elements after each h block. {@code saved} holds [B, 4H] rows of
 * the activations the backward op reads (LSTM: {@code i f g o}; GRU: {@code r z n u_n}; none for RNN).
 *
 * <h2>Masks</h2>
 * {@code keep} (or null for all ones) holds one value per row, 1 where the step is inside the row's sequence and 0
 * past its end: every state is blended {@code s' = s + keep (cell(s) - s)}, so a finished row carries its state.
 */
public final class RecurrentFamily {
    private RecurrentFamily() {
    }

    /** The cell kinds, with PyTorch's gate order. */
    public enum Cell {
        /** {@code h' = tanh(x + hh + b)}. */
        RNN_TANH(1),
        /** {@code h' = max(x + hh + b, 0)}. */
        RNN_RELU(1),
        /**
         * Gates i, f, g, o: {@code [i f g o] = act(x + hh + b)} (sigmoid, sigmoid, tanh, sigmoid),
         * {@code c' = f c + i g}, {@code h' = o tanh(c')}.
         */
        LSTM(4),
        /**
         * Gates r, z, n: {@code u = hh + b}, {@code r = sigmoid(x_r + u_r)}, {@code z = sigmoid(x_z + u_z)},
         * {@code n = tanh(x_n + r u_n)}, {@code h' = (1 - z) n + z h}.
         */
        GRU(3);

        private final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        /** G: the gate blocks of H columns in the projections. */
        public int gates() {
            return gates;
        }

        /** Blocks of H columns per row of the saved activations (4 for LSTM and GRU, 0 for RNN). */
        public int savedBlocks() {
            return this == LSTM || this == GRU ? 4 : 0;
        }

        /** The states the cell carries: 2 for an LSTM (h and c), 1 otherwise. */
        public int stateCount() {
            return this == LSTM ? 2 : 1;
        }
    }

    /**
     * Forward step: reads the previous states at {@code prevOffset} (h) and {@code prevOffset + cellOffset} (c),
     * writes the next ones at {@code nextOffset} (and {@code nextOffset + cellOffset}) and the activations to
     * {@code saved} at {@code savedOffset}, as the {@link Cell} formulas and the mask say. {@code bias} ([G H], the
     * recurrent bias b_hh) and {@code keep} may be null; {@code saved} is null for RNN cells.
     */
    public record CellStep(Cell cell, Buffer x, int xOffset, Buffer hh, Buffer bias, Buffer states, int prevOffset,
                           int nextOffset, int cellOffset, Buffer saved, int savedOffset, Buffer keep, int keepOffset,
                           int batch, int hidden) {
    }

    /**
     * Backward of {@link CellStep}. {@code carry} ([B, H] for dh, then [B, H] for dc of an LSTM) holds on entry the
     * gradient reaching the next states from later steps; the step adds {@code gradStates} at the next states'
     * offsets (the gradient of the states from the layer's outputs; same layout as {@code states}), then writes the
     * gradient of the pre-activations to {@code gx} at {@code gxOffset} ([B, G H], the gradient of x), for a GRU the
     * gradient of {@code hh + b} to {@code ghh} at {@code ghhOffset} (for the other cells it equals gx and ghh is
     * null), and replaces carry by the gradient of the previous states that does not pass through {@code hh}
     * (LSTM: dc and 0 for dh; GRU: {@code dh z}; RNN: 0; plus {@code (1 - keep)} times the incoming gradient).
     */
    public record CellStepBackward(Cell cell, Buffer saved, int savedOffset, Buffer states, int prevOffset,
                                   int nextOffset, int cellOffset, Buffer keep, int keepOffset, Buffer gradStates,
                                   Buffer carry, Buffer gx, int gxOffset, Buffer ghh, int ghhOffset, int batch,
                                   int hidden) {
    }

    /** See {@link CellStepBackward}. */
    public static final FusedOp<CellStepBackward> CELL_STEP_BACKWARD =
            FusedOp.of("cellStepBackward", CellStepBackward.class, RecurrentFamily::cellStepBackward)
                    .launchedOver(a -> KernelGrid.elements((long) a.batch() * a.hidden()));
    /** See {@link CellStep}. */
    public static final FusedOp<CellStep> CELL_STEP =
            FusedOp.of("cellStep", CellStep.class, RecurrentFamily::cellStep, CELL_STEP_BACKWARD)
                    .launchedOver(a -> KernelGrid.elements((long) a.batch() * a.hidden()));

    /** Every op of the family. */
    public static final List<FusedOp<?>> ALL = List.of(CELL_STEP, CELL_STEP_BACKWARD);

    // ---------------------------------------------------------------- default compositions

    /** Views of [B, H] blocks for one step's primitives. */
    private record Blocks(Backend be, int batch, int hidden) {
        int[] shape() {
            return new int[]{batch, hidden};
        }

        /** Block {@code k} of H columns in rows of {@code width} blocks starting at {@code offset}. */
        Operand at(Buffer b, int offset, int width, int k) {
            return Operand.view(b, offset + k * hidden, new long[]{width * hidden, 1});
        }

        /** The dense [B, H] block at {@code offset}. */
        Operand state(Buffer b, int offset) {
            return at(b, offset, 1, 0);
        }

        Operand keep(Buffer keep, int offset) {
            return Operand.view(keep, offset, new long[]{1, 0});
        }

        void bin(BinaryOp op, Operand a, Operand b, Operand out) {
            be.binary(op, a, b, out, shape());
        }

        void un(UnaryOp op, Operand x, Operand out) {
            be.unary(op, 0, x, out, shape());
        }

        /** {@code out = a (1 - a)} (the derivative of a sigmoid from its output), times g. */
        void sigmoidGrad(Operand a, Operand g, Operand out, Operand tmp) {
            bin(BinaryOp.SUB, Operand.constant(1), a, tmp);
            bin(BinaryOp.MUL, tmp, a, tmp);
            bin(BinaryOp.MUL, tmp, g, out);
        }

        /** {@code out = g (1 - a^2)} (the derivative of tanh from its output). */
        void tanhGrad(Operand a, Operand g, Operand out, Operand tmp) {
            bin(BinaryOp.MUL, a, a, tmp);
            bin(BinaryOp.SUB, Operand.constant(1), tmp, tmp);
            bin(BinaryOp.MUL, tmp, g, out);
        }

        /** {@code next = prev + keep (next - prev)}. */
        void blend(Operand keep, Operand prev, Operand next) {
            bin(BinaryOp.SUB, next, prev, next);
            bin(BinaryOp.MUL, next, keep, next);
            bin(BinaryOp.ADD, next, prev, next);
        }
    }

    private static void cellStep(Backend be, CellStep a) {
        int h = a.hidden();
        int g = a.cell().gates();
        Blocks v = new Blocks(be, a.batch(), h);
        Buffer pre = be.allocate(a.x().dtype(), (long) a.batch() * g * h);
        Buffer tmp = be.allocate(a.x().dtype(), (long) a.batch() * h);
        try {
            Operand t = v.state(tmp, 0);
            // pre = x + hh (+ b); for a GRU, pre holds u = hh + b and x is added gate by gate
            for (int k = 0; k < g; k++) {
                Operand p = v.at(pre, 0, g, k);
                Operand x = a.cell() == Cell.GRU ? null : v.at(a.x(), a.xOffset(), g, k);
                if (x != null) {
                    v.bin(BinaryOp.ADD, x, v.at(a.hh(), 0, g, k), p);
                } else {
                    be.copy(v.at(a.hh(), 0, g, k), p, v.shape());
                }
                if (a.bias() != null) {
                    v.bin(BinaryOp.ADD, p, Operand.view(a.bias(), k * h, new long[]{0, 1}), p);
                }
            }
            Operand hPrev = v.state(a.states(), a.prevOffset());
            Operand hNext = v.state(a.states(), a.nextOffset());
            switch (a.cell()) {
                case RNN_TANH -> v.un(UnaryOp.TANH, v.at(pre, 0, 1, 0), hNext);
                case RNN_RELU -> v.un(UnaryOp.RELU, v.at(pre, 0, 1, 0), hNext);
                case LSTM -> {
                    int[] acts = {0, 0, 1, 0};
                    for (int k = 0; k < 4; k++) {
                        v.un(acts[k] == 1 ? UnaryOp.TANH : UnaryOp.SIGMOID, v.at(pre, 0, 4, k),
                                v.at(a.saved(), a.savedOffset(), 4, k));
                    }
                    Operand cPrev = v.state(a.states(), a.prevOffset() + a.cellOffset());
                    Operand cNext = v.state(a.states(), a.nextOffset() + a.cellOffset());
                    v.bin(BinaryOp.MUL, v.at(a.saved(), a.savedOffset(), 4, 0), v.at(a.saved(), a.savedOffset(), 4, 2),
                            t);
                    v.bin(BinaryOp.MUL, v.at(a.saved(), a.savedOffset(), 4, 1), cPrev, cNext);
                    v.bin(BinaryOp.ADD, cNext, t, cNext);
                    v.un(UnaryOp.TANH, cNext, t);
                    v.bin(BinaryOp.MUL, v.at(a.saved(), a.savedOffset(), 4, 3), t, hNext);
                    if (a.keep() != null) {
                        v.blend(v.keep(a.keep(), a.keepOffset()), cPrev, cNext);
                    }
                }
                case GRU -> {
                    Operand r = v.at(a.saved(), a.savedOffset(), 4, 0);
                    Operand z = v.at(a.saved(), a.savedOffset(), 4, 1);
                    Operand n = v.at(a.saved(), a.savedOffset(), 4, 2);
                    Operand un = v.at(a.saved(), a.savedOffset(), 4, 3);
                    for (int k = 0; k < 2; k++) {
                        v.bin(BinaryOp.ADD, v.at(a.x(), a.xOffset(), 3, k), v.at(pre, 0, 3, k), t);
                        v.un(UnaryOp.SIGMOID, t, k == 0 ? r : z);
                    }
                    be.copy(v.at(pre, 0, 3, 2), un, v.shape());
                    v.bin(BinaryOp.MUL, r, un, t);
                    v.bin(BinaryOp.ADD, t, v.at(a.x(), a.xOffset(), 3, 2), t);
                    v.un(UnaryOp.TANH, t, n);
                    // h' = n + z (h - n)
                    v.bin(BinaryOp.SUB, hPrev, n, t);
                    v.bin(BinaryOp.MUL, t, z, t);
                    v.bin(BinaryOp.ADD, t, n, hNext);
                }
                default -> throw new IllegalStateException("cellStep: no composition for " + a.cell());
            }
            if (a.keep() != null) {
                v.blend(v.keep(a.keep(), a.keepOffset()), hPrev, hNext);
            }
        } finally {
            be.free(pre);
            be.free(tmp);
        }
    }

    private static void cellStepBackward(Backend be, CellStepBackward a) {
        int h = a.hidden();
        int bh = a.batch() * h;
        Blocks v = new Blocks(be, a.batch(), h);
        Buffer work = be.allocate(a.states().dtype(), 3L * bh);
        try {
            Operand dh = v.state(work, 0);
            Operand t1 = v.state(work, bh);
            Operand t2 = v.state(work, 2 * bh);
            Operand carryH = v.state(a.carry(), 0);
            Operand carryC = v.state(a.carry(), bh);
            Operand keep = a.keep() == null ? null : v.keep(a.keep(), a.keepOffset());
            // dh = carry_h + gradStates_h[next]; carry_h = (1 - keep) dh; dh *= keep
            v.bin(BinaryOp.ADD, carryH, v.state(a.gradStates(), a.nextOffset()), dh);
            splitByMask(v, keep, dh, carryH, t1);
            Operand hNext = v.state(a.states(), a.nextOffset());
            Operand gx = v.at(a.gx(), a.gxOffset(), a.cell().gates(), 0);
            switch (a.cell()) {
                case RNN_TANH -> v.tanhGrad(hNext, dh, gx, t1);
                case RNN_RELU -> {
                    v.bin(BinaryOp.GT, hNext, Operand.constant(0), t1);
                    v.bin(BinaryOp.MUL, t1, dh, gx);
                }
                case LSTM -> {
                    Operand dc = t2;
                    v.bin(BinaryOp.ADD, carryC, v.state(a.gradStates(), a.nextOffset() + a.cellOffset()), dc);
                    splitByMask(v, keep, dc, carryC, t1);
                    Operand i = v.at(a.saved(), a.savedOffset(), 4, 0);
                    Operand f = v.at(a.saved(), a.savedOffset(), 4, 1);
                    Operand g = v.at(a.saved(), a.savedOffset(), 4, 2);
                    Operand o = v.at(a.saved(), a.savedOffset(), 4, 3);
                    Operand cPrev = v.state(a.states(), a.prevOffset() + a.cellOffset());
                    // tc = tanh(c'), recomputed from c' (for a masked row c' is c, but then dh and dc are 0)
                    Operand cNew = v.at(a.gx(), a.gxOffset(), 4, 0);
                    v.bin(BinaryOp.MUL, f, cPrev, cNew);
                    v.bin(BinaryOp.MUL, i, g, t1);
                    v.bin(BinaryOp.ADD, cNew, t1, cNew);
                    Operand tc = v.at(a.gx(), a.gxOffset(), 4, 1);
                    v.un(UnaryOp.TANH, cNew, tc);
                    // do = dh tc -> gx_o = do o (1 - o)
                    v.bin(BinaryOp.MUL, dh, tc, t1);
                    v.sigmoidGrad(o, t1, v.at(a.gx(), a.gxOffset(), 4, 3), cNew);
                    // dc += dh o (1 - tc^2)
                    v.bin(BinaryOp.MUL, dh, o, t1);
                    v.tanhGrad(tc, t1, t1, cNew);
                    v.bin(BinaryOp.ADD, dc, t1, dc);
                    // carry_c += dc f
                    v.bin(BinaryOp.MUL, dc, f, t1);
                    v.bin(BinaryOp.ADD, carryC, t1, carryC);
                    // gx_i = dc g i (1 - i), gx_f = dc c f (1 - f), gx_g = dc i (1 - g^2)
                    v.bin(BinaryOp.MUL, dc, g, t1);
                    v.sigmoidGrad(i, t1, v.at(a.gx(), a.gxOffset(), 4, 0), dh);
                    v.bin(BinaryOp.MUL, dc, i, t1);
                    v.tanhGrad(g, t1, v.at(a.gx(), a.gxOffset(), 4, 2), dh);
                    v.bin(BinaryOp.MUL, dc, cPrev, t1);
                    v.sigmoidGrad(f, t1, v.at(a.gx(), a.gxOffset(), 4, 1), dh);
                }
                case GRU -> {
                    Operand r = v.at(a.saved(), a.savedOffset(), 4, 0);
                    Operand z = v.at(a.saved(), a.savedOffset(), 4, 1);
                    Operand n = v.at(a.saved(), a.savedOffset(), 4, 2);
                    Operand un = v.at(a.saved(), a.savedOffset(), 4, 3);
                    Operand hPrev = v.state(a.states(), a.prevOffset());
                    // carry_h += dh z
                    v.bin(BinaryOp.MUL, dh, z, t1);
                    v.bin(BinaryOp.ADD, carryH, t1, carryH);
                    // dz = dh (h - n) -> gx_z = ghh_z = dz z (1 - z)
                    v.bin(BinaryOp.SUB, hPrev, n, t1);
                    v.bin(BinaryOp.MUL, t1, dh, t1);
                    v.sigmoidGrad(z, t1, v.at(a.gx(), a.gxOffset(), 3, 1), t2);
                    // dn = dh (1 - z) -> gx_n = dn (1 - n^2), ghh_n = gx_n r
                    v.bin(BinaryOp.SUB, Operand.constant(1), z, t1);
                    v.bin(BinaryOp.MUL, t1, dh, t1);
                    Operand gxn = v.at(a.gx(), a.gxOffset(), 3, 2);
                    v.tanhGrad(n, t1, gxn, t2);
                    v.bin(BinaryOp.MUL, gxn, r, v.at(a.ghh(), a.ghhOffset(), 3, 2));
                    // dr = gx_n u_n -> gx_r = ghh_r = dr r (1 - r)
                    v.bin(BinaryOp.MUL, gxn, un, t1);
                    v.sigmoidGrad(r, t1, v.at(a.gx(), a.gxOffset(), 3, 0), t2);
                    for (int k = 0; k < 2; k++) {
                        be.copy(v.at(a.gx(), a.gxOffset(), 3, k), v.at(a.ghh(), a.ghhOffset(), 3, k), v.shape());
                    }
                }
                default -> throw new IllegalStateException("cellStepBackward: no composition for " + a.cell());
            }
        } finally {
            be.free(work);
        }
    }

    /** {@code carry = (1 - keep) grad}, then {@code grad *= keep}; without a mask, carry = 0. */
    private static void splitByMask(Blocks v, Operand keep, Operand grad, Operand carry, Operand tmp) {
        if (keep == null) {
            v.be().copy(Operand.constant(0), carry, v.shape());
            return;
        }
        v.bin(BinaryOp.SUB, Operand.constant(1), keep, tmp);
        v.bin(BinaryOp.MUL, tmp, grad, carry);
        v.bin(BinaryOp.MUL, grad, keep, grad);
    }
}
