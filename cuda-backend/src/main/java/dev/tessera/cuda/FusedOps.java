package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.fused.BiasActivationFamily.BiasActivation;
import dev.tessera.backend.fused.BiasActivationFamily.BiasActivationBackward;

/**
 * The hand-written CUDA launchers of fused.cu, for the fused ops that the generic {@link DescriptorLauncher} does
 * not fit: bias + activation and its gradient (a plain copy when there is neither bias nor activation; the gradient
 * with the bias gradient in the same pass over column blocks), and whole-model SGD and Adam steps, whose records
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
        DescriptorArgs.write(stream.args(), a);
        stream.launch(DTypes.kernel("bias_activation_backward", gy.dtype()), LaunchConfig.columnBlocks(a.cols()));
    }

    // ---------------------------------------------------------------- optimizer steps

    /** See {@link dev.tessera.backend.fused.OptimizerFamily.SgdStep}. */
    void sgdStep(Buffer[] params, Buffer[] grads, Buffer[] momentum, SgdConfig c, Buffer stepScalars) {
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
            args.i64("scalars", address(stepScalars));
            writeGroup(args, g);
            writePointers(args, "params", params, g);
            writePointers(args, "grads", grads, g);
            writePointers(args, "momentumBuffers", c.momentum() != 0 ? momentum : null, g);
            launchGroup("sgd_step", params, g);
        }
    }

    /** See {@link dev.tessera.backend.fused.OptimizerFamily.AdamStep}. */
    void adamStep(Buffer[] params, Buffer[] grads, Buffer[] first, Buffer[] second, Buffer[] max, AdamConfig c,
                  Buffer stepScalars) {
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
            args.i64("scalars", address(stepScalars));
            writeGroup(args, g);
            writePointers(args, "params", params, g);
            writePointers(args, "grads", grads, g);
            writePointers(args, "firstMoments", first, g);
            writePointers(args, "secondMoments", second, g);
            writePointers(args, "maxSecondMoments", c.amsgrad() ? max : null, g);
            launchGroup("adam_step", params, g);
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
