package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.UnaryOp;

/**
 * The fused fast paths of the SPI on the kernels of softmax.cu and fused.cu: softmax and its gradient, softmax
 * cross-entropy and its gradient, bias + activation and its gradient (with the bias gradient in the same pass),
 * and whole-model SGD and Adam steps in one launch per {@link OptimizerGroups.Group}.
 */
final class FusedOps {
    private final Stream stream;

    FusedOps(Stream stream) {
        this.stream = stream;
    }

    // ---------------------------------------------------------------- softmax and cross-entropy

    /** See {@link dev.tessera.backend.fused.SoftmaxFamily.Softmax}. */
    void softmax(CudaBuffer x, CudaBuffer y, int outer, int n, int inner, boolean log) {
        if ((long) outer * n * inner == 0) {
            return;
        }
        KernelArgs args = stream.args();
        args.i64("outer", outer);
        args.i64("n", n);
        args.i64("inner", inner);
        args.i64("log", log ? 1 : 0);
        args.ptr("x", x.address(0));
        args.ptr("y", y.address(0));
        launchRowsOrColumns("softmax", x.dtype(), outer, n, inner);
    }

    /** See {@link dev.tessera.backend.fused.SoftmaxFamily.SoftmaxBackward}. */
    void softmaxBackward(CudaBuffer y, CudaBuffer gy, CudaBuffer gx, int outer, int n, int inner, boolean log) {
        if ((long) outer * n * inner == 0) {
            return;
        }
        KernelArgs args = stream.args();
        args.i64("outer", outer);
        args.i64("n", n);
        args.i64("inner", inner);
        args.i64("log", log ? 1 : 0);
        args.ptr("y", y.address(0));
        args.ptr("gy", gy.address(0));
        args.ptr("gx", gx.address(0));
        launchRowsOrColumns("softmax_backward", y.dtype(), outer, n, inner);
    }

    private void launchRowsOrColumns(String family, DType t, int outer, int n, int inner) {
        if (inner == 1) {
            stream.launch(DTypes.kernel(family + "_rows", t), LaunchConfig.rows(outer, n));
        } else {
            stream.launch(DTypes.kernel(family + "_cols", t),
                    LaunchConfig.linear((long) outer * inner, stream.multiprocessors()));
        }
    }

    /** See {@link dev.tessera.backend.fused.SoftmaxFamily.CrossEntropy}. */
    void crossEntropy(CudaBuffer logits, CudaBuffer labels, CudaBuffer weights, double smoothing, int rows,
                      int classes, CudaBuffer loss, CudaBuffer logProbs) {
        if (rows == 0) {
            return;
        }
        KernelArgs args = stream.args();
        args.i64("rows", rows);
        args.i64("classes", classes);
        args.f64("smoothing", smoothing);
        args.ptr("logits", logits.address(0));
        args.ptr("labels", labels.address(0));
        args.ptr("weights", weights == null ? 0 : weights.address(0));
        args.ptr("loss", loss.address(0));
        args.ptr("logProbs", logProbs.address(0));
        stream.launch(DTypes.kernel("cross_entropy", logits.dtype()), LaunchConfig.rows(rows, classes));
    }

    /** See {@link dev.tessera.backend.fused.SoftmaxFamily.CrossEntropyBackward}. */
    void crossEntropyBackward(CudaBuffer logProbs, CudaBuffer labels, CudaBuffer weights, double smoothing,
                              int rows, int classes, CudaBuffer gradLoss, CudaBuffer gradLogits) {
        if (rows == 0) {
            return;
        }
        KernelArgs args = stream.args();
        args.i64("rows", rows);
        args.i64("classes", classes);
        args.f64("smoothing", smoothing);
        args.ptr("logProbs", logProbs.address(0));
        args.ptr("labels", labels.address(0));
        args.ptr("weights", weights == null ? 0 : weights.address(0));
        args.ptr("gradLoss", gradLoss.address(0));
        args.ptr("gradLogits", gradLogits.address(0));
        stream.launch(DTypes.kernel("cross_entropy_backward", logProbs.dtype()), LaunchConfig.rows(rows, classes));
    }

    // ---------------------------------------------------------------- bias + activation

    /** See {@link dev.tessera.backend.fused.BiasActivationFamily.BiasActivation}. */
    void biasActivation(UnaryOp act, double alpha, CudaBuffer z, CudaBuffer bias, CudaBuffer y, int rows, int cols) {
        long n = (long) rows * cols;
        if (n == 0) {
            return;
        }
        if (act == null && bias == null) {
            if (y != z) {
                stream.copy(y, 0, z, 0, n * z.dtype().byteSize());
            }
            return;
        }
        KernelArgs args = stream.args();
        args.i64("rows", rows);
        args.i64("cols", cols);
        args.i64("act", act == null ? -1 : act.ordinal());
        args.f64("alpha", alpha);
        args.ptr("z", z.address(0));
        args.ptr("bias", bias == null ? 0 : bias.address(0));
        args.ptr("y", y.address(0));
        stream.launch(DTypes.kernel("bias_activation", z.dtype()), LaunchConfig.linear(n, stream.multiprocessors()));
    }

    /** See {@link dev.tessera.backend.fused.BiasActivationFamily.BiasActivationBackward}. */
    void biasActivationBackward(UnaryOp act, double alpha, CudaBuffer pre, CudaBuffer y, CudaBuffer gy,
                                CudaBuffer gz, CudaBuffer gradBias, int rows, int cols) {
        if (cols == 0) {
            return;
        }
        if (act == null && gradBias == null) {
            if (gz != gy) {
                stream.copy(gz, 0, gy, 0, (long) rows * cols * gy.dtype().byteSize());
            }
            return;
        }
        KernelArgs args = stream.args();
        args.i64("rows", rows);
        args.i64("cols", cols);
        args.i64("act", act == null ? -1 : act.ordinal());
        args.f64("alpha", alpha);
        args.ptr("pre", pre.address(0));
        args.ptr("y", y.address(0));
        args.ptr("gy", gy.address(0));
        args.ptr("gz", gz.address(0));
        args.ptr("gradBias", gradBias == null ? 0 : gradBias.address(0));
        stream.launch(DTypes.kernel("bias_activation_backward", gy.dtype()), LaunchConfig.columnBlocks(cols));
    }

    // ---------------------------------------------------------------- optimizer steps

    /** See {@link dev.tessera.backend.fused.OptimizerFamily.SgdStep}. */
    void sgdStep(Buffer[] params, Buffer[] grads, Buffer[] momentum, SgdConfig c) {
        for (OptimizerGroups.Group g : OptimizerGroups.of(numels(params))) {
            KernelArgs args = stream.args();
            args.i64("count", g.tensors().length);
            args.f64("lr", c.lr());
            args.f64("momentum", c.momentum());
            args.f64("dampening", c.dampening());
            args.i64("nesterov", c.nesterov() ? 1 : 0);
            args.f64("weightDecay", c.weightDecay());
            args.i64("decoupled", c.decoupled() ? 1 : 0);
            args.i64("firstStep", c.firstStep() ? 1 : 0);
            writeGroup(args, g);
            writePointers(args, "params", params, g);
            writePointers(args, "grads", grads, g);
            writePointers(args, "momentumBuffers", c.momentum() != 0 ? momentum : null, g);
            launchGroup("sgd_step", params, g);
        }
    }

    /** See {@link dev.tessera.backend.fused.OptimizerFamily.AdamStep}. */
    void adamStep(Buffer[] params, Buffer[] grads, Buffer[] first, Buffer[] second, Buffer[] max, AdamConfig c) {
        double biasCorrection1 = 1.0 - Math.pow(c.beta1(), c.step());
        double biasCorrection2 = 1.0 - Math.pow(c.beta2(), c.step());
        for (OptimizerGroups.Group g : OptimizerGroups.of(numels(params))) {
            KernelArgs args = stream.args();
            args.i64("count", g.tensors().length);
            args.f64("lr", c.lr());
            args.f64("beta1", c.beta1());
            args.f64("beta2", c.beta2());
            args.f64("eps", c.eps());
            args.f64("weightDecay", c.weightDecay());
            args.i64("decoupled", c.decoupled() ? 1 : 0);
            args.i64("amsgrad", c.amsgrad() ? 1 : 0);
            args.f64("stepSize", c.lr() / biasCorrection1);
            args.f64("sqrtBiasCorrection2", Math.sqrt(biasCorrection2));
            writeGroup(args, g);
            writePointers(args, "params", params, g);
            writePointers(args, "grads", grads, g);
            writePointers(args, "firstMoments", first, g);
            writePointers(args, "secondMoments", second, g);
            writePointers(args, "maxSecondMoments", c.amsgrad() ? max : null, g);
            launchGroup("adam_step", params, g);
        }
    }

    private static int[] numels(Buffer[] params) {
        int[] n = new int[params.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = params[i].numel();
        }
        return n;
    }

    private static void writeGroup(KernelArgs args, OptimizerGroups.Group g) {
        int count = g.tensors().length;
        args.i64s("blockStart", g.blockStart(), count + 1, OptimizerGroups.MAX_TENSORS + 1);
        args.i64s("numel", g.numel(), count, OptimizerGroups.MAX_TENSORS);
    }

    /** Writes the device addresses of {@code buffers[g.tensors]} (all 0 when buffers is null). */
    private static void writePointers(KernelArgs args, String name, Buffer[] buffers, OptimizerGroups.Group g) {
        int count = g.tensors().length;
        long[] addresses = new long[count];
        if (buffers != null) {
            for (int t = 0; t < count; t++) {
                addresses[t] = ((CudaBuffer) buffers[g.tensors()[t]]).address(0);
            }
        }
        args.i64s(name, addresses, count, OptimizerGroups.MAX_TENSORS);
    }

    private void launchGroup(String kernel, Buffer[] params, OptimizerGroups.Group g) {
        DType t = params[g.tensors()[0]].dtype();
        stream.launch(DTypes.kernel(kernel, t),
                new LaunchConfig((int) g.blocks(), 1, 1, OptimizerGroups.THREADS, 1));
    }
}
