package dev.tessera.spark;

import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Checks and reads the feature and label columns of a DataFrame. */
final class Columns {
    private Columns() {
    }

    /**
     * Checks {@code name} is an array of float or double.
     *
     * @throws IllegalArgumentException one line naming the column, what it is and what was expected
     */
    static int featureIndex(String who, StructType schema, String name) {
        StructField f = field(who, schema, name, "array<float> or array<double> of features");
        DataType t = f.dataType();
        if (!(t instanceof ArrayType a) || !(a.elementType().equals(DataTypes.FloatType)
                || a.elementType().equals(DataTypes.DoubleType))) {
            throw new IllegalArgumentException(who + ": column '" + name + "' is " + t.simpleString()
                    + ", expected array<float> or array<double> of features");
        }
        return schema.fieldIndex(name);
    }

    /**
     * Checks {@code name} is an int or long class label.
     *
     * @throws IllegalArgumentException one line naming the column, what it is and what was expected
     */
    static int labelIndex(String who, StructType schema, String name) {
        StructField f = field(who, schema, name, "int or bigint class labels");
        DataType t = f.dataType();
        if (!t.equals(DataTypes.IntegerType) && !t.equals(DataTypes.LongType)) {
            throw new IllegalArgumentException(who + ": column '" + name + "' is " + t.simpleString()
                    + ", expected int or bigint class labels");
        }
        return schema.fieldIndex(name);
    }

    private static StructField field(String who, StructType schema, String name, String expected) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException(who + ": the DataFrame has no column '" + name + "' (columns: "
                    + String.join(", ", schema.fieldNames()) + "); expected " + expected);
        }
        return schema.apply(name);
    }

    /**
     * The features of {@code row} at {@code index} as floats.
     *
     * @throws IllegalArgumentException when the value is null
     */
    static float[] features(Row row, int index, String name) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException("column '" + name + "' holds a null in row " + row);
        }
        java.util.List<Object> values = row.getList(index);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(i);
            if (v == null) {
                throw new IllegalArgumentException("column '" + name + "' holds a null element at " + i);
            }
            out[i] = ((Number) v).floatValue();
        }
        return out;
    }

    /** The label of {@code row} at {@code index}. */
    static int label(Row row, int index, String name) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException("column '" + name + "' holds a null label");
        }
        long v = ((Number) row.get(index)).longValue();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("column '" + name + "' holds the label " + v
                    + ", expected a class index >= 0");
        }
        return (int) v;
    }
}
