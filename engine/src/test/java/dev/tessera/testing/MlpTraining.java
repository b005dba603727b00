package dev.tessera.testing;

import dev.tessera.Activation;
import dev.tessera.AdamHyperparameters;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.ParameterUpdates;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A FLOAT32 ReLU MLP trained on one fixed batch through the public Tensor API, the workload that backend tests and
 * benchmarks share: layer {@code i} is {@code h W_i^T + b_i} with W and b uniform in {@code +-1/sqrt(fan_in)}, ReLU
 * after every layer but the last; the batch is standard normal features and labels {@code (7 i) mod classes}; a
 * step is softmax cross-entropy (mean over the batch), backward, and one fused Adam update (betas 0.9, 0.999, eps
 * 1e-8, no weight decay) of every parameter.
 */
public final class MlpTraining implements AutoCloseable {
    private final int[] widths;
    private final int batch;
    private final double lr;
    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor> firstMoments = new ArrayList<>();
    private final List<Tensor> secondMoments = new ArrayList<>();
    private final Tensor x;
    private final Tensor labels;
    private long step;

    /**
     * @param device where the model, the batch and the optimizer state live
     * @param widths layer widths, input first, e.g. {@code {784, 1024, 1024, 10}}
     * @param batch  rows of the batch
     * @param seed   seed of the generator drawing the weights, then the features
     * @param lr     Adam's learning rate
     */
    public MlpTraining(Device device, int[] widths, int batch, long seed, double lr) {
        this.widths = widths.clone();
        this.batch = batch;
        this.lr = lr;
        Generator g = new Generator(seed);
        for (int i = 0; i + 1 < widths.length; i++) {
            double bound = 1 / Math.sqrt(widths[i]);
            params.add(Tensor.uniform(g, -bound, bound, Shape.of(widths[i + 1], widths[i]), DType.FLOAT32, device)
                    .requiresGrad(true));
            params.add(Tensor.uniform(g, -bound, bound, Shape.of(widths[i + 1]), DType.FLOAT32, device)
                    .requiresGrad(true));
        }
        for (Tensor p : params) {
            firstMoments.add(Tensor.zeros(p.shape(), DType.FLOAT32, device));
            secondMoments.add(Tensor.zeros(p.shape(), DType.FLOAT32, device));
        }
        x = Tensor.normal(g, 0, 1, Shape.of(batch, widths[0]), DType.FLOAT32, device);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = (i * 7) % widths[widths.length - 1];
        }
        labels = Tensor.of(device, y, batch);
    }

    /**
     * One training step. With {@code readLoss} false nothing is read back, so an asynchronous device is left
     * running (call {@link Device#synchronize()} to wait).
     *
     * @return the loss before the update, or NaN when {@code readLoss} is false
     */
    public double step(boolean readLoss) {
        try (Scope s = Scope.open()) {
            Tensor h = x;
            int layers = params.size() / 2;
            for (int i = 0; i < layers; i++) {
                h = h.linear(params.get(2 * i), params.get(2 * i + 1), i + 1 < layers ? Activation.RELU : null);
            }
            Tensor loss = h.softmaxCrossEntropy(labels, null, 0).mean();
            loss.backward();
            double value = readLoss ? loss.item() : Double.NaN;
            List<Tensor> grads = params.stream().map(Tensor::grad).toList();
            ParameterUpdates.adam(params, grads, firstMoments, secondMoments, null,
                    new AdamHyperparameters(lr, 0.9, 0.999, 1e-8, 0, false, false, ++step));
            params.forEach(Tensor::zeroGrad);
            return value;
        }
    }

    /** {@code mlp_W0-W1-..._adam_bBATCH}, e.g. {@code mlp_784-1024-1024-10_adam_b256}. */
    public String name() {
        StringBuilder name = new StringBuilder("mlp");
        for (int i = 0; i < widths.length; i++) {
            name.append(i == 0 ? "_" : "-").append(widths[i]);
        }
        return name.append("_adam_b").append(batch).toString();
    }

    /** Floating-point operations of the matrix products of one step: {@code 6 batch sum_i W_i W_(i+1)}. */
    public double flopsPerStep() {
        double flops = 0;
        for (int i = 0; i + 1 < widths.length; i++) {
            flops += 6.0 * batch * widths[i] * widths[i + 1];
        }
        return flops;
    }

    @Override
    public void close() {
        params.forEach(Tensor::close);
        firstMoments.forEach(Tensor::close);
        secondMoments.forEach(Tensor::close);
        x.close();
        labels.close();
    }
}
