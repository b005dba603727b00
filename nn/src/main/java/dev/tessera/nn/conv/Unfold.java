package dev.tessera.nn.conv;

import dev.tessera.Shape;
import dev.tessera.Tensor;

/**
 * im2col for 2-D windows, as differentiable tensor ops: the windows of {@code x [N, C, H, W]} gathered into
 * {@code [N, C, KH * KW, OH * OW]}, where element {@code (n, c, ky KW + kx, oy OW + ox)} is
 * {@code x[n, c, iy, ix]} for the input position the geometries map tap {@code (ky, kx)} of output
 * {@code (oy, ox)} to, or {@code fill} where that position is padding.
 *
 * <p>It is one {@code indexSelect} over the flattened spatial axis extended by one padding slot holding
 * {@code fill}, so it runs on every backend and its gradient (an index-add) comes from the engine.
 */
public final class Unfold {
    private Unfold() {
    }

    /**
     * The windows of {@code x} (see the class comment).
     *
     * @param x    input {@code [N, C, H, W]} with H and W equal to the geometries' input sizes
     * @param rows geometry of the H axis
     * @param cols geometry of the W axis
     * @param fill value read at padding positions (0 for convolution and average pooling, -inf for max pooling)
     */
    public static Tensor windows(Tensor x, ConvGeometry rows, ConvGeometry cols, double fill) {
        int n = x.size(0);
        int c = x.size(1);
        int h = rows.in();
        int w = cols.in();
        int slot = h * w;
        int[] ty = rows.taps();
        int[] tx = cols.taps();
        int oh = rows.out();
        int ow = cols.out();
        int kh = rows.kernel();
        int kw = cols.kernel();
        int[] index = new int[kh * kw * oh * ow];
        int i = 0;
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                for (int oy = 0; oy < oh; oy++) {
                    int iy = ty[ky * oh + oy];
                    for (int ox = 0; ox < ow; ox++) {
                        int ix = tx[kx * ow + ox];
                        index[i++] = iy < 0 || ix < 0 ? slot : iy * w + ix;
                    }
                }
            }
        }
        Tensor flat = x.reshape(n, c, slot);
        Tensor padSlot = Tensor.full(fill, Shape.of(n, c, 1), x.dtype(), x.device());
        Tensor extended = Tensor.concat(2, flat, padSlot);
        Tensor idx = Tensor.of(x.device(), index, index.length);
        return extended.indexSelect(2, idx).reshape(n, c, kh * kw, oh * ow);
    }
}
