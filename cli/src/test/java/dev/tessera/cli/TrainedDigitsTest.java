package dev.tessera.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests share one small model trained on the digits ({@link TrainedDigits}) in its folder. */
abstract class TrainedDigitsTest {
    /** The test class's folder; the training run is its {@code run} folder. */
    @TempDir
    static Path root;
    /** The run trained before the class's tests. */
    static TrainedDigits run;

    @BeforeAll
    static void train() throws Exception {
        run = TrainedDigits.train(root);
    }
}
