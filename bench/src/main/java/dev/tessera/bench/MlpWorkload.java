package dev.tessera.bench;

import dev.tessera.Activation;
import dev.tessera.AdamHyperparameters;
import dev.tessera.DType;
import dev.tessera.DeferredChecks;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.ParameterUpdates;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One training step of a ReLU MLP (e.g. 784-1024-1024-10) with softmax cross-entropy (mean over the batch) and
 * Adam (lr 1e-3), on a fixed random batch, written only with the public Tensor API: the workload of the
 * {@code mlp_step} benchmarks, the same on every device.
 */
public final class MlpWorkload implements AutoCloseable {
    private final Device device;
    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor> firstMoments = new ArrayList<>();
    private final List<Tensor> secondMoments = new ArrayList<>();
    private final Tensor x;
    private final Tensor labels;
    private long step;

    /**
     * @param device where to train
     * @param layers layer widths, input first, e.g. {@code {784, 1024, 1024, 10}}
     * @param batch  rows per step
     */
    public MlpWorkload(Device device, int[] layers, int batch) {
        this.device = device;
        Generator g = new Generator(1234);
        for (int i = 0; i + 1 < layers.length; i++) {
            double bound = 1 / Math.sqrt(layers[i]);
            params.add(Tensor.uniform(g, -bound, bound, Shape.of(layers[i + 1], layers[i]), DType.FLOAT32, device)
                    .requiresGrad(true));
            params.add(Tensor.uniform(g, -bound, bound, Shape.of(layers[i + 1]), DType.FLOAT32, device)
                    .requiresGrad(true));
        }
        for (Tensor p : params) {
            firstMoments.add(Tensor.zeros(p.shape(), DType.FLOAT32, device));
            secondMoments.add(Tensor.zeros(p.shape(), DType.FLOAT32, device));
        }
        x = Tensor.normal(g, 0, 1, Shape.of(batch, layers[0]), DType.FLOAT32, device);
        int classes = layers[layers.length - 1];
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = (int) ((i * 2654435761L) % classes);
        }
        labels = Tensor.of(device, y, batch);
    }

    /** Number of trainable parameters. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : params) {
            n += p.numel();
        }
        return n;
    }

    /**
     * Forward, loss, backward and the Adam update, all queued on the device (no host read: the label range check is
     * deferred as the Trainer defers it, so asynchronous devices are not synchronized; call
     * {@link Device#synchronize()} to wait).
     */
    public void step() {
        try (Scope s = Scope.open()) {
            Tensor h = logits();
            try (DeferredChecks.Context c = DeferredChecks.defer("bench step " + step)) {
                h.softmaxCrossEntropy(labels, null, 0).mean().backward();
            }
            List<Tensor> grads = new ArrayList<>(params.size());
            for (Tensor p : params) {
                grads.add(p.grad());
            }
            ParameterUpdates.adam(params, grads, firstMoments, secondMoments, null,
                    new AdamHyperparameters(1e-3, 0.9, 0.999, 1e-8, 0, false, false, ++step));
            for (Tensor p : params) {
                p.zeroGrad();
            }
        }
    }

    /** The current loss on the batch (reads it back to the host). */
    public double loss() {
        try (Scope s = Scope.open()) {
            return logits().softmaxCrossEntropy(labels, null, 0).mean().item();
        }
    }

    /** The network's output on the batch: each layer {@code h W^T + b}, ReLU after all but the last. */
    private Tensor logits() {
        Tensor h = x;
        int layers = params.size() / 2;
        for (int i = 0; i < layers; i++) {
            h = h.linear(params.get(2 * i), params.get(2 * i + 1), i + 1 < layers ? Activation.RELU : null);
        }
        return h;
    }

    /** The device this workload runs on. */
    public Device device() {
        return device;
    }

    @Override
    public void close() {
        for (List<Tensor> list : List.of(params, firstMoments, secondMoments)) {
            for (Tensor t : list) {
                t.zeroGrad();
                t.close();
            }
        }
        x.close();
        labels.close();
    }
}
