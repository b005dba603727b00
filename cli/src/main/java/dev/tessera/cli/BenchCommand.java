package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.bench.BenchRunner;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tessera bench}: the device benchmark (SGEMM 256-4096, the MLP 784-1024-1024-10 Adam training step at batch
 * 256 and 1024, relu and add on 64M floats, softmax cross-entropy, the Adam step, per-op dispatch), as aligned text
 * or one JSON object per line; the same format on every backend.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
    "Benchmark a device: SGEMM, the MLP training step, memory-bound ops, softmax cross-entropy, Adam, dispatch.",
    "Example: tessera bench --device cpu --json"})
final class BenchCommand extends IoCommand {
    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, opencl:N, cuda:N (default: auto)")
    String device;

    @Option(names = "--json", description = "one JSON object per line instead of aligned text")
    boolean json;

    @Option(names = "--quick", description = "small sizes and short timings (a smoke test, not a measurement)")
    boolean quick;

    @Option(names = "--only", split = ",", description = "only these works, from: sgemm, mlp_step, lstm_step, relu, "
            + "add, softmax_xent, adam, dispatch, conv2d")
    List<String> only;

    @Option(names = "--debug", description = "on an error, print the stack trace too")
    boolean debug;

    @Override
    public Integer call() {
        LinkedHashSet<String> works = new LinkedHashSet<>(only == null || only.isEmpty()
                ? List.of(BenchRunner.works().split(",")) : only);
        BenchRunner.run(Device.of(device), json, quick, works, io.out());
        return 0;
    }
}
