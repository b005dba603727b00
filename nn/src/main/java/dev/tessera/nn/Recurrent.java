package dev.tessera.nn;

import dev.tessera.DType;
import dev.tessera.Recurrence;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The machinery shared by {@link RNN}, {@link LSTM} and {@link GRU}: multi-layer, optionally bidirectional,
 * batch-first or time-first, with given or zero initial states and variable-length batches.
 *
 * <h2>Parameters</h2>
 * PyTorch's names and layouts, so state dicts load from PyTorch: for layer k and direction suffix s ("" or
 * "_reverse"), {@code weight_ih_lk{s} [G H, in]}, {@code weight_hh_lk{s} [G H, H]}, {@code bias_ih_lk{s}} and
 * {@code bias_hh_lk{s} [G H]}, G the gate count of the cell with PyTorch's gate order, all initialized
 * {@code U(-1/sqrt(H), 1/sqrt(H))}.
 *
 * <h2>Computation</h2>
 * Per layer and direction the input projection {@code x W_ih^T + b_ih} is one matrix product over the whole
 * sequence; the recurrence is one op ({@link Recurrence}): per step one product {@code h W_hh^T} and one fused cell
 * step that adds the rest and applies the gates (one kernel launch on the backends that register it). The reverse direction runs from the
 * last step to the first. Dropout (training mode only) is applied to the outputs of every layer but the last.
 *
 * <h2>Variable-length batches</h2>
 * Given {@code lengths} (one per sequence, 1 to T, in any order), step t updates sequence b only when
 * {@code t < lengths[b]}: past its end a sequence keeps its state and outputs zeros. So the final states are each
 * sequence's state after its last valid step, and the reverse direction starts at each sequence's own last step,
 * exactly as PyTorch's packed sequences behave. Masks are the chosen representation; no packing is needed.
 */
public abstract class Recurrent extends Module {
    private final String kind;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bidirectional;
    private final boolean batchFirst;
    private final int gates;
    private final Dropout dropout;
    private final List<Tensor[]> weights = new ArrayList<>();

    Recurrent(String kind, int gates, RecurrentOptions o) {
        if (o.inputSize < 1 || o.hiddenSize < 1 || o.numLayers < 1) {
            throw new IllegalArgumentException(kind + ": inputSize, hiddenSize and numLayers must be >= 1, got "
                    + o.inputSize + ", " + o.hiddenSize + ", " + o.numLayers);
        }
        this.kind = kind;
        this.inputSize = o.inputSize;
        this.hiddenSize = o.hiddenSize;
        this.numLayers = o.numLayers;
        this.bidirectional = o.bidirectional;
        this.batchFirst = o.batchFirst;
        this.gates = gates;
        this.dropout = o.dropout > 0 && o.numLayers > 1 ? registerModule("dropout", new Dropout(o.dropout,
                o.options.generator().fork())) : null;
        double bound = 1.0 / Math.sqrt(hiddenSize);
        int dirs = directions();
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * dirs;
            for (int d = 0; d < dirs; d++) {
                String s = "_l" + layer + (d == 1 ? "_reverse" : "");
                Tensor wih = param("weight_ih" + s, Shape.of(gates * hiddenSize, in), bound, o.options);
                Tensor whh = param("weight_hh" + s, Shape.of(gates * hiddenSize, hiddenSize), bound, o.options);
                Tensor bih = o.bias ? param("bias_ih" + s, Shape.of(gates * hiddenSize), bound, o.options) : null;
                Tensor bhh = o.bias ? param("bias_hh" + s, Shape.of(gates * hiddenSize), bound, o.options) : null;
                weights.add(new Tensor[]{wih, whh, bih, bhh});
            }
        }
    }

    private Tensor param(String name, Shape shape, double bound, TensorOptions o) {
        Tensor t = Tensor.zeros(shape, o.dtype(), o.device());
        Init.uniform(t, -bound, bound, o.generator());
        return registerParameter(name, t);
    }

    /** 2 when bidirectional, else 1. */
    public final int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Whether the cell carries a cell state besides the hidden state: false unless overridden (LSTM). */
    boolean hasCell() {
        return false;
    }

    /**
     * The recurrence of one direction of one layer over the whole sequence (see {@link Recurrence} for the layout of
     * the result): {@code proj [T, B, G H]} holds {@code x W_ih^T + b_ih}, h0 and c0 are {@code [B, H]} (c0 null
     * without a cell state), keep is {@code [T, B]} or null.
     */
    abstract Tensor recur(Tensor proj, Tensor h0, Tensor c0, Tensor whh, Tensor bhh, Tensor keep, boolean reverse);

    /** The output sequence with zero initial states and full-length sequences. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null, null).output();
    }

    /**
     * Runs the layer.
     *
     * @param input   {@code [T, B, in]} ({@code [B, T, in]} when batch-first), or unbatched {@code [T, in]}
     * @param h0      initial hidden state {@code [L D, B, H]} ({@code [L D, H]} unbatched), or null for zeros
     * @param c0      initial cell state of an LSTM in the same layout, or null for zeros; must be null otherwise
     * @param lengths valid length of each sequence (1 to T), or null when all have length T
     * @return the output sequence and final states (unbatched input gives unbatched results)
     * @throws IllegalArgumentException naming the layer and the expected layout when a shape or length is wrong
     */
    public RecurrentState forward(Tensor input, Tensor h0, Tensor c0, int[] lengths) {
        boolean unbatched = input.rank() == 2;
        if ((input.rank() != 3 && !unbatched) || input.size(-1) != inputSize) {
            throw new IllegalArgumentException(describe() + ": expected input " + (batchFirst ? "[B, T, " : "[T, B, ")
                    + inputSize + "] or [T, " + inputSize + "], got " + input.shape());
        }
        if (!hasCell() && c0 != null) {
            throw new IllegalArgumentException(describe() + ": has no cell state, but c0 was given");
        }
        Tensor x = unbatched ? input.unsqueeze(1) : batchFirst ? input.transpose(0, 1) : input;
        int steps = x.size(0);
        int batch = x.size(1);
        Tensor h0b = unbatched && h0 != null ? h0.unsqueeze(1) : h0;
        Tensor c0b = unbatched && c0 != null ? c0.unsqueeze(1) : c0;
        checkState("h0", h0b, batch);
        checkState("c0", c0b, batch);
        Tensor keep = lengths == null ? null : keep(lengths, steps, batch, x);
        List<Tensor> hN = new ArrayList<>();
        List<Tensor> cN = new ArrayList<>();
        Tensor layerInput = x;
        for (int layer = 0; layer < numLayers; layer++) {
            Tensor[] outs = new Tensor[directions()];
            for (int d = 0; d < directions(); d++) {
                int slot = layer * directions() + d;
                Tensor[] w = weights.get(slot);
                Tensor proj = layerInput.reshape(steps * batch, -1).linear(w[0], w[2]).reshape(steps, batch, -1);
                Tensor states = recur(proj, h0b != null ? h0b.select(0, slot) : null,
                        c0b != null ? c0b.select(0, slot) : null, w[1], w[3], keep, d == 1);
                Tensor hs = states.select(0, 0);
                Tensor out = d == 0 ? hs.slice(0, 1, steps + 1) : hs.slice(0, 0, steps);
                outs[d] = keep == null ? out : out.mul(keep.unsqueeze(2));
                int last = d == 0 ? steps : 0;
                hN.add(hs.select(0, last));
                if (hasCell()) {
                    cN.add(states.select(0, 1).select(0, last));
                }
            }
            layerInput = outs.length == 1 ? outs[0] : Tensor.concat(2, outs);
            if (dropout != null && layer < numLayers - 1) {
                layerInput = dropout.forward(layerInput);
            }
        }
        Tensor output = unbatched ? layerInput.squeeze(1) : batchFirst ? layerInput.transpose(0, 1) : layerInput;
        Tensor hidden = Tensor.stack(0, hN.toArray(Tensor[]::new));
        Tensor cellState = hasCell() ? Tensor.stack(0, cN.toArray(Tensor[]::new)) : null;
        if (unbatched) {
            hidden = hidden.squeeze(1);
            cellState = cellState == null ? null : cellState.squeeze(1);
        }
        return new RecurrentState(output, hidden, cellState);
    }

    private void checkState(String name, Tensor state, int batch) {
        if (state == null) {
            return;
        }
        int slots = numLayers * directions();
        if (state.rank() != 3 || state.size(0) != slots || state.size(1) != batch || state.size(2) != hiddenSize) {
            throw new IllegalArgumentException(describe() + ": expected " + name + " [" + slots + ", " + batch + ", "
                    + hiddenSize + "] (layers x directions, batch, hidden), got " + state.shape());
        }
    }

    private Tensor keep(int[] lengths, int steps, int batch, Tensor like) {
        if (lengths.length != batch) {
            throw new IllegalArgumentException(describe() + ": got " + lengths.length + " lengths for a batch of "
                    + batch);
        }
        for (int len : lengths) {
            if (len < 1 || len > steps) {
                throw new IllegalArgumentException(describe() + ": sequence length " + len + " is out of range [1, "
                        + steps + "]");
            }
        }
        float[] v = new float[steps * batch];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                v[t * batch + b] = t < lengths[b] ? 1f : 0f;
            }
        }
        Tensor keep = Tensor.of(like.device(), v, steps, batch);
        return like.dtype() == DType.FLOAT32 ? keep : keep.to(like.dtype());
    }

    String describe() {
        return kind + "(" + inputSize + "->" + hiddenSize + (numLayers > 1 ? ", layers=" + numLayers : "")
                + (bidirectional ? ", bidirectional" : "") + ")";
    }

    /** The feature count of the input. */
    public final int inputSize() {
        return inputSize;
    }

    /** The number of stacked layers L. */
    public final int numLayers() {
        return numLayers;
    }

    /** Whether input and output are {@code [B, T, F]} rather than {@code [T, B, F]}. */
    public final boolean batchFirst() {
        return batchFirst;
    }

    /** The hidden size H. */
    public final int hiddenSize() {
        return hiddenSize;
    }

    @Override
    protected String extraRepr() {
        return "input=" + inputSize + ", hidden=" + hiddenSize + ", layers=" + numLayers + ", bidirectional="
                + bidirectional + ", batchFirst=" + batchFirst;
    }
}
