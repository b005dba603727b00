package dev.tessera;

import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.StepScalars;
import dev.tessera.backend.fused.OptimizerFamily;
import java.util.List;

/**
 * Whole-model optimizer steps: one call updates every parameter in place through the backend's fused
 * {@link OptimizerFamily} ops (a single kernel launch on backends that register one). Not recorded in the
 * graph; parameters' storage versions are bumped.
 *
 * <p>A step may be given a step-scalar tensor ({@link StepScalars}: FLOAT64, {@link StepScalars#LENGTH} elements, on
 * the parameters' device): the call writes the step's rate and bias corrections into it from the host and the update
 * reads them from there when it runs inside a captured {@link StepGraph}, so that replays see the values written
 * before each replay ({@link #adamScalars}, {@link #sgdScalars}) instead of those of the capture.
 */
public final class ParameterUpdates {
    private ParameterUpdates() {
    }

    /**
     * One SGD step (see {@link SgdHyperparameters} for the math). {@code momentumBuffers} is null when momentum is
     * 0, else one dense tensor per parameter.
     */
    public static void sgd(List<Tensor> params, List<Tensor> grads, List<Tensor> momentumBuffers,
                           SgdHyperparameters hyper) {
        sgd(params, grads, momentumBuffers, hyper, null);
    }

    /** {@link #sgd(List, List, List, SgdHyperparameters)} reading its rate from {@code stepScalars} (or null). */
    public static void sgd(List<Tensor> params, List<Tensor> grads, List<Tensor> momentumBuffers,
                           SgdHyperparameters hyper, Tensor stepScalars) {
        Device d = checkGroup("sgd", params, grads, momentumBuffers, null);
        if (params.isEmpty()) {
            return;
        }
        SgdConfig config = sgdConfig(hyper);
        Buffer scalars = writeScalars("sgd", stepScalars, d, StepScalars.of(config));
        OptimizerFamily.SGD_STEP.run(d.backend(), new OptimizerFamily.SgdStep(buffers(params), buffers(grads),
                momentumBuffers == null ? new Buffer[params.size()] : buffers(momentumBuffers), config, scalars));
        bump(params, momentumBuffers);
    }

    /** Writes the step scalars of {@code hyper} into {@code stepScalars} without updating anything (a replay's). */
    public static void sgdScalars(Tensor stepScalars, SgdHyperparameters hyper) {
        writeScalars("sgd", stepScalars, stepScalars.device(), StepScalars.of(sgdConfig(hyper)));
    }

    private static SgdConfig sgdConfig(SgdHyperparameters hyper) {
        return new SgdConfig(hyper.lr(), hyper.momentum(), hyper.dampening(), hyper.nesterov(),
                hyper.weightDecay(), hyper.decoupled(), hyper.firstStep());
    }

    /** One Adam/AdamW step (see {@link AdamHyperparameters}); {@code maxSecondMoments} is null unless AMSGrad. */
    public static void adam(List<Tensor> params, List<Tensor> grads, List<Tensor> firstMoments,
                            List<Tensor> secondMoments, List<Tensor> maxSecondMoments, AdamHyperparameters hyper) {
        adam(params, grads, firstMoments, secondMoments, maxSecondMoments, hyper, null);
    }

    /**
     * {@link #adam(List, List, List, List, List, AdamHyperparameters)} reading its rate and bias corrections from
     * {@code stepScalars} (or null).
     */
    public static void adam(List<Tensor> params, List<Tensor> grads, List<Tensor> firstMoments,
                            List<Tensor> secondMoments, List<Tensor> maxSecondMoments, AdamHyperparameters hyper,
                            Tensor stepScalars) {
        Device d = checkGroup("adam", params, grads, firstMoments, secondMoments);
        if (maxSecondMoments != null) {
            checkGroup("adam", params, maxSecondMoments, null, null);
        }
        if (params.isEmpty()) {
            return;
        }
        AdamConfig config = adamConfig(hyper);
        Buffer scalars = writeScalars("adam", stepScalars, d, StepScalars.of(config));
        OptimizerFamily.ADAM_STEP.run(d.backend(), new OptimizerFamily.AdamStep(buffers(params), buffers(grads),
                buffers(firstMoments), buffers(secondMoments),
                maxSecondMoments == null ? new Buffer[params.size()] : buffers(maxSecondMoments), config, scalars));
        bump(params, firstMoments);
        bump(secondMoments, maxSecondMoments);
    }

    /**
     * A new step-scalar tensor on {@code device} (FLOAT64, {@link StepScalars#LENGTH} elements, contents unset until
     * a step writes them), for the {@code stepScalars} argument of {@link #adam} and {@link #sgd}.
     */
    public static Tensor newStepScalars(Device device) {
        return Tensor.of(device, new double[StepScalars.LENGTH], StepScalars.LENGTH);
    }

    /** Writes the step scalars of {@code hyper} into {@code stepScalars} without updating anything (a replay's). */
    public static void adamScalars(Tensor stepScalars, AdamHyperparameters hyper) {
        writeScalars("adam", stepScalars, stepScalars.device(), StepScalars.of(adamConfig(hyper)));
    }

    private static AdamConfig adamConfig(AdamHyperparameters hyper) {
        return new AdamConfig(hyper.lr(), hyper.beta1(), hyper.beta2(), hyper.eps(), hyper.weightDecay(),
                hyper.decoupled(), hyper.amsgrad(), hyper.step());
    }

    /** Checks {@code stepScalars} (null: none) and writes {@code values} into it from the host; its buffer or null. */
    private static Buffer writeScalars(String op, Tensor stepScalars, Device device, double[] values) {
        if (stepScalars == null) {
            return null;
        }
        stepScalars.checkOpen(op);
        if (stepScalars.dtype() != DType.FLOAT64 || stepScalars.numel() != StepScalars.LENGTH
                || !stepScalars.isDenseAtZero() || stepScalars.device() != device) {
            throw new IllegalArgumentException(op + ": step scalars must be a dense FLOAT64 tensor of "
                    + StepScalars.LENGTH + " elements on " + device + ", got " + stepScalars.dtype() + " "
                    + stepScalars.shape() + " on " + stepScalars.device());
        }
        stepScalars.backend().write(stepScalars.buffer(), 0, values, 0, values.length);
        stepScalars.storage.version++;
        return stepScalars.buffer();
    }

    private static Device checkGroup(String op, List<Tensor> params, List<Tensor> a, List<Tensor> b, List<Tensor> c) {
        Device device = params.isEmpty() ? null : params.get(0).device();
        for (List<Tensor> list : java.util.Arrays.asList(a, b, c)) {
            if (list != null && list.size() != params.size()) {
                throw new IllegalArgumentException(op + ": " + params.size() + " parameters but " + list.size()
                        + " gradients or state tensors");
            }
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            p.checkOpen(op);
            if (!p.isDenseAtZero() || p.storage.refCount() < 1) {
                throw new IllegalArgumentException(op + ": parameter " + i + " of shape " + p.shape()
                        + " must be a dense tensor (not a view)");
            }
            for (List<Tensor> list : java.util.Arrays.asList(a, b, c)) {
                if (list == null) {
                    continue;
                }
                Tensor t = list.get(i);
                if (t == null) {
                    throw new IllegalArgumentException(op + ": missing gradient or state for parameter " + i
                            + " of shape " + p.shape());
                }
                p.checkCompatible(op, t);
                if (!t.shape().equals(p.shape()) || t.dtype() != p.dtype() || !t.isDenseAtZero()) {
                    throw new IllegalArgumentException(op + ": gradient or state " + t.dtype() + " " + t.shape()
                            + " does not match dense parameter " + i + " " + p.dtype() + " " + p.shape());
                }
            }
        }
        return device;
    }

    private static Buffer[] buffers(List<Tensor> ts) {
        Buffer[] out = new Buffer[ts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ts.get(i).buffer();
        }
        return out;
    }

    private static void bump(List<Tensor> a, List<Tensor> b) {
        for (List<Tensor> list : java.util.Arrays.asList(a, b)) {
            if (list != null) {
                for (Tensor t : list) {
                    t.storage.version++;
                }
            }
        }
    }
}
