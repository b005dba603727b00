package dev.tessera.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.data.Normalizer;
import dev.tessera.io.Safetensors;
import dev.tessera.nn.Module;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch inference over a DataFrame on local[2] with a model saved as the CLI saves one. */
class BatchPredictorTest {
    private static final MlpRecipe RECIPE = new MlpRecipe(5, 8, 3, 0.1, false, 21);

    @BeforeAll
    static void deterministic() {
        Tessera.setDeterministic(true);
    }

    @Test
    void eachRowGetsTheLocalModelsPredictionAndProbabilities(@TempDir Path dir) throws Exception {
        Dataset<Row> data = LocalSpark.blobs(100, 5, 3, 3, 8);
        List<Row> rows = data.collectAsList();
        float[] x = new float[rows.size() * 5];
        for (int i = 0; i < rows.size(); i++) {
            List<Object> f = rows.get(i).getList(0);
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = (Float) f.get(j);
            }
        }
        Device cpu = Device.cpu();
        Path file = dir.resolve("model.safetensors");
        float[] expected;
        try (Scope s = Scope.open(); Module model = RECIPE.model(cpu)) {
            Tensor xs = Tensor.of(cpu, x, rows.size(), 5);
            Normalizer norm = Normalizer.fit(Normalizer.Kind.Z_SCORE, xs);
            Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
            tensors.putAll(norm.state(SavedModel.NORMALIZER_PREFIX, cpu));
            Safetensors.write(file, tensors, norm.metadata(SavedModel.NORMALIZER_PREFIX));
            model.eval();
            expected = model.forward(norm.transform(xs)).softmax(1).toFloatArray();
        }
        Dataset<Row> out = BatchPredictor.predict(data, SavedModel.read(file, RECIPE::model), "features", "cpu");
        assertEquals(List.of("features", "label", BatchPredictor.PREDICTION, BatchPredictor.PROBABILITIES),
                List.of(out.schema().fieldNames()));
        List<Row> got = out.collectAsList();
        assertEquals(rows.size(), got.size());
        int different = 0;
        for (int i = 0; i < got.size(); i++) {
            Row r = got.get(i);
            assertEquals(rows.get(i).getInt(1), r.getInt(1), "the input columns pass through");
            List<Object> p = r.getList(3);
            int best = 0;
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[i * 3 + c], (Double) p.get(c), 1e-6, "row " + i + " class " + c);
                best = expected[i * 3 + c] > expected[i * 3 + best] ? c : best;
            }
            assertEquals(best, r.getInt(2), "row " + i);
            different += best == 0 ? 0 : 1;
        }
        assertTrue(different > 0, "the model does not predict one class only");
    }

    @Test
    void aMissingOrWronglyTypedFeatureColumnIsAOneLineError() {
        Dataset<Row> data = LocalSpark.blobs(10, 5, 3, 1, 9);
        ModelSource none = device -> {
            throw new AssertionError("not loaded");
        };
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> BatchPredictor.predict(data, none, "pixels", "cpu"));
        assertEquals("BatchPredictor: the DataFrame has no column 'pixels' (columns: features, label); expected "
                + "array<float> or array<double> of features", missing.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> BatchPredictor.predict(data, none, "label", "cpu"));
        assertEquals("BatchPredictor: column 'label' is int, expected array<float> or array<double> of features",
                wrong.getMessage());
    }
}
