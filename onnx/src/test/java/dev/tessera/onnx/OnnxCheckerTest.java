package dev.tessera.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Activation;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.Linear;
import dev.tessera.nn.PReLU;
import dev.tessera.nn.Residual;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.Softmax;
import dev.tessera.nn.Swish;
import dev.tessera.nn.TensorOptions;
import dev.tessera.nn.UnaryActivation;
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
 * The ONNX reference checker (scripts/check_onnx.py, full check with shape inference) accepts an export holding
 * every node kind the exporter writes. Skipped, saying why, when Debian's python3 has no onnx package.
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
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("ok " + file + ": ir_version 8, opset 17,"), out);
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
