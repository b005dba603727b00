package dev.tessera.spark;

import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference over a DataFrame: each partition loads the model once on its executor's device and appends two
 * columns to every row, the predicted class ({@value #PREDICTION}, int: the argmax of the probabilities, the first
 * on ties) and the class probabilities ({@value #PROBABILITIES}, array&lt;double&gt;: the softmax of the logits).
 */
public final class BatchPredictor {
    /** The predicted class column. */
    public static final String PREDICTION = "prediction";
    /** The class probabilities column. */
    public static final String PROBABILITIES = "probabilities";
    private static final String WHO = "BatchPredictor";

    private BatchPredictor() {
    }

    /**
     * {@code data} with the prediction columns, predicted on each executor's {@code device} ({@code auto} for its
     * best device, {@code gpu} for the GPU Spark assigned the task, or a spec). Lazy, like any transformation.
     *
     * @throws IllegalArgumentException one line when the feature column is missing or not an array of numbers, or
     *                                  when the output columns already exist
     */
    public static Dataset<Row> predict(Dataset<Row> data, ModelSource model, String featuresCol, String device) {
        StructType schema = data.schema();
        int featureIndex = Columns.featureIndex(WHO, schema, featuresCol);
        for (String c : new String[]{PREDICTION, PROBABILITIES}) {
            if (Arrays.asList(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException(WHO + ": the DataFrame already has a column '" + c
                        + "'; expected the output columns " + PREDICTION + " and " + PROBABILITIES + " to be free");
            }
        }
        StructType out = schema.add(PREDICTION, DataTypes.IntegerType, false)
                .add(PROBABILITIES, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        JavaRDD<Row> rows = data.javaRDD().mapPartitions(new PredictPartition(model, featureIndex, featuresCol,
                device));
        return SparkSession.active().createDataFrame(rows, out);
    }
}
