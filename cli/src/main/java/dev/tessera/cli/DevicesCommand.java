package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.backend.DeviceInfo;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera devices}: every backend with its devices, memory and details, and for an unavailable one why. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = {"List every backend and device, and why any is unavailable.",
    "Example: tessera devices"})
final class DevicesCommand extends IoCommand {
    @Option(names = "--debug", description = "on an error, print the stack trace too")
    boolean debug;

    @Override
    public Integer call() {
        for (DeviceInfo info : Device.list()) {
            if (info.available()) {
                io.out().printf(Locale.ROOT, "%-12s %-40s %-4s %s%n", info.spec(), info.name(), info.kind(),
                        info.memoryBytes() > 0 ? String.format(Locale.ROOT, "%.1f GiB",
                                info.memoryBytes() / (1024.0 * 1024 * 1024)) : "");
                for (Map.Entry<String, String> e : new TreeMap<>(info.details()).entrySet()) {
                    io.out().printf(Locale.ROOT, "%-12s   %s: %s%n", "", e.getKey(), e.getValue());
                }
            } else {
                io.out().printf(Locale.ROOT, "%-12s unavailable: %s%n", info.spec(), info.unavailableReason());
            }
        }
        return 0;
    }
}
