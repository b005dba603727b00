package dev.tessera.bench;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The FLOAT32 tensors an optimizer step updates for an MLP: per layer {@code i} the weight
 * {@code [layers[i + 1], layers[i]]} and the bias {@code [layers[i + 1]]}, each with its value (normal, standard
 * deviation 0.05), its gradient (normal, 0.01) and two moment buffers (zeros), drawn in that order from one generator.
 *
 * @param params the parameters, weight then bias of each layer
 * @param grads  their gradients
 * @param first  the first moment (or momentum) buffers
 * @param second the second moment buffers
 */
public record OptimizerTensors(List<Tensor> params, List<Tensor> grads, List<Tensor> first, List<Tensor> second)
        implements AutoCloseable {
    /** Creates the tensors for the MLP {@code layers[0] -> layers[1] -> ...} on {@code device}. */
    public static OptimizerTensors mlp(Generator g, int[] layers, Device device) {
        OptimizerTensors t = new OptimizerTensors(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (int i = 0; i + 1 < layers.length; i++) {
            for (Shape s : List.of(Shape.of(layers[i + 1], layers[i]), Shape.of(layers[i + 1]))) {
                t.params.add(Tensor.normal(g, 0, 0.05, s, DType.FLOAT32, device));
                t.grads.add(Tensor.normal(g, 0, 0.01, s, DType.FLOAT32, device));
                t.first.add(Tensor.zeros(s, DType.FLOAT32, device));
                t.second.add(Tensor.zeros(s, DType.FLOAT32, device));
            }
        }
        return t;
    }

    /** The number of parameter elements. */
    public long count() {
        long n = 0;
        for (Tensor p : params) {
            n += p.numel();
        }
        return n;
    }

    /** Closes every tensor. */
    @Override
    public void close() {
        for (List<Tensor> list : List.of(params, grads, first, second)) {
            list.forEach(Tensor::close);
        }
    }
}
