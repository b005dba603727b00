package dev.tessera.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --spark MASTER} and {@code --workers N}: run a command's training on Apache Spark. */
final class SparkOptions {
    @Option(names = "--spark", paramLabel = "MASTER",
            description = "run on Apache Spark: local[N], spark://HOST:PORT, yarn, ... (needs Spark on the class path:"
                    + " set SPARK_HOME or use spark-submit)")
    String master;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "with --spark: data-parallel workers of train (--batch-size is the global batch, split "
                    + "among them), trials at once of search (default: ${DEFAULT-VALUE})")
    int workers = 2;

    @Option(names = "--executor-device", paramLabel = "DEV",
            description = "with --spark: the executors' device: auto, cpu, cuda:N, or gpu for the GPU Spark assigned "
                    + "each task (default: the --device of the driver)")
    String executorDevice;

    /** Whether {@code --spark} was given. */
    boolean enabled() {
        return master != null;
    }

    /**
     * Checks Spark's classes can be loaded, before any of the classes that use them is.
     *
     * @throws IllegalStateException one line saying how to put Spark on the class path
     */
    void checkSparkPresent() {
        Checks.atLeast("--workers", workers, 1);
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkOptions.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("--spark " + master + ": Apache Spark 4.x (Scala 2.13) is not on the class"
                    + " path; set SPARK_HOME (./tessera then adds $SPARK_HOME/jars) or run through spark-submit");
        }
    }

    /**
     * Checks the options the distributed trainer supports.
     *
     * @throws IllegalArgumentException naming the option that does not combine with --spark
     */
    void checkTrainOptions(TrainOptions o) {
        if (!(ModelSpec.parse(o.model) instanceof MlpSpec)) {
            throw new IllegalArgumentException("--spark: the data-parallel trainer takes rows of flat features and "
                    + "trains mlp models; --model " + o.model + " is not one");
        }
        if (o.batchSize % workers != 0) {
            throw new IllegalArgumentException("--spark: --batch-size " + o.batchSize + " is the global batch and must"
                    + " be a multiple of --workers " + workers);
        }
        String schedule = o.schedule.trim().toLowerCase(Locale.ROOT);
        if (schedule.equals("plateau") || schedule.equals("newbob")) {
            throw new IllegalArgumentException("--spark: --schedule " + o.schedule + " reacts to the validation loss, "
                    + "which the distributed trainer does not measure; use a step-based schedule");
        }
        for (String[] unsupported : new String[][]{{"--early-stopping", Boolean.toString(o.earlyStopping > 0)},
            {"--accumulate", Boolean.toString(o.accumulate > 1)}, {"--clip-norm", Boolean.toString(o.clipNorm != null)},
            {"--batchnorm", Boolean.toString(o.batchnorm)}, {"--dropout", Boolean.toString(o.dropout > 0)}}) {
            if (Boolean.parseBoolean(unsupported[1])) {
                throw new IllegalArgumentException("--spark: " + unsupported[0] + " is not supported by the "
                        + "data-parallel trainer (it averages gradients only)");
            }
        }
    }
}
