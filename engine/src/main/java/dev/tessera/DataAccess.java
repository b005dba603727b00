package dev.tessera;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.HostArrays;
import java.lang.reflect.Array;

/** Moving data between tensors and Java arrays or other devices. */
final class DataAccess {
    private DataAccess() {
    }

    /** Reads the dense contents of {@code t} as an array of its own dtype, for {@code op} (named in errors). */
    private static Object readDense(Tensor t, String op) {
        t.checkOpen(op);
        t.device().checkHostRead(op);
        int n = Sizes.arrayLength(op, t.numel());
        Tensor d = t.denseAtZero();
        try {
            Buffer b = d.buffer();
            Object out = HostArrays.allocate(t.dtype(), n);
            if (n > 0) {
                t.backend().read(b, 0, out, 0, n);
            }
            DeferredChecks.raisePending(t.device());
            return out;
        } finally {
            if (d != t) {
                d.close();
            }
        }
    }

    static float[] toFloatArray(Tensor t) {
        return HostArrays.toFloats(readDense(t, "toFloatArray"), t.dtype());
    }

    static double[] toDoubleArray(Tensor t) {
        return HostArrays.toDoubles(readDense(t, "toDoubleArray"), t.dtype());
    }

    static int[] toIntArray(Tensor t) {
        return HostArrays.toInts(readDense(t, "toIntArray"), t.dtype());
    }

    /**
     * The element at storage position {@code pos}, widened to double, for {@code op} (named in errors); then raises
     * the device's failed deferred checks (see {@link DeferredChecks}: the read has waited for the device anyway).
     */
    static double element(Tensor t, long pos, String op) {
        t.device().checkHostRead(op);
        Object one = HostArrays.allocate(t.dtype(), 1);
        t.backend().read(t.buffer(), pos, one, 0, 1);
        DeferredChecks.raisePending(t.device());
        return HostArrays.element(one, t.dtype(), 0);
    }

    /** Up to the first {@code k} elements in row-major order. */
    static double[] head(Tensor t, int k) {
        try (Scope s = Scope.open()) {
            Tensor flat = t.flatten();
            int n = (int) Math.min(k, t.numel());
            return flat.slice(0, 0, n).toDoubleArray();
        }
    }

    static Tensor toDevice(Tensor t, Device target) {
        t.checkOpen("to");
        if (t.device() == target) {
            return t;
        }
        Object data = readDense(t, "to");
        Tensor out = Creation.fromArray(target, t.dtype(), data, Array.getLength(data), t.shape());
        if (GraphNode.needed(t)) {
            Device source = t.device();
            GraphNode.record(out, "to", new Tensor[]{t}, new Tensor[0],
                    (g, needs) -> new Tensor[]{Derivatives.toDevice(source, g)});
        }
        return out;
    }
}
