package dev.tessera.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * Packs the rows of one partition into one {@link Shard} (all rows must have the same number of features).
 *
 * @param featureIndex the index of the feature column in a row
 * @param labelIndex   the index of the label column
 * @param featureName  the feature column's name, for error messages
 * @param labelName    the label column's name, for error messages
 */
record ShardBuilder(int featureIndex, int labelIndex, String featureName, String labelName)
        implements FlatMapFunction<Iterator<Row>, Shard>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Shard> call(Iterator<Row> rows) {
        FeatureRows xs = new FeatureRows(featureName, "");
        List<Integer> ys = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            xs.add(Columns.features(r, featureIndex, featureName));
            ys.add(Columns.label(r, labelIndex, labelName));
        }
        int[] labels = ys.stream().mapToInt(Integer::intValue).toArray();
        return List.of(new Shard(xs.flat(), labels, xs.features())).iterator();
    }
}
