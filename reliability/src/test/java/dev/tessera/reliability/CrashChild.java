package dev.tessera.reliability;

import dev.tessera.Device;
import dev.tessera.Tessera;
import dev.tessera.train.EpochMetrics;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import dev.tessera.train.TrainingHistory;
import dev.tessera.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashSafeCheckpointTest}: trains {@link CrashRun} for the given number of epochs in
 * deterministic mode, writing a checkpoint after every epoch into the given directory, and resuming from the
 * checkpoint there if one exists. It reports on stdout: {@code started <epochs already done>} once resumed,
 * {@code epoch <e>} as each epoch ends (its checkpoint is written right after), and {@code done} at the end.
 *
 * <p>Usage: {@code java -cp <class path> dev.tessera.reliability.CrashChild <dir> <epochs>}
 */
public final class CrashChild {
    private CrashChild() {
    }

    /** Trains; see the class comment. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        Tessera.setDeterministic(true);
        Path checkpoint = dir.resolve(Trainer.CHECKPOINT_FILE);
        TrainerConfig.Builder config = TrainerConfig.builder().epochs(epochs).seed(CrashRun.SEED).checkpoints(dir, 1);
        if (Files.exists(checkpoint)) {
            config.resumeFrom(checkpoint);
        }
        try (CrashRun run = new CrashRun(Device.cpu())) {
            run.trainer(config.build()).addListener(new TrainingListener() {
                @Override
                public void onTrainStart(TrainingHistory history, int total) {
                    say("started " + history.epochs().size());
                }

                @Override
                public void onEpochEnd(EpochMetrics metrics) {
                    say("epoch " + metrics.epoch());
                }
            }).fit(run.data, null);
        }
        say("done");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
