package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.data.Batch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch round trip: scripts/torch_predict.py rebuilds a Tessera-trained model with torch.nn modules, loads
 * model.safetensors with {@code load_state_dict(strict=True)}, applies normalizer.safetensors and labels.json, and
 * predicts what {@code tessera predict} predicts. Skipped, saying why, when Debian's python3 with torch is missing.
 */
class TorchInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("..", "scripts", "torch_predict.py").toAbsolutePath().normalize();

    @TempDir
    static Path root;
    private static Path features;

    @BeforeAll
    static void requireTorch() throws Exception {
        boolean torch = Files.isExecutable(PYTHON)
                && python("-c", "import torch, numpy").exitValue() == 0;
        Assumptions.assumeTrue(torch, "skipped: " + PYTHON + " cannot import torch and numpy (on Debian: apt-get "
                + "install python3-torch python3-numpy)");
        assertTrue(Files.isRegularFile(SCRIPT), SCRIPT + " is missing");
        Batch test = DataTensors.all(DataSpec.parse("digits").load().test(), DType.FLOAT32, Device.cpu());
        float[] x = test.features().toFloatArray();
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 64; j++) {
            sb.append(j > 0 ? "," : "").append('f').append(j);
        }
        sb.append('\n');
        for (int i = 0; i < x.length / 64; i++) {
            for (int j = 0; j < 64; j++) {
                sb.append(j > 0 ? "," : "").append(String.format(Locale.ROOT, "%s", x[i * 64 + j]));
            }
            sb.append('\n');
        }
        features = Files.writeString(root.resolve("x.csv"), sb);
    }

    private static Process python(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = PYTHON.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
        if (p.exitValue() != 0 && args.length > 0 && !args[0].equals("-c")) {
            throw new AssertionError("python failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Path train(String name, String... options) {
        Path dir = root.resolve(name);
        String[] fixed = {"train", "--epochs", "2", "--device", "cpu", "--out", dir.toString(), "--seed", "5"};
        String[] args = new String[fixed.length + options.length];
        System.arraycopy(fixed, 0, args, 0, fixed.length);
        System.arraycopy(options, 0, args, fixed.length, options.length);
        CliRun train = CliRun.ok(args);
        return dir;
    }

    /** Asserts the script's predictions for {@code run} equal tessera predict's. */
    private static void assertSamePredictions(Path run) throws Exception {
        CliRun tessera = CliRun.ok("predict", "--model", run.toString(), "--input", features.toString());
        Path torchOut = root.resolve(run.getFileName() + "-torch.csv");
        python(SCRIPT.toString(), run.toString(), features.toString(), torchOut.toString());
        List<String> expected = tessera.out().lines().toList();
        List<String> actual = Files.readAllLines(torchOut);
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.get(0), actual.get(0), "header");
        for (int i = 1; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",");
            String[] a = actual.get(i).split(",");
            assertEquals(e[0], a[0], "class of example " + i);
            for (int k = 1; k < e.length; k++) {
                assertEquals(Double.parseDouble(e[k]), Double.parseDouble(a[k]), 1e-5, "example " + i + " " + k);
            }
        }
    }

    @Test
    void residualBatchNormPReLUAndDropoutModelPredictsTheSameInPyTorch() throws Exception {
        assertSamePredictions(train("prelu", "--model", "mlp:16,16", "--activation", "prelu", "--batchnorm",
                "--residual", "--dropout", "0.1"));
    }

    @Test
    void learnableSwishWithMinMaxNormalizerPredictsTheSameInPyTorch() throws Exception {
        assertSamePredictions(train("swish", "--model", "mlp:12", "--activation", "swish", "--normalize",
                "min-max-symmetric"));
    }

    @Test
    void convolutionalModelWithBatchNormAndPReLUPredictsTheSameInPyTorch() throws Exception {
        assertSamePredictions(train("cnn", "--model", "cnn:4,6:fc=8", "--activation", "prelu", "--batchnorm",
                "--dropout", "0.1"));
    }

    @Test
    void anOldRunWithTheNormalizerInsideTheWeightsFileLoadsToo() throws Exception {
        Path run = train("legacy", "--model", "mlp:8", "--activation", "gelu-tanh");
        LegacyLayout.moveNormalizerIntoWeights(run);
        assertSamePredictions(run);
    }
}
