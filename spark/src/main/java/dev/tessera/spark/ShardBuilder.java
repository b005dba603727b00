package dev.tessera.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/** Packs the rows of one partition into one {@link Shard} (all rows must have the same number of features). */
final class ShardBuilder implements FlatMapFunction<Iterator<Row>, Shard>, Serializable {
    private static final long serialVersionUID = 1L;
    private final int featureIndex;
    private final int labelIndex;
    private final String featureName;
    private final String labelName;

    ShardBuilder(int featureIndex, int labelIndex, String featureName, String labelName) {
        this.featureIndex = featureIndex;
        this.labelIndex = labelIndex;
        this.featureName = featureName;
        this.labelName = labelName;
    }

    @Override
    public Iterator<Shard> call(Iterator<Row> rows) {
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        int features = -1;
        while (rows.hasNext()) {
            Row r = rows.next();
            float[] x = Columns.features(r, featureIndex, featureName);
            if (features >= 0 && x.length != features) {
                throw new IllegalArgumentException("column '" + featureName + "': rows have " + features + " and "
                        + x.length + " features; every row needs the same number");
            }
            features = x.length;
            xs.add(x);
            ys.add(Columns.label(r, labelIndex, labelName));
        }
        int f = Math.max(features, 0);
        float[] flat = new float[xs.size() * f];
        int[] labels = new int[ys.size()];
        for (int i = 0; i < xs.size(); i++) {
            System.arraycopy(xs.get(i), 0, flat, i * f, f);
            labels[i] = ys.get(i);
        }
        return List.of(new Shard(flat, labels, f)).iterator();
    }
}
