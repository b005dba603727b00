package dev.tessera.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bad inputs: each a one-line error naming what was expected. */
class BadInputTest {
    private static final MlpRecipe RECIPE = new MlpRecipe(4, 4, 2, 0.1, false, 1);

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void anUnreachableMasterIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int closed = port;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkSessions.open("spark://127.0.0.1:" + closed, "bad"));
        assertTrue(e.getMessage().startsWith("Spark master 'spark://127.0.0.1:" + closed + "' cannot be reached at "
                + "127.0.0.1:" + closed), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected a running standalone master there"), e.getMessage());
        assertOneLine(e.getMessage());
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> SparkSessions.open("spark://nohostport", "bad"));
        assertTrue(malformed.getMessage().contains("expected spark://HOST:PORT"), malformed.getMessage());
    }

    @Test
    void aMissingOrWronglyTypedColumnIsNamed() {
        Dataset<Row> data = LocalSpark.blobs(20, 4, 2, 2, 1);
        DataParallelConfig config = DataParallelConfig.builder().steps(1).batchSize(2).build();
        IllegalArgumentException noLabel = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.fit(data.drop("label"), RECIPE, config));
        assertEquals("SparkTrainer: the DataFrame has no column 'label' (columns: features); expected int or bigint "
                + "class labels", noLabel.getMessage());
        IllegalArgumentException doubleLabel = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.fit(data.withColumn("label", functions.col("label").cast("double")), RECIPE,
                        config));
        assertEquals("SparkTrainer: column 'label' is double, expected int or bigint class labels",
                doubleLabel.getMessage());
        IllegalArgumentException textFeatures = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.fit(data.withColumn("features", functions.lit("x")), RECIPE, config));
        assertEquals("SparkTrainer: column 'features' is string, expected array<float> or array<double> of features",
                textFeatures.getMessage());
    }

    /** More workers than partitions, and a shard smaller than one batch (20 rows in 2 partitions). */
    static Stream<Arguments> partitionsThatCannotFeedTheWorkers() {
        return Stream.of(Arguments.of(3, 2, "SparkTrainer: 3 workers but the DataFrame has 2 partitions; expected at "
                        + "least one partition per worker (repartition it, or use fewer workers)"),
                Arguments.of(2, 16, "SparkTrainer: worker 0's shard has 10 rows, fewer than one batch of 16; "
                        + "expected at least batchSize rows per worker"));
    }

    @ParameterizedTest
    @MethodSource("partitionsThatCannotFeedTheWorkers")
    void partitionsThatCannotFeedTheWorkersAreNamed(int workers, int batchSize, String expected) {
        Dataset<Row> data = LocalSpark.blobs(20, 4, 2, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.fit(data,
                RECIPE, DataParallelConfig.builder().workers(workers).steps(1).batchSize(batchSize).build()));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void anExecutorWithoutTheRequestedDeviceFailsTheRunNamingIt() {
        Dataset<Row> data = LocalSpark.blobs(20, 4, 2, 2, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SparkTrainer.fit(data, RECIPE,
                DataParallelConfig.builder().workers(2).steps(1).batchSize(2).maxAttempts(1).device("gpu").build()));
        assertTrue(e.getMessage().startsWith("SparkTrainer: steps 0..1 failed 1 times; last error: "), e.getMessage());
        assertTrue(e.getMessage().contains("device 'gpu' requested but Spark assigned no GPU to the task"),
                e.getMessage());
        assertOneLine(e.getMessage());
    }
}
