package dev.tessera;

import dev.tessera.backend.Backend;
import dev.tessera.backend.BackendProvider;
import dev.tessera.backend.DeviceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A started compute device: a {@link Backend} plus its spec ({@code cpu}, {@code opencl:0}, {@code cuda:0}, ...).
 *
 * <p>Devices are opened once and shared. {@link #auto()} picks CUDA, then OpenCL GPUs, then the CPU backend, and
 * logs every backend it skipped with the reason. {@link #of(String)} opens exactly the device asked for or throws
 * {@link DeviceUnavailableException} with the reason: a forced device never falls back to another.
 * The default device (used when a factory gets none) is {@code TESSERA_DEVICE} or {@code -Dtessera.device} if set,
 * else {@link #auto()}.
 */
public final class Device {
    private static final System.Logger LOG = System.getLogger("dev.tessera.Device");
    private static final Map<String, Device> OPENED = new ConcurrentHashMap<>();
    private static volatile Device defaultDevice;

    private final String spec;
    private final Backend backend;
    /** What tensors compute with: the backend, or {@link HalfComputeBackend} around it. */
    private final Backend compute;

    /** A device around an opened backend (not cached: {@link #of} caches the devices it opens). */
    Device(String spec, Backend backend) {
        this.spec = spec;
        this.backend = backend;
        this.compute = HalfComputeBackend.around(backend);
    }

    /**
     * Opens (once) and returns the device named by {@code spec}: {@code auto}, {@code name} or {@code name:index}.
     *
     * @throws DeviceUnavailableException naming the reason when the backend is missing or cannot start
     */
    public static Device of(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("auto")) {
            return auto();
        }
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        int index;
        try {
            index = colon < 0 ? 0 : Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new DeviceUnavailableException("device '" + spec + "': expected name or name:index, e.g. cuda:0");
        }
        String canonical = name + ":" + index;
        Device cached = OPENED.get(canonical);
        if (cached != null) {
            return cached;
        }
        BackendProvider provider = Backends.all().get(name);
        if (provider == null) {
            throw new DeviceUnavailableException("device '" + spec + "': no backend named '" + name
                    + "' on the class path (available: " + String.join(", ", Backends.all().keySet()) + ")");
        }
        synchronized (OPENED) {
            cached = OPENED.get(canonical);
            if (cached != null) {
                return cached;
            }
            Backend backend = provider.open(index);
            Device d = new Device(backend.deviceSpec(), backend);
            OPENED.put(canonical, d);
            return d;
        }
    }

    /**
     * The best available device: CUDA, then OpenCL GPUs, then the CPU backend (OpenCL CPU devices such as PoCL are
     * only used when asked for by name, since the native CPU backend is faster on the same cores). Every backend
     * skipped is logged with its reason.
     */
    public static Device auto() {
        for (BackendProvider provider : Backends.all().values()) {
            if (provider.autoPriority() < 0) {
                continue;
            }
            List<DeviceInfo> infos = provider.devices();
            for (int i = 0; i < infos.size(); i++) {
                DeviceInfo info = infos.get(i);
                if (!info.available()) {
                    LOG.log(System.Logger.Level.INFO, "skipping " + info.spec() + ": " + info.unavailableReason());
                    continue;
                }
                if (!provider.name().equals("cpu") && info.kind() == DeviceInfo.Kind.CPU) {
                    LOG.log(System.Logger.Level.INFO, "skipping " + info.spec() + " (" + info.name()
                            + "): a CPU device; the native cpu backend is preferred (ask for it by name to use it)");
                    continue;
                }
                try {
                    return of(provider.name() + ":" + i);
                } catch (DeviceUnavailableException e) {
                    LOG.log(System.Logger.Level.INFO, "skipping " + info.spec() + ": " + e.getMessage());
                }
            }
        }
        LOG.log(System.Logger.Level.WARNING, "no compute backend available; using the scalar reference backend");
        return of("reference");
    }

    /** The device factories use when none is given: {@code TESSERA_DEVICE} / {@code -Dtessera.device}, else auto. */
    public static Device defaultDevice() {
        Device d = defaultDevice;
        if (d == null) {
            synchronized (Device.class) {
                if (defaultDevice == null) {
                    String forced = System.getProperty("tessera.device", System.getenv("TESSERA_DEVICE"));
                    defaultDevice = forced == null || forced.isBlank() ? auto() : of(forced);
                }
                d = defaultDevice;
            }
        }
        return d;
    }

    /** Sets the default device. */
    public static void setDefault(Device device) {
        defaultDevice = device;
    }

    /** The CPU backend's device ({@code cpu}). */
    public static Device cpu() {
        return of("cpu");
    }

    /** Every device of every backend on the class path, available or not, with reasons. */
    public static List<DeviceInfo> list() {
        List<DeviceInfo> out = new ArrayList<>();
        for (BackendProvider p : Backends.all().values()) {
            out.addAll(p.devices());
        }
        return out;
    }

    /** The device spec, e.g. {@code cuda:0}. */
    public String spec() {
        return spec;
    }

    /** The backend behind this device (the SPI; for backend authors and tests). */
    public Backend backend() {
        return backend;
    }

    /**
     * The backend tensor ops call: {@link #backend()}, or where it stores a half type without computing in it, an
     * adapter that runs those primitives in FLOAT32 ({@link HalfComputeBackend}).
     */
    Backend compute() {
        return compute;
    }

    /** Whether tensors of {@code dtype} can live on this device. */
    public boolean supports(DType dtype) {
        return backend.supports(dtype);
    }

    /** Facts about this device. */
    public DeviceInfo info() {
        return backend.info();
    }

    /** Bytes in use, cached and peak on this device. */
    public MemoryStats memoryStats() {
        return backend.memoryStats();
    }

    /** Resets the peak of {@link #memoryStats()} to the current usage. */
    public void resetPeak() {
        backend.resetPeak();
    }

    /** Waits until all work queued on this device has finished. */
    public void synchronize() {
        backend.synchronize();
    }

    @Override
    public String toString() {
        return spec;
    }
}
