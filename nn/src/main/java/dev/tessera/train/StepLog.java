package dev.tessera.train;

import dev.tessera.nn.Require;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one JSON object per optimizer step to a file (JSON lines), e.g.
 * {@code {"step":12,"epoch":1,"loss":0.4183,"lr":0.001,"grad_norm":1.93,"samples":64,"samples_per_second":5120.4}}.
 * Non-finite values are written as {@code null}.
 *
 * <p>Cost: the losses are read by the trainer in one read per sync (see {@link TrainerConfig.Builder#listenerSync}),
 * and the learning rate and throughput are host values, so logging them adds no wait per step. The gradient norm is a reduction over every gradient plus a wait for
 * the device, so it is computed only every {@code gradientNormEvery}-th step (step 0, N, 2N, ...) and is
 * {@code null} on the others; on runs that clip by norm the trainer computes it anyway and every line has it.
 *
 * <p>Epochs are numbered from 1, steps from 0. A fresh run starts the file empty. A resumed run keeps the lines of
 * the epochs completed before the checkpoint and drops the rest (steps the interrupted run logged after it, which
 * are run again); a file written when epochs were numbered from 0 (its first line says {@code "epoch":0}) has its
 * kept lines renumbered.
 */
public final class StepLog implements TrainingListener {
    private static final Pattern EPOCH = Pattern.compile("\"epoch\":(\\d+)");
    private final Path path;
    private final int gradientNormEvery;
    private BufferedWriter out;

    /**
     * Logs to {@code path}, with the gradient norm every {@code gradientNormEvery} steps.
     *
     * @throws IllegalArgumentException when gradientNormEvery is not positive
     */
    public StepLog(Path path, int gradientNormEvery) {
        Require.atLeast("StepLog", "gradientNormEvery", gradientNormEvery, 1);
        this.path = path;
        this.gradientNormEvery = gradientNormEvery;
    }

    @Override
    public void onTrainStart(TrainingHistory history, int epochs) {
        io(() -> {
            int done = history.epochs().size();
            List<String> kept = new ArrayList<>();
            if (done > 0 && Files.exists(path)) {
                int shift = -1;
                for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                    Matcher m = EPOCH.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    int epoch = Integer.parseInt(m.group(1));
                    if (shift < 0) {
                        shift = epoch == 0 ? 1 : 0;
                    }
                    if (epoch + shift <= done) {
                        kept.add(shift == 0 ? line : m.replaceFirst("\"epoch\":" + (epoch + shift)));
                    }
                }
            }
            close();
            out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            for (String line : kept) {
                out.write(line);
                out.newLine();
            }
        });
    }

    @Override
    public boolean wantsGradientNorm(long step) {
        return step % gradientNormEvery == 0;
    }

    @Override
    public void onStep(StepMetrics m) {
        if (out == null) {
            return;
        }
        io(() -> {
            out.write("{\"step\":" + m.step() + ",\"epoch\":" + m.epoch() + ",\"loss\":" + json(m.loss()) + ",\"lr\":"
                    + json(m.lr()) + ",\"grad_norm\":" + json(m.gradientNorm()) + ",\"samples\":" + m.samples()
                    + ",\"samples_per_second\":" + json(m.samplesPerSecond()) + "}");
            out.newLine();
        });
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        io(() -> {
            if (out != null) {
                out.flush();
            }
        });
    }

    @Override
    public void onTrainEnd(TrainingHistory history) {
        io(this::close);
    }

    private void close() throws IOException {
        if (out != null) {
            BufferedWriter w = out;
            out = null;
            w.close();
        }
    }

    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** A step of file work that may fail with an {@link IOException}. */
    private interface FileWork {
        void run() throws IOException;
    }

    /** Runs {@code work}, rethrowing a failure as an {@link UncheckedIOException} naming the file. */
    private void io(FileWork work) {
        try {
            work.run();
        } catch (IOException e) {
            throw new UncheckedIOException("StepLog: cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
