package dev.tessera.bench;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.nn.Embedding;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.Linear;
import dev.tessera.nn.RecurrentOptions;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Adam;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training step of a character-level LSTM language model (the anchor: embedding 64, one LSTM layer of
 * 256, a linear layer to 114 symbols, sequences of 64, batch 32, Adam 2e-3) on a fixed random batch: embedding,
 * LSTM over the sequence, logits for every step, mean cross-entropy against the next symbols, backward and the Adam
 * update. Built from nn's layers, so it times what a user trains; the same work as {@code lstm_step} in
 * {@code bench/peers.py}.
 */
public final class LstmWorkload implements AutoCloseable {
    /** The anchor's sizes: vocabulary, embedding, hidden, sequence length, batch. */
    public static final int[] ANCHOR = {114, 64, 256, 64, 32};

    private final Embedding embedding;
    private final LSTM lstm;
    private final Linear head;
    private final Adam adam;
    private final Tensor inputs;
    private final Tensor targets;
    private final int vocab;

    /**
     * @param device where to train
     * @param sizes  vocabulary, embedding, hidden, sequence length, batch (e.g. {@link #ANCHOR})
     */
    public LstmWorkload(Device device, int[] sizes) {
        vocab = sizes[0];
        int steps = sizes[3];
        int batch = sizes[4];
        TensorOptions o = new TensorOptions(device, DType.FLOAT32, new Generator(1234));
        embedding = new Embedding(vocab, sizes[1], null, o);
        lstm = new LSTM(RecurrentOptions.of(sizes[1], sizes[2]).batchFirst(true).options(o));
        head = new Linear(sizes[2], vocab, true, o);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.putAll(prefixed("embedding.", embedding.namedParameters()));
        params.putAll(prefixed("lstm.", lstm.namedParameters()));
        params.putAll(prefixed("head.", head.namedParameters()));
        adam = new Adam(params, 2e-3);
        int[] text = new int[batch * (steps + 1)];
        for (int i = 0; i < text.length; i++) {
            text[i] = (int) ((i * 2654435761L) % vocab);
        }
        int[] x = new int[batch * steps];
        int[] y = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                x[b * steps + t] = text[b * (steps + 1) + t];
                y[b * steps + t] = text[b * (steps + 1) + t + 1];
            }
        }
        inputs = Tensor.of(device, x, batch, steps);
        targets = Tensor.of(device, y, batch * steps);
    }

    private static Map<String, Tensor> prefixed(String prefix, Map<String, Tensor> named) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        named.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    /** The mean cross-entropy of the batch (a graph when grad mode is on). */
    private Tensor loss() {
        Tensor h = lstm.forward(embedding.forward(inputs));
        Tensor logits = head.forward(h.reshape(-1, h.size(-1)));
        return logits.softmaxCrossEntropy(targets, null, 0).mean();
    }

    /** Forward, loss, backward and the Adam update, all queued on the device (no host read). */
    public void step() {
        try (Scope s = Scope.open()) {
            adam.zeroGrad();
            loss().backward();
            adam.step();
        }
    }

    /** The current loss on the batch (reads it back to the host). */
    public double currentLoss() {
        try (Scope s = Scope.open()) {
            return loss().item();
        }
    }

    @Override
    public void close() {
        adam.zeroGrad();
        embedding.close();
        lstm.close();
        head.close();
        inputs.close();
        targets.close();
    }
}
