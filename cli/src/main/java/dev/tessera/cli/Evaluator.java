package dev.tessera.cli;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Module;
import dev.tessera.train.Evaluation;

/**
 * Evaluates a classifier on held-out data in fixed batches of {@value #BATCH}, in evaluation mode without recording
 * gradients: the mean loss (each batch's mean weighted by its size) and the accuracy (argmax of the outputs equal
 * to the label). {@code train} and {@code evaluate} both use it, so the test accuracy printed after training is
 * reproduced exactly from the saved model.
 */
final class Evaluator {
    /** Examples per evaluation batch. */
    static final int BATCH = 1000;

    private Evaluator() {
    }

    /** The loss and accuracy of {@code model} on features {@code x} {@code [N, D]} and labels {@code y} {@code [N]}. */
    static Evaluation evaluate(Module model, Loss loss, Tensor x, Tensor y) {
        return evaluate(model, loss, x, y, null);
    }

    /**
     * As {@link #evaluate(Module, Loss, Tensor, Tensor)}, also counting each example's (label, predicted class) pair
     * into {@code confusion} unless it is null.
     */
    static Evaluation evaluate(Module model, Loss loss, Tensor x, Tensor y, ConfusionMatrix confusion) {
        boolean wasTraining = model.isTraining();
        model.eval();
        int n = x.size(0);
        double lossSum = 0;
        long correct = 0;
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                try (Scope s = Scope.open()) {
                    Tensor xb = x.slice(0, start, end);
                    Tensor yb = y.slice(0, start, end);
                    Tensor out = model.forward(xb);
                    lossSum += loss.compute(out, yb).item() * (end - start);
                    Tensor predicted = out.argmax(1, false);
                    correct += (long) predicted.eq(yb).sum().item();
                    if (confusion != null) {
                        confusion.add(yb.toIntArray(), predicted.toIntArray());
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n, n);
    }
}
