package dev.tessera.spark;

import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.data.Normalizer;
import dev.tessera.nn.Module;

/**
 * A trained classifier ready to predict: the network (in evaluation mode) and the normalizer fitted on its training
 * data, or null when it was trained on raw features.
 *
 * @param model      the network; closed by {@link #close()}
 * @param normalizer the feature normalizer, or null
 */
public record LoadedModel(Module model, Normalizer normalizer) implements AutoCloseable {
    /**
     * The class probabilities {@code softmax(model(normalize(x)))} of the rows of {@code x} ({@code [n, features]}),
     * without recording gradients. {@code x} is not modified.
     */
    public Tensor probabilities(Tensor x) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            model.eval();
            Tensor in = normalizer == null ? x : normalizer.transform(x);
            return model.forward(in).softmax(1);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
