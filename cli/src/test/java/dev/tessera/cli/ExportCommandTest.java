package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tessera export --format onnx}: ONNX Runtime, fed raw features, gives the probabilities {@code tessera
 * predict} writes (the normalizer is inside the exported model), for an MLP and for a CNN taking images.
 */
class ExportCommandTest extends TrainedDigitsTest {
    @Test
    void onnxRuntimeOnRawFeaturesAgreesWithPredict() throws Exception {
        CliRun export = CliRun.ok("export", "--model", run.dir().toString(), "--format", "onnx");
        assertTrue(export.out().contains("(z-score normalizer included)"), export::toString);
        try (OrtSession session = agreesWithPredict(run, new long[]{run.size(), TrainedDigits.FEATURES})) {
            assertEquals("{\n  \"0\": \"0\",\n  \"1\": \"1\",\n  \"2\": \"2\",\n  \"3\": \"3\",\n  \"4\": \"4\",\n"
                            + "  \"5\": \"5\",\n  \"6\": \"6\",\n  \"7\": \"7\",\n  \"8\": \"8\",\n  \"9\": \"9\"\n}\n",
                    session.getMetadata().getCustomMetadata().get("tessera.labels"));
        }
    }

    @Test
    void aCnnExportsAsImagesAndAgreesWithPredict() throws Exception {
        Path dir = root.resolve("cnn");
        CliRun train = CliRun.ok("train", "--model", "cnn:4:fc=8", "--epochs", "1", "--batch-size", "32",
                "--device", "cpu", "--out", dir.toString());
        TrainedDigits cnn = new TrainedDigits(dir, train, run.features(), run.labels());
        CliRun export = CliRun.ok("export", "--model", dir.toString());
        assertTrue(export.out().contains("input 'input' [N, 1, 8, 8] raw features"), export::toString);
        agreesWithPredict(cnn, new long[]{cnn.size(), 1, 8, 8}).close();
    }

    /**
     * Runs the exported {@code model.onnx} of {@code trained} on its raw features shaped {@code shape} and asserts
     * that the softmax of the logits is what {@code tessera predict} writes (1e-5); returns the open session.
     */
    private static OrtSession agreesWithPredict(TrainedDigits trained, long[] shape) throws Exception {
        Path preds = root.resolve(trained.dir().getFileName() + "-preds.csv");
        CliRun predict = CliRun.ok("predict", "--model", trained.dir().toString(), "--input",
                trained.csv(root.resolve(trained.dir().getFileName() + "-x.csv"), null, null).toString(), "--output",
                preds.toString());
        List<String> lines = Files.readAllLines(preds);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = env.createSession(trained.dir().resolve("model.onnx").toString(),
                new OrtSession.SessionOptions());
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(trained.features()), shape);
             OrtSession.Result result = session.run(Map.of("input", in))) {
            float[][] logits = (float[][]) result.get("output").orElseThrow().getValue();
            for (int i = 0; i < trained.size(); i++) {
                String[] f = lines.get(i + 1).split(",");
                double max = Double.NEGATIVE_INFINITY;
                for (float v : logits[i]) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (float v : logits[i]) {
                    sum += Math.exp(v - max);
                }
                for (int k = 0; k < 10; k++) {
                    double p = Math.exp(logits[i][k] - max) / sum;
                    assertEquals(Double.parseDouble(f[1 + k]), p, 1e-5, "example " + i + " class " + k);
                }
            }
        }
        return session;
    }

    @Test
    void anUnknownFormatIsRefused() {
        CliRun bad = CliRun.of("export", "--model", run.dir().toString(), "--format", "tflite");
        assertEquals(List.of("tessera export: --format: unknown format 'tflite' (expected onnx)"), bad.errLines());
    }
}
