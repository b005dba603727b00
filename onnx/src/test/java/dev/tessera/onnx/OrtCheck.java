package dev.tessera.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.Module;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Runs a module's ONNX export in ONNX Runtime and compares it with the module's own forward pass in evaluation mode,
 * element by element: {@code |onnx - tessera| <= TOLERANCE * max(|tessera|, 1)} in FLOAT32 (relative for values of
 * magnitude 1 or more, absolute below, where float rounding of a sum is not proportional to the result).
 */
final class OrtCheck {
    /** The agreement required. */
    static final double TOLERANCE = 1e-5;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private OrtCheck() {
    }

    /** Standard normal FLOAT32 input {@code dims} on the default device from a generator seeded with {@code seed}. */
    static Tensor input(long seed, int... dims) {
        return Tensor.normal(new Generator(seed), 0, 1, Shape.of(dims), DType.FLOAT32, Device.defaultDevice());
    }

    /** Overwrites the parameter or buffer {@code t} with standard normal values seeded with {@code seed}. */
    static void randomize(Tensor t, long seed) {
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            t.assign(input(seed, t.shape().dims()));
        }
    }

    /**
     * Exports {@code module} for inputs shaped like {@code x} (axis 0 the batch), runs both, and asserts they agree.
     * Returns the ONNX output. The module's mode is restored.
     */
    static float[] assertAgrees(Module module, Tensor x) throws OrtException {
        int[] dims = x.shape().dims();
        return assertAgrees(module, x, OnnxExporter.toBytes(module, Arrays.copyOfRange(dims, 1, dims.length)),
                module::forward);
    }

    /**
     * Runs the serialized {@code model} and {@code forward} (the computation it was exported from, called with the
     * module in evaluation mode, without gradients) on {@code x}, and asserts they agree. Returns the ONNX output.
     */
    static float[] assertAgrees(Module module, Tensor x, byte[] model, UnaryOperator<Tensor> forward)
            throws OrtException {
        float[] expected;
        int[] expectedDims;
        boolean wasTraining = module.isTraining();
        module.eval();
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            Tensor y = forward.apply(x);
            expected = y.toFloatArray();
            expectedDims = y.shape().dims();
        } finally {
            module.train(wasTraining);
        }
        float[] actual = run(model, x, Arrays.stream(expectedDims).asLongStream().toArray());
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= TOLERANCE * Math.max(Math.abs(expected[i]), 1))) {
                fail(module.getClass().getSimpleName() + ": element " + i + " is " + actual[i]
                        + " in ONNX Runtime but " + expected[i] + " in Tessera (error " + err + ")\n" + module);
            }
        }
        return actual;
    }

    /** The output of the serialized ONNX {@code model} in ONNX Runtime for input {@code x} (FLOAT32 or INT32). */
    static float[] run(byte[] model, Tensor x) throws OrtException {
        return run(model, x, null);
    }

    private static float[] run(byte[] model, Tensor x, long[] expectedShape) throws OrtException {
        long[] shape = Arrays.stream(x.shape().dims()).asLongStream().toArray();
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor in = x.dtype() == DType.INT32
                     ? OnnxTensor.createTensor(ENV, IntBuffer.wrap(x.toIntArray()), shape)
                     : OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x.toFloatArray()), shape);
             OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, in))) {
            OnnxTensor out = (OnnxTensor) result.get(OnnxExporter.OUTPUT).orElseThrow();
            if (expectedShape != null) {
                assertArrayEquals(expectedShape, out.getInfo().getShape(), "output shape");
            }
            FloatBuffer buffer = out.getFloatBuffer();
            float[] actual = new float[buffer.remaining()];
            buffer.get(actual);
            return actual;
        }
    }
}
