package dev.tessera.onnx;

import static dev.tessera.onnx.GraphBuilder.attribute;
import static dev.tessera.onnx.GraphBuilder.child;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.nn.AdaptiveAvgPool2d;
import dev.tessera.nn.AvgPool2d;
import dev.tessera.nn.ConvLayer;
import dev.tessera.nn.ConvSpec;
import dev.tessera.nn.ConvTranspose2d;
import dev.tessera.nn.MaxPool2d;
import dev.tessera.nn.Pool2d;
import dev.tessera.nn.conv.ConvGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The opset-17 nodes of the convolution and pooling layers, for batched inputs {@code [N, C, spatial...]}:
 * <ul>
 * <li>{@code Conv1d}, {@code Conv2d}: {@code Conv} with the layer's kernel, strides, dilations, groups and the pads
 *     its geometry resolves to ({@code same} included: the odd element after, as the layer pads);</li>
 * <li>{@link ConvTranspose2d}: {@code ConvTranspose} with the same weight layout {@code [IN, OUT/groups, KH, KW]},
 *     symmetric pads and {@code output_padding};</li>
 * <li>{@link MaxPool2d}: {@code MaxPool} (floor mode, padding never the maximum); {@link AvgPool2d}:
 *     {@code AveragePool} with {@code count_include_pad} as the layer's;</li>
 * <li>{@link AdaptiveAvgPool2d}: {@code GlobalAveragePool} for a 1x1 output, otherwise the layer's own form
 *     {@code A_H x A_W^T} as two {@code MatMul}s with its averaging matrices (exact for any output size).</li>
 * </ul>
 */
final class ConvNodes {
    private ConvNodes() {
    }

    /** {@code Conv} of a {@code Conv1d} ({@code spatial} 1) or {@code Conv2d} ({@code spatial} 2). */
    static Value conv(GraphBuilder g, String path, ConvLayer layer, int spatial, Value x) {
        ConvSpec s = layer.spec();
        int[] w = layer.weight().shape().dims();
        int in = w[1] * s.groups();
        checkInput(layer, path, x, spatial, in);
        long[] out = x.dims();
        out[1] = w[0];
        long[] pads = new long[2 * spatial];
        for (int a = 0; a < spatial; a++) {
            int axis = a;
            ConvGeometry geo = geometry(layer, path, () -> s.geometry(axis, (int) x.dims()[2 + axis]), a);
            pads[a] = geo.padBefore();
            pads[spatial + a] = geo.padAfter();
            out[2 + a] = geo.out();
        }
        String y = g.node("Conv", path, inputs(g, path, layer, x), attribute("kernel_shape", kernel(w)),
                attribute("strides", s.stride()), attribute("pads", pads), attribute("dilations", s.dilation()),
                attribute("group", (long) s.groups()));
        return new Value(y, out);
    }

    /** {@code ConvTranspose} of a {@link ConvTranspose2d}. */
    static Value convTranspose(GraphBuilder g, String path, ConvTranspose2d layer, Value x) {
        ConvSpec s = layer.spec();
        int[] w = layer.weight().shape().dims();
        checkInput(layer, path, x, 2, w[0]);
        long[] out = x.dims();
        out[1] = (long) w[1] * s.groups();
        for (int a = 0; a < 2; a++) {
            int axis = a;
            out[2 + a] = geometry(layer, path, () -> s.transposedGeometry(axis, (int) x.dims()[2 + axis]), a).out();
        }
        int[] p = s.padding();
        String y = g.node("ConvTranspose", path, inputs(g, path, layer, x), attribute("kernel_shape", kernel(w)),
                attribute("strides", s.stride()), attribute("pads", p[0], p[1], p[0], p[1]),
                attribute("dilations", s.dilation()), attribute("output_padding", s.outputPadding()),
                attribute("group", (long) s.groups()));
        return new Value(y, out);
    }

    /** {@code MaxPool} of a {@link MaxPool2d}. */
    static Value maxPool(GraphBuilder g, String path, MaxPool2d layer, Value x) {
        Pool2d p = layer.window();
        long[] out = pooled(path, layer, p, x);
        return new Value(g.node("MaxPool", path, List.of(x.name()), attribute("kernel_shape", p.kernelSize()),
                attribute("strides", p.stride()), attribute("pads", pads(p)), attribute("dilations", p.dilation())),
                out);
    }

    /** {@code AveragePool} of an {@link AvgPool2d}. */
    static Value avgPool(GraphBuilder g, String path, AvgPool2d layer, Value x) {
        Pool2d p = layer.window();
        long[] out = pooled(path, layer, p, x);
        return new Value(g.node("AveragePool", path, List.of(x.name()), attribute("kernel_shape", p.kernelSize()),
                attribute("strides", p.stride()), attribute("pads", pads(p)),
                attribute("count_include_pad", layer.countIncludePad() ? 1L : 0L)), out);
    }

    /** {@code GlobalAveragePool}, or the two averaging {@code MatMul}s, of an {@link AdaptiveAvgPool2d}. */
    static Value adaptiveAvgPool(GraphBuilder g, String path, AdaptiveAvgPool2d layer, Value x) {
        if (x.rank() != 3 && x.rank() != 4) {
            throw new UnsupportedModuleException(AdaptiveAvgPool2d.class, path, "expected input [N, C, H, W] or "
                    + "[C, H, W], got " + x.shapeText());
        }
        long[] out = x.dims();
        out[x.rank() - 2] = layer.outHeight();
        out[x.rank() - 1] = layer.outWidth();
        if (x.rank() == 4 && layer.outHeight() == 1 && layer.outWidth() == 1) {
            return new Value(g.node("GlobalAveragePool", path, List.of(x.name())), out);
        }
        int h = (int) x.dims()[x.rank() - 2];
        int w = (int) x.dims()[x.rank() - 1];
        if (h == Value.BATCH || w == Value.BATCH) {
            throw new UnsupportedModuleException(AdaptiveAvgPool2d.class, path, "the spatial axes of " + x.shapeText()
                    + " must have fixed sizes");
        }
        Tensor like = Tensor.scalar(0, DType.FLOAT32, Device.defaultDevice());
        String rows = g.initializer(child(path, "rows"), AdaptiveAvgPool2d.averaging(layer.outHeight(), h, like));
        String colsT = g.initializer(child(path, "cols_t"), AdaptiveAvgPool2d.averaging(layer.outWidth(), w, like).t()
                .contiguous());
        String pooledRows = g.node("MatMul", path, List.of(rows, x.name()));
        return new Value(g.node("MatMul", path, List.of(pooledRows, colsT)), out);
    }

    /** The geometry {@code call} computes, its failure (the kernel does not fit) as an export error. */
    private static ConvGeometry geometry(Object layer, String path, Supplier<ConvGeometry> call, int axis) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModuleException(layer.getClass(), path, "spatial axis " + axis + ": "
                    + e.getMessage());
        }
    }

    private static void checkInput(ConvLayer layer, String path, Value x, int spatial, int in) {
        boolean fixed = true;
        for (int a = 0; a < spatial && x.rank() == 2 + spatial; a++) {
            fixed &= x.dims()[2 + a] != Value.BATCH;
        }
        if (x.rank() != 2 + spatial || x.dims()[1] != in || !fixed) {
            throw new UnsupportedModuleException(layer.getClass(), path, "expected input [N, " + in + ", "
                    + (spatial == 1 ? "L" : "H, W") + "] with fixed spatial sizes, got " + x.shapeText());
        }
    }

    private static List<String> inputs(GraphBuilder g, String path, ConvLayer layer, Value x) {
        List<String> inputs = new ArrayList<>(List.of(x.name(), g.initializer(child(path, "weight"), layer.weight())));
        if (layer.bias() != null) {
            inputs.add(g.initializer(child(path, "bias"), layer.bias()));
        }
        return inputs;
    }

    private static int[] kernel(int[] weightDims) {
        int[] k = new int[weightDims.length - 2];
        System.arraycopy(weightDims, 2, k, 0, k.length);
        return k;
    }

    private static long[] pads(Pool2d p) {
        int[] pad = p.padding();
        return new long[]{pad[0], pad[1], pad[0], pad[1]};
    }

    private static long[] pooled(String path, Object layer, Pool2d p, Value x) {
        if (x.rank() != 4 || x.dims()[2] == Value.BATCH || x.dims()[3] == Value.BATCH) {
            throw new UnsupportedModuleException(layer.getClass(), path, "expected input [N, C, H, W] with fixed "
                    + "spatial sizes, got " + x.shapeText() + " (the unbatched [C, H, W] form is not exported)");
        }
        long[] out = x.dims();
        int[] k = p.kernelSize();
        int[] s = p.stride();
        int[] pad = p.padding();
        int[] d = p.dilation();
        for (int a = 0; a < 2; a++) {
            int axis = a;
            out[2 + a] = geometry(layer, path, () -> ConvGeometry.of((int) x.dims()[2 + axis], k[axis], s[axis],
                    pad[axis], d[axis]), a).out();
        }
        return out;
    }
}
