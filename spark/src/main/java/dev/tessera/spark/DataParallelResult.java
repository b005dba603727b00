package dev.tessera.spark;

import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import dev.tessera.nn.Module;
import dev.tessera.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a data-parallel run: the final checkpoint (Tessera checkpoint bytes: model, optimizer and schedule
 * state), the global mean training loss of every step, how many stage attempts failed and were retried, and the
 * all-reduce traffic and time of worker 0 (for {@code docs/SCALING.md}).
 *
 * @param checkpoint       the checkpoint after the last step
 * @param losses           the global mean loss of each step run by this call (steps resumed from a saved checkpoint
 *                         are not repeated)
 * @param workers          N
 * @param steps            the global step reached
 * @param failedAttempts   stage attempts that failed and were retried from the last checkpoint
 * @param bytesSent        bytes worker 0 sent through the all-reduce
 * @param allReduceSeconds seconds worker 0 spent in the all-reduce
 * @param computeSeconds   seconds worker 0 spent computing (forward, backward, optimizer)
 */
public record DataParallelResult(byte[] checkpoint, double[] losses, int workers, long steps, int failedAttempts,
                                 long bytesSent, double allReduceSeconds, double computeSeconds) {
    /** The model's state (parameters and buffers, not the optimizer's) on {@code device}; the caller closes them. */
    public Map<String, Tensor> modelState(Device device) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("tessera-spark-", ".safetensors");
            Files.write(tmp, checkpoint);
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (SafetensorsContent c = Safetensors.read(tmp, device)) {
                c.tensors().forEach((k, v) -> {
                    if (!k.startsWith(Optimizer.PREFIX) && !k.startsWith("early_stopping.")) {
                        out.put(k, v.copy());
                    }
                });
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("DataParallelResult: cannot read the checkpoint: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    /** Loads the trained weights into {@code model} (same architecture as the recipe's). */
    public void loadInto(Module model) {
        Map<String, Tensor> state = modelState(model.parameters().get(0).device());
        try {
            model.loadStateDict(state);
        } finally {
            state.values().forEach(Tensor::close);
        }
    }
}
