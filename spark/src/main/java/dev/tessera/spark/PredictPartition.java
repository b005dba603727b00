package dev.tessera.spark;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Predicts one partition: loads the model once, then appends to every row its predicted class and class
 * probabilities, {@value #CHUNK} rows per forward pass.
 */
final class PredictPartition implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    static final int CHUNK = 256;
    private final ModelSource source;
    private final int featureIndex;
    private final String featureName;
    private final String device;

    PredictPartition(ModelSource source, int featureIndex, String featureName, String device) {
        this.source = source;
        this.featureIndex = featureIndex;
        this.featureName = featureName;
        this.device = device;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        Device d = TaskDevices.open(device);
        List<Row> out = new ArrayList<>();
        try (LoadedModel model = source.load(d)) {
            List<Row> chunk = new ArrayList<>(CHUNK);
            while (rows.hasNext()) {
                chunk.add(rows.next());
                if (chunk.size() == CHUNK || !rows.hasNext()) {
                    predict(model, d, chunk, out);
                    chunk.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BatchPredictor: cannot load the model: " + e.getMessage(), e);
        }
        return out.iterator();
    }

    private void predict(LoadedModel model, Device d, List<Row> chunk, List<Row> out) {
        int features = -1;
        float[][] xs = new float[chunk.size()][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Columns.features(chunk.get(i), featureIndex, featureName);
            if (features >= 0 && xs[i].length != features) {
                throw new IllegalArgumentException("BatchPredictor: column '" + featureName + "': rows have "
                        + features + " and " + xs[i].length + " features; every row needs the same number");
            }
            features = xs[i].length;
        }
        float[] flat = new float[xs.length * features];
        for (int i = 0; i < xs.length; i++) {
            System.arraycopy(xs[i], 0, flat, i * features, features);
        }
        float[] p;
        int classes;
        try (Scope s = Scope.open()) {
            Tensor probs = model.probabilities(Tensor.of(d, flat, xs.length, features));
            classes = probs.size(1);
            p = probs.toFloatArray();
        }
        for (int i = 0; i < xs.length; i++) {
            double[] row = new double[classes];
            int best = 0;
            for (int c = 0; c < classes; c++) {
                row[c] = p[i * classes + c];
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            Row in = chunk.get(i);
            Object[] values = new Object[in.length() + 2];
            for (int k = 0; k < in.length(); k++) {
                values[k] = in.get(k);
            }
            values[in.length()] = best;
            values[in.length() + 1] = row;
            out.add(RowFactory.create(values));
        }
    }
}
