package dev.tessera.nn;

import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Modules applied one after another, named {@code 0, 1, 2, ...} as in PyTorch (so parameters are called
 * {@code 0.weight}, {@code 2.bias}, ...). A {@link Linear} directly followed by a {@link UnaryActivation} runs as one
 * fused linear-plus-activation call; the result and gradients are those of the two modules applied in turn.
 */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** The given layers, in order. */
    public Sequential(Module... layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    /** Appends {@code layer} (named by its position). Returns this. */
    public final Sequential add(Module layer) {
        if (layer == null) {
            throw new IllegalArgumentException("Sequential: layer " + layers.size() + " is null");
        }
        registerModule(Integer.toString(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof Linear linear && i + 1 < layers.size()
                    && layers.get(i + 1) instanceof UnaryActivation act && act.fusable()) {
                x = linear.forward(x, act.activation());
                i++;
            } else {
                x = m.forward(x);
            }
        }
        return x;
    }

    /** The layers in order (unmodifiable). */
    public List<Module> layers() {
        return Collections.unmodifiableList(layers);
    }
}
