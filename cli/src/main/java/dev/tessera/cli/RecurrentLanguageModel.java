package dev.tessera.cli;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.nn.Embedding;
import dev.tessera.nn.GRU;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Recurrent;
import dev.tessera.nn.RecurrentOptions;
import dev.tessera.nn.RecurrentState;
import dev.tessera.nn.TensorOptions;

/**
 * Embedding, one LSTM or GRU layer, then a linear layer to the vocabulary:
 * {@code logits[b, t] = decoder(h_t)}, {@code h_t = cell(embedding[x[b, t]], h_{t-1})}, {@code h_{-1} = 0}.
 * State dict names as the PyTorch module {@code embedding = nn.Embedding(V, E)}, {@code rnn = nn.LSTM(E, H,
 * batch_first=True)} (or {@code nn.GRU}), {@code decoder = nn.Linear(H, V)} would have them.
 */
final class RecurrentLanguageModel extends LanguageModel {
    private final Embedding embedding;
    private final Recurrent rnn;
    private final Linear decoder;
    private final int vocabulary;

    /**
     * A model over {@code vocabulary} symbols with embeddings of size {@code embed} and a hidden state of
     * {@code hidden}; an LSTM when {@code lstm}, else a GRU.
     */
    RecurrentLanguageModel(boolean lstm, int vocabulary, int embed, int hidden, TensorOptions options) {
        this.vocabulary = vocabulary;
        this.embedding = registerModule("embedding", new Embedding(vocabulary, embed, null, options));
        RecurrentOptions o = RecurrentOptions.of(embed, hidden).batchFirst(true).options(options);
        this.rnn = registerModule("rnn", lstm ? new LSTM(o) : new GRU(o));
        this.decoder = registerModule("decoder", new Linear(hidden, vocabulary, true, options));
    }

    @Override
    public Tensor forward(Tensor ids) {
        return decoder.forward(rnn.forward(embedding.forward(ids)));
    }

    @Override
    Context context() {
        return new Context() {
            private Tensor hidden;
            private Tensor cell;

            @Override
            public float[] feed(int... symbols) {
                try (Scope scope = Scope.open()) {
                    Tensor ids = Tensor.of(embedding.weight().device(), symbols, 1, symbols.length);
                    RecurrentState s = rnn.forward(embedding.forward(ids), hidden, cell, null);
                    close();
                    hidden = Scope.persist(s.hidden());
                    cell = s.cell() == null ? null : Scope.persist(s.cell());
                    Tensor last = s.output().select(1, symbols.length - 1);
                    return decoder.forward(last).reshape(vocabulary).toFloatArray();
                }
            }

            @Override
            public void close() {
                if (hidden != null) {
                    hidden.close();
                }
                if (cell != null) {
                    cell.close();
                }
                hidden = null;
                cell = null;
            }
        };
    }
}
