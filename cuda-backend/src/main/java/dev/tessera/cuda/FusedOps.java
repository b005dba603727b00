package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.fused.BiasActivationFamily.BiasActivation;
import dev.tessera.backend.fused.BiasActivationFamily.BiasActivationBackward;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The hand-written CUDA launchers of fused.cu, for the fused ops that the generic {@link DescriptorLauncher} does
 * not fit: bias + activation and its gradient (a plain copy when there is neither bias nor activation; the gradient
 * with the bias gradient in the same pass over column blocks, whose rows are split into slices when the columns
 * alone give too few blocks, {@link LaunchConfig#biasRowSlices}), and whole-model SGD and Adam steps, whose records
 * hold buffer arrays, in one launch per {@link OptimizerGroups.Group}.
 */
final class FusedOps {
    private final Stream stream;

    FusedOps(Stream stream) {
        this.stream = stream;
    }

    // ---------------------------------------------------------------- bias + activation

    /** See {@link BiasActivation}. */
    void biasActivation(BiasActivation a) {
        CudaBuffer z = (CudaBuffer) a.z();
        long n = (long) a.rows() * a.cols();
        if (n == 0) {
            return;
        }
        if (a.act() == null && a.bias() == null) {
            if (a.y() != z) {
                stream.copy((CudaBuffer) a.y(), 0, z, 0, n * z.dtype().byteSize());
            }
            return;
        }
        DescriptorArgs.write(stream.args(), a);
        stream.launch(DTypes.kernel("bias_activation", z.dtype()), LaunchConfig.linear(n, stream.multiprocessors()));
    }

    /** See {@link BiasActivationBackward}. */
    void biasActivationBackward(BiasActivationBackward a) {
        CudaBuffer gy = (CudaBuffer) a.gy();
        if (a.cols() == 0) {
            return;
        }
        if (a.act() == null && a.gradBias() == null) {
            if (a.gz() != gy) {
                stream.copy((CudaBuffer) a.gz(), 0, gy, 0, (long) a.rows() * a.cols() * gy.dtype().byteSize());
            }
            return;
        }
        DType t = gy.dtype();
        int slices = LaunchConfig.biasRowSlices(a.rows(), a.cols(), stream.multiprocessors());
        if (slices == 1) {
            DescriptorArgs.write(stream.args(), a);
            stream.launch(DTypes.kernel("bias_activation_backward", t), LaunchConfig.columnBlocks(a.cols(), 1));
            return;
        }
        CudaBuffer partials = a.gradBias() == null ? null : stream.scratch(DType.FLOAT64, (long) slices * a.cols());
        try {
            KernelArgs args = stream.args();
            args.ptr("pre", ((CudaBuffer) a.pre()).address(0));
            args.ptr("y", ((CudaBuffer) a.y()).address(0));
            args.ptr("gy", gy.address(0));
            args.ptr("gz", ((CudaBuffer) a.gz()).address(0));
            args.ptr("partials", partials == null ? 0 : partials.address(0));
            args.i64("act", a.act() == null ? -1 : a.act().ordinal());
            args.f64("alpha", a.alpha());
            args.i64("rows", a.rows());
            args.i64("cols", a.cols());
            stream.launch(DTypes.kernel("bias_activation_backward_rows", t),
                    LaunchConfig.columnBlocks(a.cols(), slices));
            if (partials != null) {
                KernelArgs finish = stream.args();
                finish.ptr("partials", partials.address(0));
                finish.ptr("gradBias", ((CudaBuffer) a.gradBias()).address(0));
                finish.i64("slices", slices);
                finish.i64("cols", a.cols());
                stream.launch(DTypes.kernel("bias_grad_finish", t),
                        LaunchConfig.linear(a.cols(), stream.multiprocessors()));
            }
        } finally {
            if (partials != null) {
                stream.release(partials);
            }
        }
    }

    // ---------------------------------------------------------------- optimizer steps

    /** See {@link dev.tessera.backend.fused.OptimizerFamily.SgdStep}. */
    void sgdStep(Buffer[] params, Buffer[] grads, Buffer[] momentum, SgdConfig c, Buffer stepScalars) {
        launchGroups("sgd_step", params, grads, c.lr(), stepScalars, args -> {
            args.f64("momentum", c.momentum());
            args.f64("dampening", c.dampening());
            args.i64("nesterov", c.nesterov() ? 1 : 0);
            args.f64("weightDecay", c.weightDecay());
            args.i64("decoupled", c.decoupled() ? 1 : 0);
            args.i64("firstStep", c.firstStep() ? 1 : 0);
        }, (args, g) -> writePointers(args, "momentumBuffers", c.momentum() != 0 ? momentum : null, g));
    }

    /** See {@link dev.tessera.backend.fused.OptimizerFamily.AdamStep}. */
    void adamStep(Buffer[] params, Buffer[] grads, Buffer[] first, Buffer[] second, Buffer[] max, AdamConfig c,
                  Buffer stepScalars) {
        double biasCorrection1 = 1.0 - Math.pow(c.beta1(), c.step());
        double biasCorrection2 = 1.0 - Math.pow(c.beta2(), c.step());
        launchGroups("adam_step", params, grads, c.lr(), stepScalars, args -> {
            args.f64("beta1", c.beta1());
            args.f64("beta2", c.beta2());
            args.f64("eps", c.eps());
            args.f64("weightDecay", c.weightDecay());
            args.i64("decoupled", c.decoupled() ? 1 : 0);
            args.i64("amsgrad", c.amsgrad() ? 1 : 0);
            args.f64("stepSize", c.lr() / biasCorrection1);
            args.f64("sqrtBiasCorrection2", Math.sqrt(biasCorrection2));
        }, (args, g) -> {
            writePointers(args, "firstMoments", first, g);
            writePointers(args, "secondMoments", second, g);
            writePointers(args, "maxSecondMoments", c.amsgrad() ? max : null, g);
        });
    }

    /**
     * Launches {@code kernel} once per group of parameters ({@link OptimizerGroups}), its arguments in the order of
     * the optimizer structs of fused.cu: count and lr, the optimizer's own {@code hyperparameters}, the step-scalar
     * address, the group's blocks, the parameters' and gradients' addresses, then the optimizer's {@code state}
     * addresses.
     */
    private void launchGroups(String kernel, Buffer[] params, Buffer[] grads, double lr, Buffer stepScalars,
                              Consumer<KernelArgs> hyperparameters,
                              BiConsumer<KernelArgs, OptimizerGroups.Group> state) {
        for (OptimizerGroups.Group g : OptimizerGroups.of(numels(params))) {
            KernelArgs args = stream.args();
            args.i64("count", g.tensors().length);
            args.f64("lr", lr);
            hyperparameters.accept(args);
            args.i64("scalars", address(stepScalars));
            writeGroup(args, g);
            writePointers(args, "params", params, g);
            writePointers(args, "grads", grads, g);
            state.accept(args, g);
            launchGroup(kernel, params, g);
        }
    }

    /** The device address of a step-scalar buffer, or 0 (null) when the launch takes its scalars as arguments. */
    private static long address(Buffer stepScalars) {
        return stepScalars == null ? 0 : ((CudaBuffer) stepScalars).address(0);
    }

    private static long[] numels(Buffer[] params) {
        long[] n = new long[params.length];
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
                new LaunchConfig(Math.toIntExact(g.blocks()), 1, 1, OptimizerGroups.THREADS, 1));
    }
}
