package dev.tessera.cli;

import dev.tessera.Device;
import dev.tessera.backend.DeviceInfo;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tessera devices}: every backend with its devices, memory and details, and for an unavailable one why. */
@Command(name = "devices", description = "List every backend and device, and why any is unavailable.")
final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (DeviceInfo info : Device.list()) {
            if (info.available()) {
                System.out.printf("%-12s %-40s %-4s %s%n", info.spec(), info.name(), info.kind(),
                        info.memoryBytes() > 0 ? String.format("%.1f GiB", info.memoryBytes() / (1024.0 * 1024 * 1024))
                                : "");
                for (Map.Entry<String, String> e : new java.util.TreeMap<>(info.details()).entrySet()) {
                    System.out.printf("%-12s   %s: %s%n", "", e.getKey(), e.getValue());
                }
            } else {
                System.out.printf("%-12s unavailable: %s%n", info.spec(), info.unavailableReason());
            }
        }
        return 0;
    }
}
