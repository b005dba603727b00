package dev.tessera.cli;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.nn.Embedding;
import dev.tessera.nn.LayerNorm;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.nn.TransformerEncoderLayer;
import java.util.Arrays;

/**
 * A causal Transformer over characters (decoder-only, GPT style): {@code x = embedding[ids] + pos_embedding[0..L)}
 * (learned positions, at most {@code context} of them), then {@code layers} pre-norm
 * {@link TransformerEncoderLayer}s with causal self-attention (feed-forward width 4 D, ReLU, no dropout), a final
 * {@link LayerNorm} and a linear layer to the vocabulary. Generation sees the last {@code context} symbols.
 */
final class TransformerLanguageModel extends LanguageModel {
    private final Embedding embedding;
    private final Embedding positions;
    private final Sequential layers;
    private final LayerNorm norm;
    private final Linear decoder;
    private final int vocabulary;
    private final int context;

    /** {@code layers} blocks of width {@code dim} with {@code heads} heads, for sequences of up to {@code context}. */
    TransformerLanguageModel(int vocabulary, int layerCount, int dim, int heads, int context, TensorOptions options) {
        this.vocabulary = vocabulary;
        this.context = context;
        this.embedding = registerModule("embedding", new Embedding(vocabulary, dim, null, options));
        this.positions = registerModule("pos_embedding", new Embedding(context, dim, null, options));
        Sequential blocks = new Sequential();
        for (int i = 0; i < layerCount; i++) {
            blocks.add(new TransformerEncoderLayer(dim, heads, 4 * dim, 0, false, 1e-5, true, true, options));
        }
        this.layers = registerModule("layers", blocks);
        this.norm = registerModule("norm", new LayerNorm(new int[]{dim}, 1e-5, true, true, options));
        this.decoder = registerModule("decoder", new Linear(dim, vocabulary, true, options));
    }

    /**
     * @throws IllegalArgumentException when the sequence is longer than the model's context
     */
    @Override
    public Tensor forward(Tensor ids) {
        int length = ids.size(-1);
        if (ids.rank() != 2 || length > context) {
            throw new IllegalArgumentException("TransformerLanguageModel: expected indices [B, L] with L <= " + context
                    + " (the context it was built for), got " + ids.shape());
        }
        int[] at = new int[length];
        Arrays.setAll(at, i -> i);
        Tensor x = embedding.forward(ids).add(positions.forward(Tensor.of(ids.device(), at, length)));
        for (Module block : layers.layers()) {
            x = ((TransformerEncoderLayer) block).forward(x, null, null, true);
        }
        return decoder.forward(norm.forward(x));
    }

    @Override
    Context context() {
        return new Context() {
            private int[] window = new int[0];

            @Override
            public float[] feed(int... symbols) {
                int[] all = Arrays.copyOf(window, window.length + symbols.length);
                System.arraycopy(symbols, 0, all, window.length, symbols.length);
                window = Arrays.copyOfRange(all, Math.max(0, all.length - context), all.length);
                try (Scope scope = Scope.open()) {
                    Tensor logits = forward(Tensor.of(embedding.weight().device(), window, 1, window.length));
                    return logits.select(1, window.length - 1).reshape(vocabulary).toFloatArray();
                }
            }

            @Override
            public void close() {
                window = new int[0];
            }
        };
    }
}
