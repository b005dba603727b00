package dev.tessera.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CSV data {@code x,y,label} of three well separated classes named a, b and c (class {@code k} near
 * {@code (10k, -10k)}), and the softmax regression {@code tessera train} fits to it perfectly.
 */
final class AbcData {
    private AbcData() {
    }

    /** Writes the training data: 60 rows, the classes in turn, each a little off its centre. */
    static Path training(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 60; i++) {
            int k = i % 3;
            sb.append(k * 10 + (i % 7) * 0.1).append(',').append(-k * 10 + (i % 5) * 0.1).append(',')
                    .append("abc".charAt(k)).append('\n');
        }
        return Files.writeString(file, sb);
    }

    /** Writes {@code rows} rows exactly at the centres of {@code classes} (0 for a, 1 for b, 2 for c) in turn. */
    static Path centres(Path file, int rows, int... classes) throws IOException {
        StringBuilder sb = new StringBuilder("x,y,label\n");
        for (int i = 0; i < rows; i++) {
            int k = classes[i % classes.length];
            sb.append(k * 10).append(',').append(-k * 10).append(',').append("abc".charAt(k)).append('\n');
        }
        return Files.writeString(file, sb);
    }

    /** Trains softmax regression on {@code data} into {@code run} (20 epochs at lr 0.1 on the CPU); it must succeed. */
    static CliRun train(Path data, Path run) {
        return CliRun.ok("train", "--dataset", "csv:" + data, "--model", "mlp:", "--lr", "0.1", "--epochs", "20",
                "--device", "cpu", "--out", run.toString());
    }
}
