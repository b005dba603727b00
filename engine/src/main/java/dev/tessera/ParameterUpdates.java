package dev.tessera;

import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.fused.OptimizerFamily;
import java.util.List;

/**
 * Whole-model optimizer steps: one call updates every parameter in place through the backend's fused
 * {@link OptimizerFamily} ops (a single kernel launch on backends that register one). Not recorded in the
 * graph; parameters' storage versions are bumped.
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
        SgdConfig config = new SgdConfig(hyper.lr(), hyper.momentum(), hyper.dampening(), hyper.nesterov(),
                hyper.weightDecay(), hyper.decoupled(), hyper.firstStep());
        Device d = checkGroup("sgd", params, grads, momentumBuffers, null);
        if (params.isEmpty()) {
            return;
        }
        OptimizerFamily.SGD_STEP.run(d.compute(), new OptimizerFamily.SgdStep(buffers(params), buffers(grads),
                momentumBuffers == null ? new Buffer[params.size()] : buffers(momentumBuffers), config));
        bump(params, momentumBuffers);
    }

    /** One Adam/AdamW step (see {@link AdamHyperparameters}); {@code maxSecondMoments} is null unless AMSGrad. */
    public static void adam(List<Tensor> params, List<Tensor> grads, List<Tensor> firstMoments,
                            List<Tensor> secondMoments, List<Tensor> maxSecondMoments, AdamHyperparameters hyper) {
        AdamConfig config = new AdamConfig(hyper.lr(), hyper.beta1(), hyper.beta2(), hyper.eps(), hyper.weightDecay(),
                hyper.decoupled(), hyper.amsgrad(), hyper.step());
        Device d = checkGroup("adam", params, grads, firstMoments, secondMoments);
        if (maxSecondMoments != null) {
            checkGroup("adam", params, maxSecondMoments, null, null);
        }
        if (params.isEmpty()) {
            return;
        }
        OptimizerFamily.ADAM_STEP.run(d.compute(), new OptimizerFamily.AdamStep(buffers(params), buffers(grads),
                buffers(firstMoments), buffers(secondMoments),
                maxSecondMoments == null ? new Buffer[params.size()] : buffers(maxSecondMoments), config));
        bump(params, firstMoments);
        bump(secondMoments, maxSecondMoments);
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
