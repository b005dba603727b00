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
 *
 * @param source       where the model is loaded from
 * @param featureIndex the index of the feature column in a row
 * @param featureName  its name, for error messages
 * @param device       the device to predict on (see {@link TaskDevices#open})
 */
record PredictPartition(ModelSource source, int featureIndex, String featureName, String device)
        implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    static final int CHUNK = 256;

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
        FeatureRows xs = new FeatureRows(featureName, "BatchPredictor: ");
        for (Row row : chunk) {
            xs.add(Columns.features(row, featureIndex, featureName));
        }
        float[] p;
        int classes;
        try (Scope s = Scope.open()) {
            Tensor probs = model.probabilities(Tensor.of(d, xs.flat(), xs.size(), xs.features()));
            classes = probs.size(1);
            p = probs.toFloatArray();
        }
        for (int i = 0; i < xs.size(); i++) {
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
