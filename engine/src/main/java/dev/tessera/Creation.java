package dev.tessera;

import dev.tessera.backend.HostArrays;
import dev.tessera.backend.Operand;
import dev.tessera.backend.RandomDistribution;

/** Tensor factories: constants, ranges, identity, Java arrays and random draws. */
final class Creation {
    /** Elements per host block when {@link #eye} fills its rows, so it never builds an n x n host array. */
    private static final int EYE_BLOCK_ELEMENTS = 1 << 20;

    private Creation() {
    }

    static Tensor full(double value, Shape shape, DType dtype, Device device) {
        Tensor t = Tensor.empty(device, dtype, shape);
        if (shape.numel() > 0) {
            Layout dense = Layout.of(shape.dimsUnsafe(), shape.contiguousStrides());
            device.backend().copy(Operand.constant(value), Operand.view(t.buffer(), 0, dense.strides[0]), dense.shape);
        }
        return t;
    }

    static Tensor fromArray(Device device, DType dtype, Object data, int length, int[] dims) {
        return fromArray(device, dtype, data, length, dims.length == 0 ? Shape.of(length) : Shape.of(dims));
    }

    static Tensor fromArray(Device device, DType dtype, Object data, int length, Shape shape) {
        if (shape.numel() != length) {
            throw new IllegalArgumentException("of: " + length + " values do not fill shape " + shape + " ("
                    + shape.numel() + " elements)");
        }
        Tensor t = Tensor.empty(device, dtype, shape);
        if (length > 0) {
            device.backend().write(t.buffer(), 0, data, 0, length);
        }
        return t;
    }

    static Tensor arange(double start, double end, double step, DType dtype, Device device) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        double count = Math.ceil((end - start) / step);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: " + count + " elements is too many");
        }
        int n = (int) Math.max(0, count);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return fromDoubles(v, Shape.of(n), dtype, device);
    }

    static Tensor linspace(double start, double end, int steps, DType dtype, Device device) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        }
        double[] v = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) {
            v[i] = i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step;
        }
        return fromDoubles(v, Shape.of(steps), dtype, device);
    }

    static Tensor eye(int n, DType dtype, Device device) {
        if (n < 0) {
            throw new IllegalArgumentException("eye: n must be >= 0, got " + n);
        }
        Shape shape;
        try {
            shape = Shape.of(n, n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("eye(" + n + "): " + e.getMessage(), e);
        }
        Tensor t = Tensor.empty(device, dtype, shape);
        int rows = Math.max(1, Math.min(n, EYE_BLOCK_ELEMENTS / Math.max(n, 1)));
        for (int first = 0; first < n; first += rows) {
            int m = Math.min(rows, n - first);
            double[] block = new double[m * n];
            for (int r = 0; r < m; r++) {
                block[r * n + first + r] = 1;
            }
            device.backend().write(t.buffer(), (long) first * n, HostArrays.fromDoubles(block, dtype), 0, m * n);
        }
        return t;
    }

    /** A tensor from doubles, converted on the host to {@code dtype}. */
    static Tensor fromDoubles(double[] v, Shape shape, DType dtype, Device device) {
        return fromArray(device, dtype, HostArrays.fromDoubles(v, dtype), v.length, shape);
    }

    static Tensor random(RandomDistribution dist, Generator generator, double a, double b, Shape shape, DType dtype,
                         Device device) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("random: dtype must be floating, got " + dtype);
        }
        if (dist == RandomDistribution.NORMAL && !(b >= 0)) {
            throw new IllegalArgumentException("normal: std must be >= 0, got " + b);
        }
        Tensor t = Tensor.empty(device, dtype, shape);
        long n = shape.numel();
        long offset = generator.reserve(Math.multiplyExact(n, (long) dist.wordsPerElement()));
        if (n > 0) {
            device.compute().random(dist, t.buffer(), n, generator.seed(), offset, a, b);
        }
        return t;
    }
}
