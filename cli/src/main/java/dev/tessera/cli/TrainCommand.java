package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.backend.UnaryOp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tessera train}: trains a two-hidden-layer MLP with plain SGD on the two-spirals problem (a generated
 * 2-D, 2-class dataset that a linear model cannot separate) and prints the test accuracy.
 */
@Command(name = "train", description = "Train an MLP on the two-spirals problem with plain SGD.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, opencl:N, cuda:N (default: auto)")
    String device;

    @Option(names = "--epochs", defaultValue = "1500", description = "full-batch steps (default: 1500)")
    int epochs;

    @Option(names = "--lr", defaultValue = "1.0", description = "learning rate (default: 1.0)")
    double lr;

    @Option(names = "--seed", defaultValue = "7", description = "random seed (default: 7)")
    long seed;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;

    @Override
    public Integer call() {
        Device dev = Device.of(device);
        Generator gen = new Generator(seed);
        Tensor[] train = spirals(dev, 512, gen);
        Tensor[] test = spirals(dev, 512, gen);
        int hidden = 64;
        Tensor w1 = Tensor.normal(gen, 0, Math.sqrt(2.0 / 2), Shape.of(hidden, 2), DType.FLOAT32, dev)
                .requiresGrad(true);
        Tensor b1 = Tensor.zeros(Shape.of(hidden), DType.FLOAT32, dev).requiresGrad(true);
        Tensor w2 = Tensor.normal(gen, 0, Math.sqrt(2.0 / hidden), Shape.of(hidden, hidden), DType.FLOAT32, dev)
                .requiresGrad(true);
        Tensor b2 = Tensor.zeros(Shape.of(hidden), DType.FLOAT32, dev).requiresGrad(true);
        Tensor w3 = Tensor.normal(gen, 0, Math.sqrt(1.0 / hidden), Shape.of(2, hidden), DType.FLOAT32, dev)
                .requiresGrad(true);
        Tensor b3 = Tensor.zeros(Shape.of(2), DType.FLOAT32, dev).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2, w3, b3};
        System.out.println("training a 2-" + hidden + "-" + hidden + "-2 MLP on two spirals on " + dev);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            try (Scope s = Scope.open()) {
                Tensor logits = forward(train[0], params);
                Tensor loss = logits.softmaxCrossEntropy(train[1], null, 0).mean();
                loss.backward();
                try (GradMode.Guard ng = GradMode.noGrad()) {
                    for (Tensor p : params) {
                        p.subInPlace(p.grad().mul(lr));
                        p.zeroGrad();
                    }
                }
                if (epoch % 50 == 0 || epoch == 1) {
                    System.out.printf("epoch %4d  loss %.4f  train_accuracy %.4f%n", epoch, loss.item(),
                            accuracy(logits, train[1]));
                }
            }
        }
        try (Scope s = Scope.open(); GradMode.Guard ng = GradMode.noGrad()) {
            System.out.printf("test_accuracy=%.4f%n", accuracy(forward(test[0], params), test[1]));
        }
        return 0;
    }

    private static Tensor forward(Tensor x, Tensor[] p) {
        return x.linear(p[0], p[1], UnaryOp.TANH, 0).linear(p[2], p[3], UnaryOp.TANH, 0).linear(p[4], p[5]);
    }

    private static double accuracy(Tensor logits, Tensor labels) {
        return logits.argmax(1, false).eq(labels).to(DType.FLOAT32).mean().item();
    }

    /** n points per class on two interleaved spirals with a little noise: features [2n, 2], labels [2n]. */
    static Tensor[] spirals(Device dev, int n, Generator gen) {
        float[] noise = Tensor.normal(gen, 0, 0.1, Shape.of(2 * n, 2), DType.FLOAT32, Device.of("reference"))
                .toFloatArray();
        float[] x = new float[4 * n];
        int[] y = new int[2 * n];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < n; i++) {
                double t = 0.25 + 3.0 * Math.PI * i / n;
                double sign = c == 0 ? 1 : -1;
                int row = c * n + i;
                x[2 * row] = (float) (sign * t * Math.cos(t) / (3 * Math.PI)) + noise[2 * row];
                x[2 * row + 1] = (float) (sign * t * Math.sin(t) / (3 * Math.PI)) + noise[2 * row + 1];
                y[row] = c;
            }
        }
        return new Tensor[]{Tensor.of(dev, x, 2 * n, 2), Tensor.of(dev, y, 2 * n)};
    }
}
