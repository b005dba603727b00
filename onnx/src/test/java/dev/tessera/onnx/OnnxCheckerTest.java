package dev.tessera.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Activation;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.nn.AdaptiveAvgPool2d;
import dev.tessera.nn.AvgPool2d;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.BatchNorm2d;
import dev.tessera.nn.Conv1d;
import dev.tessera.nn.Conv2d;
import dev.tessera.nn.ConvSpec;
import dev.tessera.nn.ConvTranspose2d;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Embedding;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.GRU;
import dev.tessera.nn.GroupNorm;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.LayerNorm;
import dev.tessera.nn.Linear;
import dev.tessera.nn.MaxPool2d;
import dev.tessera.nn.MultiheadAttention;
import dev.tessera.nn.PReLU;
import dev.tessera.nn.RNN;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.RecurrentOptions;
import dev.tessera.nn.Residual;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.Softmax;
import dev.tessera.nn.Swish;
import dev.tessera.nn.TensorOptions;
import dev.tessera.nn.TransformerEncoderLayer;
import dev.tessera.nn.UnaryActivation;
import dev.tessera.nn.Unflatten;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX reference checker (scripts/check_onnx.py, full check with shape inference) accepts exports holding
 * every node kind the exporter writes: an MLP of every activation, a CNN of every convolution, pooling and
 * normalization layer, and sequence models with INT32 input, every recurrent kind and (causal) attention. Skipped, saying why, when Debian's python3 has no onnx package.
 */
class OnnxCheckerTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("..", "scripts", "check_onnx.py").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theOnnxCheckerAcceptsEveryNodeKind() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON) && run(PYTHON.toString(), "-c", "import onnx") == 0,
                "skipped: " + PYTHON + " cannot import onnx (on Debian: apt-get install python3-onnx)");
        TensorOptions o = new TensorOptions(Device.defaultDevice(), DType.FLOAT32, new Generator(1));
        Sequential net = new Sequential(new Flatten(), Residual.projected(new Sequential(new Linear(6, 8, true, o),
                new BatchNorm1d(8, 1e-5, 0.1, false, true, o), new PReLU(8, 0.25, o), new Dropout(0.1, new Generator(2))),
                6, 8, o), new Swish(1.0, true, o));
        for (Activation a : OnnxExporterTest.everyActivationFunction().toList()) {
            net.add(new UnaryActivation(a));
        }
        net.add(new Linear(8, 3, true, o)).add(new Softmax(-1));
        Path file = dir.resolve("all.onnx");
        OnnxExporter.write(OnnxExporter.toModel(net, new InputScaling(new float[6], new float[6]), Map.of("k", "v"),
                2, 3), file);
        Path images = dir.resolve("images.onnx");
        OnnxExporter.write(images(o), images, 1, 12, 12);
        Path sequences = dir.resolve("sequences.onnx");
        OnnxExporter.write(OnnxExporter.toModel(sequences(o), null, Map.of(), true, 5), sequences);
        Path timeFirst = dir.resolve("time-first.onnx");
        OnnxExporter.write(new Sequential(new GRU(RecurrentOptions.of(4, 6).options(o)),
                new MultiheadAttention(6, 2, 0.0, true, false, o)), timeFirst, 3, 4);
        String out = check(file, images, sequences, timeFirst);
        for (Path f : List.of(file, images, sequences, timeFirst)) {
            assertTrue(out.contains("ok " + f + ": ir_version 8, opset 17,"), out);
        }
    }

    /** Every convolution, pooling and normalization node kind, on {@code [N, 1, 12, 12]}. */
    private static Sequential images(TensorOptions o) {
        return new Sequential(new Conv2d(ConvSpec.builder(1, 4, 3).paddingSame().options(o)),
                new BatchNorm2d(4, 1e-5, 0.1, true, true, o), new GroupNorm(2, 4, 1e-5, true, o), new ReLU(),
                new MaxPool2d(new int[]{3}, new int[]{2}, new int[]{1}, new int[]{1}),
                new ConvTranspose2d(ConvSpec.builder(4, 4, 3).stride(2).padding(1).outputPadding(1).groups(2)
                        .options(o)),
                new AvgPool2d(new int[]{3}, new int[]{2}, new int[]{1}, false), new AdaptiveAvgPool2d(3, 2),
                new Flatten(2, 3), new Conv1d(ConvSpec.builder(4, 4, 3).padding(1).options(o)),
                new Unflatten(2, 2, 3), new AdaptiveAvgPool2d(1), new Flatten(), new LayerNorm(4));
    }

    /** An embedding, every recurrent kind and a causal encoder layer, on INT32 {@code [N, 5]}. */
    private static Sequential sequences(TensorOptions o) {
        RecurrentOptions lstm = RecurrentOptions.of(6, 4).numLayers(2).bidirectional(true).batchFirst(true).options(o);
        return new Sequential(new Embedding(10, 6, 0, o), new LSTM(lstm),
                new GRU(RecurrentOptions.of(8, 6).batchFirst(true).options(o)),
                new RNN(RecurrentOptions.of(6, 8).batchFirst(true).relu(true).bias(false).options(o)),
                new TransformerEncoderLayer(8, 2, 16, 0.1, true, 1e-5, true, false, o), new Linear(8, 10, true, o));
    }

    private static String check(Path... files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
