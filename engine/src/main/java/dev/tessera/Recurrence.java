package dev.tessera;

import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.Operand;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.fused.RecurrentFamily;
import dev.tessera.backend.fused.RecurrentFamily.Cell;
import dev.tessera.backend.fused.RecurrentFamily.CellStep;
import dev.tessera.backend.fused.RecurrentFamily.CellStepBackward;

/**
 * The recurrence of one layer and direction of an RNN, LSTM or GRU over a whole sequence, as one differentiable op:
 * per step one matrix product {@code h W_hh^T} and one fused cell step ({@link RecurrentFamily}); backward, per step
 * one fused cell backward and one product {@code dh += g W_hh}, then the weight gradient as one product over the
 * whole sequence.
 *
 * <h2>Contract</h2>
 * Inputs: the input projection {@code proj [T, B, G H]} (holding {@code x_t W_ih^T + b_ih}, G the cell's gate count
 * in PyTorch's order), the initial states {@code h0} and (LSTM) {@code c0 [B, H]} (null for zeros), the recurrent
 * weight {@code W_hh [G H, H]} and bias {@code b_hh [G H]} (null for none), and {@code keep [T, B]} (null for all
 * ones; else 1 where step t is inside sequence b and 0 past its end: a finished sequence carries its states).
 * The reverse direction runs from step T-1 to step 0.
 *
 * <p>Output: every state, {@code [S, T + 1, B, H]} with S = 2 for an LSTM (h, then c) and 1 otherwise. Forward, slot
 * 0 holds the initial state and slot t + 1 the state after step t; reverse, slot T holds the initial state and slot
 * t the state after step t. So the output sequence is slots 1..T (forward) or 0..T-1 (reverse) of h, and the final
 * states are slot T (forward) or 0 (reverse).
 */
public final class Recurrence {
    private Recurrence() {
    }

    /** Elman RNN, {@code h' = tanh(x + h W_hh^T + b_hh)} or with ReLU; see the class contract. */
    public static Tensor rnn(Tensor proj, Tensor h0, Tensor whh, Tensor bhh, Tensor keep, boolean reverse,
                             boolean relu) {
        return run(relu ? Cell.RNN_RELU : Cell.RNN_TANH, proj, h0, null, whh, bhh, keep, reverse);
    }

    /** LSTM (gates i, f, g, o, see {@link Cell#LSTM}); see the class contract. */
    public static Tensor lstm(Tensor proj, Tensor h0, Tensor c0, Tensor whh, Tensor bhh, Tensor keep,
                              boolean reverse) {
        return run(Cell.LSTM, proj, h0, c0, whh, bhh, keep, reverse);
    }

    /** GRU (gates r, z, n, see {@link Cell#GRU}); see the class contract. */
    public static Tensor gru(Tensor proj, Tensor h0, Tensor whh, Tensor bhh, Tensor keep, boolean reverse) {
        return run(Cell.GRU, proj, h0, null, whh, bhh, keep, reverse);
    }

    /** The sizes of one recurrence and its slot arithmetic. */
    private record Dims(Cell cell, int steps, int batch, int hidden, boolean reverse) {
        int gh() {
            return cell.gates() * hidden;
        }

        int bh() {
            return batch * hidden;
        }

        /** Elements between the h block of a slot and its c block. */
        int cellOffset() {
            return (steps + 1) * bh();
        }

        int stepAt(int s) {
            return reverse ? steps - 1 - s : s;
        }

        int prevSlot(int t) {
            return reverse ? t + 1 : t;
        }

        int nextSlot(int t) {
            return reverse ? t : t + 1;
        }

        int initSlot() {
            return reverse ? steps : 0;
        }
    }

    private static Tensor run(Cell cell, Tensor projIn, Tensor h0In, Tensor c0In, Tensor whhIn, Tensor bhhIn,
                              Tensor keepIn, boolean reverse) {
        String op = cell.name().toLowerCase(java.util.Locale.ROOT);
        projIn.checkOpen(op);
        Tensor proj = Autocast.lower(projIn);
        Tensor h0 = Autocast.lower(h0In);
        Tensor c0 = Autocast.lower(c0In);
        Tensor whh = Autocast.lower(whhIn);
        Tensor bhh = Autocast.lower(bhhIn);
        Tensor keep = Autocast.lower(keepIn);
        Dims d = check(op, cell, proj, h0, c0, whh, bhh, keep, reverse);
        Backend be = proj.backend();
        DType dt = proj.dtype();
        int bh = d.bh();
        try (OpFrame f = new OpFrame()) {
            Tensor x = f.dense(proj);
            Tensor w = f.dense(whh);
            Buffer bias = bhh == null ? null : f.dense(bhh).buffer();
            Tensor k = keep == null ? null : f.dense(keep);
            Tensor states = f.own(Tensor.empty(proj.device(), dt,
                    Shape.of(cell.stateCount(), d.steps() + 1, d.batch(), d.hidden())));
            Tensor saved = cell.savedBlocks() == 0 ? null
                    : f.own(Tensor.empty(proj.device(), dt, Shape.of(d.steps(), d.batch(), 4 * d.hidden())));
            Tensor hh = f.own(Tensor.empty(proj.device(), dt, Shape.of(d.batch(), d.gh())));
            int init = d.initSlot() * bh;
            initState(be, f, h0, states.buffer(), init, bh);
            if (cell == Cell.LSTM) {
                initState(be, f, c0, states.buffer(), init + d.cellOffset(), bh);
            }
            for (int s = 0; s < d.steps(); s++) {
                int t = d.stepAt(s);
                int prev = d.prevSlot(t) * bh;
                be.matmul(new Gemm(1, d.batch(), d.gh(), d.hidden(), false, true, prev, d.hidden(), 0, 0,
                        d.hidden(), 0, 0, d.gh(), 0, 1.0, 0.0), states.buffer(), w.buffer(), hh.buffer());
                RecurrentFamily.CELL_STEP.run(be, new CellStep(cell, x.buffer(), t * d.batch() * d.gh(),
                        hh.buffer(), bias, states.buffer(), prev, d.nextSlot(t) * bh, d.cellOffset(),
                        saved == null ? null : saved.buffer(), t * d.batch() * 4 * d.hidden(),
                        k == null ? null : k.buffer(), t * d.batch(), d.batch(), d.hidden()));
            }
            Tensor[] inputs = inputsOf(proj, h0, c0, whh, bhh);
            if (GraphNode.needed(inputs)) {
                GraphNode.record(states, op, inputs, f.save(states, saved, w, k), (g, needs) ->
                        backward(d, states, saved, w, k, proj, h0, c0, bhh, g, needs));
            }
            return f.keep(states);
        }
    }

    private static Dims check(String op, Cell cell, Tensor proj, Tensor h0, Tensor c0, Tensor whh, Tensor bhh,
                              Tensor keep, boolean reverse) {
        proj.checkOpen(op);
        for (Tensor t : new Tensor[]{h0, c0, whh, bhh, keep}) {
            if (t != null) {
                proj.checkCompatible(op, t);
            }
        }
        if (cell != Cell.LSTM && c0 != null) {
            throw new IllegalArgumentException(op + ": has no cell state, but c0 was given");
        }
        if (whh.rank() != 2 || whh.size(1) < 1 || whh.size(0) != cell.gates() * whh.size(1)) {
            throw new IllegalArgumentException(op + ": expected W_hh [" + cell.gates() + " H, H], got "
                    + whh.shape());
        }
        int hidden = whh.size(1);
        int gh = cell.gates() * hidden;
        if (proj.rank() != 3 || proj.size(0) < 1 || proj.size(1) < 1 || proj.size(2) != gh) {
            throw new IllegalArgumentException(op + ": expected the input projection [T >= 1, B >= 1, " + gh
                    + "], got " + proj.shape());
        }
        int steps = proj.size(0);
        int batch = proj.size(1);
        DType dt = proj.dtype();
        checkShape(op, "W_hh", whh, dt, whh.shape());
        checkShape(op, "h0", h0, dt, Shape.of(batch, hidden));
        checkShape(op, "c0", c0, dt, Shape.of(batch, hidden));
        checkShape(op, "b_hh", bhh, dt, Shape.of(gh));
        checkShape(op, "keep", keep, dt, Shape.of(steps, batch));
        if (!dt.isFloating()) {
            throw new IllegalArgumentException(op + ": expected a floating input projection, got " + dt);
        }
        return new Dims(cell, steps, batch, hidden, reverse);
    }

    private static void checkShape(String op, String name, Tensor t, DType dt, Shape expected) {
        if (t != null && (!t.shape().equals(expected) || t.dtype() != dt)) {
            throw new IllegalArgumentException(op + ": expected " + name + " " + dt + " " + expected + ", got "
                    + t.dtype() + " " + t.shape());
        }
    }

    private static Tensor[] inputsOf(Tensor... maybe) {
        return java.util.Arrays.stream(maybe).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
    }

    private static void initState(Backend be, OpFrame f, Tensor s0, Buffer states, int offset, int bh) {
        int[] flat = {bh};
        Operand dst = Operand.view(states, offset, new long[]{1});
        be.copy(s0 == null ? Operand.constant(0) : Operand.contiguous(f.dense(s0).buffer(), flat), dst, flat);
    }

    // ---------------------------------------------------------------- backward

    /**
     * Gradients of the inputs present ({@code proj, h0, c0, W_hh, b_hh}, in that order, nulls skipped) from the
     * gradient g of the states: the cell backward per step in reverse order of the forward pass, carrying
     * {@code dh = g_h + carry + gx W_hh}; then {@code dW_hh = sum_t ghh_t^T h_prev(t)} as one product over the
     * sequence and {@code db_hh = sum_t sum_b ghh_t}.
     */
    private static Tensor[] backward(Dims d, Tensor states, Tensor saved, Tensor w, Tensor k, Tensor proj, Tensor h0,
                                     Tensor c0, Tensor bhh, Tensor g, boolean[] needs) {
        Cell cell = d.cell();
        Backend be = states.backend();
        DType dt = states.dtype();
        Device dev = states.device();
        int bh = d.bh();
        int rows = d.steps() * d.batch();
        try (OpFrame f = new OpFrame()) {
            Tensor gs = f.dense(g);
            Tensor gx = f.own(Tensor.empty(dev, dt, Shape.of(d.steps(), d.batch(), d.gh())));
            Tensor ghh = cell == Cell.GRU ? f.own(Tensor.empty(dev, dt, gx.shape())) : gx;
            Tensor carry = f.own(Tensor.zeros(Shape.of(cell.stateCount(), d.batch(), d.hidden()), dt, dev));
            for (int s = d.steps() - 1; s >= 0; s--) {
                int t = d.stepAt(s);
                RecurrentFamily.CELL_STEP_BACKWARD.run(be, new CellStepBackward(cell,
                        saved == null ? null : saved.buffer(), t * d.batch() * 4 * d.hidden(), states.buffer(),
                        d.prevSlot(t) * bh, d.nextSlot(t) * bh, d.cellOffset(), k == null ? null : k.buffer(),
                        t * d.batch(), gs.buffer(), carry.buffer(), gx.buffer(), t * d.batch() * d.gh(),
                        cell == Cell.GRU ? ghh.buffer() : null, t * d.batch() * d.gh(), d.batch(), d.hidden()));
                // carry_h += ghh_t W_hh
                be.matmul(new Gemm(1, d.batch(), d.hidden(), d.gh(), false, false, t * d.batch() * d.gh(), d.gh(), 0,
                        0, d.hidden(), 0, 0, d.hidden(), 0, 1.0, 1.0), ghh.buffer(), w.buffer(), carry.buffer());
            }
            int i = 0;
            Tensor[] grads = new Tensor[needs.length];
            grads[i++] = needs[0] ? f.keep(gx) : null;
            int init = d.initSlot() * bh;
            if (h0 != null) {
                grads[i] = needs[i] ? initialGrad(be, carry, 0, gs, init, bh) : null;
                i++;
            }
            if (c0 != null) {
                grads[i] = needs[i] ? initialGrad(be, carry, bh, gs, init + d.cellOffset(), bh) : null;
                i++;
            }
            if (needs[i]) {
                // dW_hh [G H, H] = ghh^T [G H, T B] h_prev [T B, H]; h_prev are the slots 0..T-1 or 1..T of h
                Tensor gw = Tensor.empty(dev, dt, w.shape());
                be.matmul(new Gemm(1, d.gh(), d.hidden(), rows, true, false, 0, d.gh(), 0, d.reverse() ? bh : 0,
                        d.hidden(), 0, 0, d.hidden(), 0, 1.0, 0.0), ghh.buffer(), states.buffer(), gw.buffer());
                grads[i] = gw;
            }
            i++;
            if (bhh != null && needs[i]) {
                Tensor gb = Tensor.empty(dev, dt, bhh.shape());
                be.reduce(ReduceOp.SUM, ghh.buffer(), gb.buffer(), 1, rows, d.gh());
                grads[i] = gb;
            }
            return grads;
        }
    }

    /** The gradient of an initial state: what the recurrence carried back plus its slot's own gradient. */
    private static Tensor initialGrad(Backend be, Tensor carry, int carryOffset, Tensor gs, int slotOffset, int bh) {
        Tensor out = Tensor.empty(carry.device(), carry.dtype(), Shape.of(carry.size(1), carry.size(2)));
        int[] flat = {bh};
        be.binary(BinaryOp.ADD, Operand.view(carry.buffer(), carryOffset, new long[]{1}),
                Operand.view(gs.buffer(), slotOffset, new long[]{1}), Operand.contiguous(out.buffer(), flat), flat);
        return out;
    }
}
