package dev.tessera.onnx;

import static dev.tessera.onnx.GraphBuilder.attribute;
import static dev.tessera.onnx.GraphBuilder.child;

import dev.tessera.Tensor;
import dev.tessera.nn.GRU;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.RNN;
import dev.tessera.nn.Recurrent;
import dev.tessera.onnx.proto.Onnx.AttributeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The opset-17 nodes of {@link RNN}, {@link LSTM} and {@link GRU} as their {@code forward(input)} computes them: the
 * output sequence, zero initial states, every sequence of full length. One ONNX {@code RNN}/{@code LSTM}/{@code GRU}
 * node per layer ({@code direction} forward or bidirectional), stacked; each node's {@code Y [T, D, B, H]} becomes
 * the next layer's {@code [T, B, D H]} by {@code Transpose(0, 2, 1, 3)} and {@code Reshape}. Batch-first input is
 * transposed to time-first and back; unbatched input {@code [T, F]} gets a batch axis of one. Inter-layer dropout
 * is the identity (evaluation mode).
 *
 * <p>Weights: ONNX stacks the directions ({@code W [D, G H, F]}, {@code R [D, G H, H]}, {@code B [D, 2 G H]} =
 * input then recurrent biases) and orders the gates differently from PyTorch: LSTM {@code i o f c} (PyTorch
 * {@code i f g o}), GRU {@code z r h} (PyTorch {@code r z n}, with {@code linear_before_reset = 1}, which is PyTorch's
 * {@code n = tanh(a_n + r (h W_hn^T + b_hn))}). Variable lengths are not exported ({@code Module.forward} has none):
 * the graph has no {@code sequence_lens} input.
 */
final class RecurrentNodes {
    private RecurrentNodes() {
    }

    /** The nodes of {@code r} applied to {@code x}. */
    static Value recurrent(GraphBuilder g, String path, Recurrent r, Value x) {
        boolean unbatched = x.rank() == 2;
        if ((x.rank() != 3 && !unbatched) || x.last() != r.inputSize()) {
            throw new UnsupportedModuleException(r.getClass(), path, "expected input " + (r.batchFirst() ? "[B, T, "
                    : "[T, B, ") + r.inputSize() + "] or [T, " + r.inputSize() + "], got " + x.shapeText());
        }
        Value seq = unbatched ? unsqueeze(g, path, x) : r.batchFirst() ? g.transpose(path, x, 1, 0, 2) : x;
        for (int layer = 0; layer < r.numLayers(); layer++) {
            seq = layer(g, child(path, "l" + layer), r, layer, seq);
        }
        if (unbatched) {
            long[] sd = seq.dims();
            return g.reshape(path, seq, sd[0], sd[2]);
        }
        return r.batchFirst() ? g.transpose(path, seq, 1, 0, 2) : seq;
    }

    /** The node of layer {@code layer} of {@code r} over the time-first {@code seq [T, B, F]}: {@code [T, B, D H]}. */
    private static Value layer(GraphBuilder g, String at, Recurrent r, int layer, Value seq) {
        int d = r.directions();
        int h = r.hiddenSize();
        int[] gateOrder = r instanceof LSTM ? new int[]{0, 3, 1, 2} : r instanceof GRU ? new int[]{1, 0, 2}
                : new int[]{0};
        Map<String, Tensor> p = r.namedParameters();
        Tensor[] w = new Tensor[d];
        Tensor[] rec = new Tensor[d];
        Tensor[] b = new Tensor[d];
        for (int dir = 0; dir < d; dir++) {
            String s = "_l" + layer + (dir == 1 ? "_reverse" : "");
            w[dir] = reordered(p.get("weight_ih" + s), gateOrder);
            rec[dir] = reordered(p.get("weight_hh" + s), gateOrder);
            b[dir] = p.containsKey("bias_ih" + s) ? Tensor.concat(0, reordered(p.get("bias_ih" + s), gateOrder),
                    reordered(p.get("bias_hh" + s), gateOrder)) : null;
        }
        List<String> inputs = new ArrayList<>(List.of(seq.name(), g.initializer(child(at, "W"), Tensor.stack(0, w)),
                g.initializer(child(at, "R"), Tensor.stack(0, rec))));
        if (b[0] != null) {
            inputs.add(g.initializer(child(at, "B"), Tensor.stack(0, b)));
        }
        List<AttributeProto> attributes = new ArrayList<>(List.of(attribute("hidden_size", (long) h),
                attribute("direction", d == 2 ? "bidirectional" : "forward")));
        if (r instanceof GRU) {
            attributes.add(attribute("linear_before_reset", 1L));
        }
        if (r instanceof RNN rnn) {
            String act = rnn.relu() ? "Relu" : "Tanh";
            attributes.add(attribute("activations", d == 2 ? new String[]{act, act} : new String[]{act}));
        }
        String op = r instanceof LSTM ? "LSTM" : r instanceof GRU ? "GRU" : "RNN";
        long[] sd = seq.dims();
        Value y = new Value(g.node(op, at, inputs, attributes.toArray(AttributeProto[]::new)),
                new long[]{sd[0], d, sd[1], h});
        return g.reshape(at, g.transpose(at, y, 0, 2, 1, 3), sd[0], sd[1], (long) d * h);
    }

    /** {@code [T, F]} as {@code [T, 1, F]}. */
    private static Value unsqueeze(GraphBuilder g, String path, Value x) {
        long[] d = x.dims();
        return g.reshape(child(path, "batched"), x, d[0], 1, d[1]);
    }

    /** The gate blocks of {@code t} (gates stacked along axis 0) in {@code order}. */
    private static Tensor reordered(Tensor t, int[] order) {
        if (order.length == 1) {
            return t;
        }
        int block = t.size(0) / order.length;
        Tensor[] blocks = new Tensor[order.length];
        for (int i = 0; i < order.length; i++) {
            blocks[i] = t.slice(0, order[i] * block, (order[i] + 1) * block);
        }
        return Tensor.concat(0, blocks);
    }
}
