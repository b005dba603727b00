package dev.tessera;

import java.util.Arrays;

/**
 * Shape ops. Reshape (of a dense tensor), permute, slice, expand, squeeze and unsqueeze are views sharing storage;
 * concat copies. Each records a node whose rule maps the gradient back to the input's shape.
 */
final class Views {
    private Views() {
    }

    /** A view of x with a new layout, recorded with a rule that rebuilds x's gradient from the view's. */
    private static Tensor restride(String op, Tensor x, long offset, Shape shape, long[] strides, GraphNode.Rule rule) {
        Tensor v = x.view(offset, shape, strides);
        if (GraphNode.needed(x)) {
            GraphNode.record(v, op, new Tensor[]{x}, new Tensor[0], rule);
        }
        return v;
    }

    static Tensor reshape(Tensor x, int... newDims) {
        x.checkOpen("reshape");
        Shape target = inferShape(x.shape(), newDims);
        if (!x.isContiguous()) {
            try (OpFrame f = new OpFrame()) {
                Tensor dense = x.contiguous();
                if (dense.gradFn == null) {
                    f.own(dense); // not in the graph: only the reshaped view keeps its storage
                }
                return reshape(dense, target.dims());
            }
        }
        Shape from = x.shape();
        return restride("reshape", x, x.offset, target, target.contiguousStrides(),
                (g, needs) -> new Tensor[]{g.reshape(from.dims())});
    }

    private static Shape inferShape(Shape from, int[] dims) {
        int unknown = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape: only one -1 allowed in " + Arrays.toString(dims));
                }
                unknown = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid size " + dims[i] + " in " + Arrays.toString(dims));
            }
        }
        int[] out = dims.clone();
        if (unknown >= 0) {
            out[unknown] = 1;
        }
        long known = Shape.of(out).numel();
        if (unknown >= 0) {
            if (known == 0 || from.numel() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + from + " (" + from.numel()
                        + " elements) into " + Arrays.toString(dims));
            }
            out[unknown] = axisSize("reshape", from, from.numel() / known);
        } else if (known != from.numel()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + from + " (" + from.numel()
                    + " elements) into " + Arrays.toString(dims) + " (" + known + " elements)");
        }
        return Shape.of(out);
    }

    static Tensor flatten(Tensor x, int start, int end) {
        Shape s = x.shape();
        if (s.rank() == 0) {
            return reshape(x, 1);
        }
        int a = s.normalizeAxis(start, "flatten");
        int b = s.normalizeAxis(end, "flatten");
        if (a > b) {
            throw new IllegalArgumentException("flatten: start axis " + start + " is after end axis " + end);
        }
        int[] d = s.dims();
        int[] out = new int[d.length - (b - a)];
        long merged = 1;
        for (int i = a; i <= b; i++) {
            merged *= d[i];
        }
        System.arraycopy(d, 0, out, 0, a);
        out[a] = axisSize("flatten", s, merged);
        System.arraycopy(d, b + 1, out, a + 1, d.length - b - 1);
        return reshape(x, out);
    }

    static Tensor squeeze(Tensor x, Integer axis) {
        x.checkOpen("squeeze");
        int[] d = x.shape().dimsUnsafe();
        boolean[] drop = new boolean[d.length];
        if (axis == null) {
            for (int i = 0; i < d.length; i++) {
                drop[i] = d[i] == 1;
            }
        } else {
            int a = x.shape().normalizeAxis(axis, "squeeze");
            if (d[a] != 1) {
                throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + x.shape()
                        + " has size " + d[a] + ", expected 1");
            }
            drop[a] = true;
        }
        int kept = 0;
        for (boolean b : drop) {
            kept += b ? 0 : 1;
        }
        int[] nd = new int[kept];
        long[] ns = new long[kept];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (!drop[i]) {
                nd[j] = d[i];
                ns[j++] = x.strides[i];
            }
        }
        Shape from = x.shape();
        return restride("squeeze", x, x.offset, Shape.of(nd), ns,
                (g, needs) -> new Tensor[]{g.reshape(from.dims())});
    }

    static Tensor unsqueeze(Tensor x, int axis) {
        x.checkOpen("unsqueeze");
        int r = x.rank();
        int a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + x.shape()
                    + " (expected " + (-r - 1) + " <= axis <= " + r + ")");
        }
        int[] d = x.shape().dimsUnsafe();
        int[] nd = new int[r + 1];
        long[] ns = new long[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            if (i == a) {
                nd[i] = 1;
                ns[i] = a < r ? x.strides[a] * d[a] : 1;
            } else {
                nd[i] = d[j];
                ns[i] = x.strides[j++];
            }
        }
        Shape from = x.shape();
        return restride("unsqueeze", x, x.offset, Shape.of(nd), ns,
                (g, needs) -> new Tensor[]{g.reshape(from.dims())});
    }

    static Tensor transpose(Tensor x, int a, int b) {
        int r = x.rank();
        int[] order = new int[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        int ia = x.shape().normalizeAxis(a, "transpose");
        int ib = x.shape().normalizeAxis(b, "transpose");
        order[ia] = ib;
        order[ib] = ia;
        return permute(x, order);
    }

    static Tensor permute(Tensor x, int... order) {
        x.checkOpen("permute");
        int r = x.rank();
        if (order.length != r) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " has " + order.length
                    + " axes but the tensor has shape " + x.shape());
        }
        int[] d = x.shape().dimsUnsafe();
        int[] nd = new int[r];
        long[] ns = new long[r];
        int[] inverse = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int src = x.shape().normalizeAxis(order[i], "permute");
            if (seen[src]) {
                throw new IllegalArgumentException("permute: axis " + order[i] + " repeats in "
                        + Arrays.toString(order));
            }
            seen[src] = true;
            nd[i] = d[src];
            ns[i] = x.strides[src];
            inverse[src] = i;
        }
        return restride("permute", x, x.offset, Shape.of(nd), ns,
                (g, needs) -> new Tensor[]{g.permute(inverse)});
    }

    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        x.checkOpen("slice");
        int a = x.shape().normalizeAxis(axis, "slice");
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int n = x.shape().dim(a);
        int s = clampIndex(start, n);
        int e = Math.max(s, clampIndex(end, n));
        int count = (e - s + step - 1) / step;
        int[] nd = x.shape().dims();
        nd[a] = count;
        long[] ns = x.strides.clone();
        ns[a] = x.strides[a] * step;
        long newOffset = count == 0 ? x.offset : x.offset + s * x.strides[a];
        Shape from = x.shape();
        return restride("slice", x, newOffset, Shape.of(nd), ns,
                (g, needs) -> new Tensor[]{Derivatives.slice(from, x.dtype(), a, s, e, step, g)});
    }

    private static int clampIndex(int i, int n) {
        int v = i < 0 ? i + n : i;
        return Math.max(0, Math.min(n, v));
    }

    static Tensor expand(Tensor x, int... newDims) {
        x.checkOpen("expand");
        int r = newDims.length;
        int xr = x.rank();
        if (r < xr) {
            throw new IllegalArgumentException("expand: target " + Arrays.toString(newDims) + " has fewer axes than "
                    + x.shape());
        }
        int[] d = x.shape().dimsUnsafe();
        int[] nd = new int[r];
        long[] ns = new long[r];
        for (int i = 0; i < r; i++) {
            int j = i - (r - xr);
            int want = newDims[i];
            if (j < 0) {
                if (want < 0) {
                    throw new IllegalArgumentException("expand: -1 is not allowed for new leading axis " + i);
                }
                nd[i] = want;
                ns[i] = 0;
            } else if (want == -1 || want == d[j]) {
                nd[i] = d[j];
                ns[i] = x.strides[j];
            } else if (d[j] == 1) {
                nd[i] = want;
                ns[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: cannot expand " + x.shape() + " to "
                        + Arrays.toString(newDims) + " (axis " + i + ": " + d[j] + " vs " + want + ")");
            }
        }
        Shape from = x.shape();
        return restride("expand", x, x.offset, Shape.of(nd), ns,
                (g, needs) -> new Tensor[]{g.sumTo(from)});
    }

    static Tensor concat(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Tensor first = tensors[0];
        int a = first.shape().normalizeAxis(axis, "concat");
        DType dt = first.dtype();
        long total = 0;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            first.checkCompatible("concat", t);
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + t.shape()
                        + " but tensor 0 has " + first.shape() + " (ranks differ)");
            }
            for (int k = 0; k < t.rank(); k++) {
                if (k != a && t.shape().dim(k) != first.shape().dim(k)) {
                    throw new IllegalArgumentException("concat: tensor " + i + " has shape " + t.shape()
                            + " but tensor 0 has " + first.shape() + " (only axis " + axis + " may differ)");
                }
            }
            dt = DType.promote(dt, t.dtype());
            total += t.shape().dim(a);
        }
        int[] nd = first.shape().dims();
        nd[a] = axisSize("concat", first.shape(), total);
        Tensor out = Tensor.empty(first.device(), dt, Shape.of(nd));
        int[] sizes = new int[tensors.length];
        int at = 0;
        for (int i = 0; i < tensors.length; i++) {
            sizes[i] = tensors[i].shape().dim(a);
            try (dev.tessera.autograd.GradMode.Guard g = dev.tessera.autograd.GradMode.noGrad();
                 OpFrame f = new OpFrame()) {
                Tensor region = f.own(out.slice(a, at, at + sizes[i]));
                Elementwise.copyInto(tensors[i].dtype() == dt ? tensors[i] : f.own(tensors[i].to(dt)), region);
            }
            at += sizes[i];
        }
        if (GraphNode.needed(tensors)) {
            Tensor[] inputs = tensors.clone();
            GraphNode.record(out, "concat", inputs, new Tensor[0],
                    (g, needs) -> Derivatives.concat(a, sizes, inputs, g, needs));
        }
        return out;
    }

    static Tensor[] split(Tensor x, int axis, int... sizes) {
        int a = x.shape().normalizeAxis(axis, "split");
        int n = x.shape().dim(a);
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            }
            sum += s;
        }
        if (sum != n) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + sum
                    + " but axis " + axis + " of shape " + x.shape() + " has " + n);
        }
        Tensor[] out = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = slice(x, a, at, at + sizes[i], 1);
            at += sizes[i];
        }
        return out;
    }

    /**
     * {@code n} as the size of one axis. Axis sizes are {@code int} (element counts and strides are {@code long}),
     * so an axis of more than 2^31 - 1 elements is refused with an error naming the op and its input shape.
     */
    static int axisSize(String op, Shape from, long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": an axis of " + Sizes.grouped(n) + " elements (from shape " + from
                    + ") exceeds the limit of " + Sizes.grouped(Integer.MAX_VALUE)
                    + " elements per axis; keep such tensors multi-dimensional");
        }
        return (int) n;
    }
}
