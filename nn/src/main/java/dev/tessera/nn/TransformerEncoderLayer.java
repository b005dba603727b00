package dev.tessera.nn;

import dev.tessera.Tensor;

/**
 * A Transformer encoder block (PyTorch {@code nn.TransformerEncoderLayer}, same child names so state dicts load):
 * self-attention and a two-layer feed-forward network, each with a residual connection, dropout and layer norm.
 * Post-norm (PyTorch's default):
 * <pre>
 *   x = norm1(x + dropout1(selfAttn(x))),   x = norm2(x + dropout2(linear2(dropout(act(linear1(x)))))),
 * </pre>
 * or pre-norm ({@code normFirst}): {@code x = x + dropout1(selfAttn(norm1(x)))}, {@code x = x +
 * dropout2(ff(norm2(x)))}. The activation is ReLU or exact GELU.
 */
public class TransformerEncoderLayer extends Module {
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final boolean normFirst;
    private final boolean gelu;

    /** PyTorch's defaults: feed-forward 2048, dropout 0.1, ReLU, eps 1e-5, time-first, post-norm. */
    public TransformerEncoderLayer(int dModel, int heads) {
        this(dModel, heads, 2048, 0.1, false, 1e-5, false, false, TensorOptions.defaults());
    }

    /**
     * An encoder block.
     *
     * @param dModel      the model width E
     * @param heads       attention heads, dividing E
     * @param feedForward the hidden width of the feed-forward network
     * @param dropout     dropout probability (training mode only), in [0, 1)
     * @param gelu        GELU instead of ReLU in the feed-forward network
     * @param eps         the layer norms' eps
     * @param batchFirst  inputs as {@code [B, L, E]} instead of {@code [L, B, E]}
     * @param normFirst   pre-norm instead of post-norm
     * @param options     device, dtype and generator
     */
    public TransformerEncoderLayer(int dModel, int heads, int feedForward, double dropout, boolean gelu, double eps,
                                   boolean batchFirst, boolean normFirst, TensorOptions options) {
        this.selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, heads, dropout, true, batchFirst,
                options));
        this.linear1 = registerModule("linear1", new Linear(dModel, feedForward, true, options));
        this.dropout = registerModule("dropout", new Dropout(dropout, options.generator().fork()));
        this.linear2 = registerModule("linear2", new Linear(feedForward, dModel, true, options));
        this.norm1 = registerModule("norm1", new LayerNorm(new int[]{dModel}, eps, true, true, options));
        this.norm2 = registerModule("norm2", new LayerNorm(new int[]{dModel}, eps, true, true, options));
        this.dropout1 = registerModule("dropout1", new Dropout(dropout, options.generator().fork()));
        this.dropout2 = registerModule("dropout2", new Dropout(dropout, options.generator().fork()));
        this.normFirst = normFirst;
        this.gelu = gelu;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null, false);
    }

    /**
     * The block applied to {@code src} with optional masks (see {@link MultiheadAttention#forward(Tensor, Tensor,
     * Tensor, Tensor, Tensor, boolean, boolean)}).
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor keyPaddingMask, boolean causal) {
        Tensor x = src;
        if (normFirst) {
            x = x.add(attend(norm1.forward(x), srcMask, keyPaddingMask, causal));
            return x.add(feedForward(norm2.forward(x)));
        }
        x = norm1.forward(x.add(attend(x, srcMask, keyPaddingMask, causal)));
        return norm2.forward(x.add(feedForward(x)));
    }

    /** Whether the layer norms come before the sublayers (pre-norm) rather than after the residual sums. */
    public boolean normFirst() {
        return normFirst;
    }

    /** Whether the feed-forward activation is exact GELU rather than ReLU. */
    public boolean gelu() {
        return gelu;
    }

    private Tensor attend(Tensor x, Tensor mask, Tensor keyPadding, boolean causal) {
        return dropout1.forward(selfAttn.forward(x, x, x, keyPadding, mask, causal, false).output());
    }

    private Tensor feedForward(Tensor x) {
        Tensor hidden = linear1.forward(x);
        hidden = gelu ? hidden.gelu() : hidden.relu();
        return dropout2.forward(linear2.forward(dropout.forward(hidden)));
    }
}
