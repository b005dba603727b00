package dev.tessera;

import dev.tessera.backend.Backend;
import dev.tessera.backend.BackendProvider;
import dev.tessera.backend.Buffer;
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
    /** Guards the capture state below; taken by every buffer release. */
    private final Object captureLock = new Object();
    /** Where the capturing thread's work goes while a step is being captured ({@link StepGraph}), else null. */
    private volatile Backend route;
    /** {@link #route} as tensor ops call it ({@link HalfComputeBackend} around it where needed). */
    private volatile Backend routeCompute;
    /** The thread capturing a step, or null. */
    private volatile Thread capturingThread;
    /** Frees deferred during the open capture. */
    private List<Buffer> captureFrees;
    /** Graphs not yet closed, whose buffers outlive their tensors. */
    private final List<StepGraph> graphs = new ArrayList<>();
    /** {@code graphs.size()}, readable without the lock (written before {@link #route} is cleared). */
    private volatile int graphCount;

    private Device(String spec, Backend backend) {
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

    /**
     * The backend behind this device (the SPI; for backend authors and tests); on the thread capturing a step
     * ({@link StepGraph#capture}), the backend that the capture routes work to.
     */
    public Backend backend() {
        Backend r = route;
        return r != null && Thread.currentThread() == capturingThread ? r : backend;
    }

    /** Whether the calling thread is capturing a step on this device ({@link StepGraph#capture}). */
    public boolean isCapturing() {
        return route != null && Thread.currentThread() == capturingThread;
    }

    /** The device's own backend, whether or not a capture is open. */
    Backend ownBackend() {
        return backend;
    }

    /** Routes the calling thread's work on this device to {@code capturing} until {@link #closeCapture}. */
    void openCapture(Backend capturing) {
        synchronized (captureLock) {
            if (route != null) {
                throw new IllegalStateException("step capture on " + spec + ": a capture is already open");
            }
            captureFrees = new ArrayList<>();
            capturingThread = Thread.currentThread();
            routeCompute = capturing == backend ? compute : HalfComputeBackend.around(capturing);
            route = capturing;
        }
    }

    /**
     * Ends the routing of {@link #openCapture} and returns the frees deferred meanwhile; when {@code made} is not
     * null it is registered in the same step, so no free of one of its buffers can slip between.
     */
    List<Buffer> closeCapture(StepGraph made) {
        synchronized (captureLock) {
            if (made != null) {
                graphs.add(made);
                graphCount = graphs.size();
            }
            List<Buffer> frees = captureFrees;
            captureFrees = null;
            route = null;
            routeCompute = null;
            capturingThread = null;
            return frees;
        }
    }

    /** Unregisters {@code g} (closing). */
    void removeGraph(StepGraph g) {
        synchronized (captureLock) {
            graphs.remove(g);
            graphCount = graphs.size();
        }
    }

    /**
     * Gives {@code buffer} back: deferred while a capture is open or while a live graph owns it (its work may still
     * use it), else freed at once.
     */
    void release(Buffer buffer) {
        if (route == null && graphCount == 0) {
            backend.free(buffer);
            return;
        }
        synchronized (captureLock) {
            if (route != null) {
                captureFrees.add(buffer);
                return;
            }
            for (StepGraph g : graphs) {
                if (g.deferIfOwned(buffer)) {
                    return;
                }
            }
        }
        backend.free(buffer);
    }

    /**
     * Throws {@link CaptureException} naming {@code op} when a step is being captured: a host
     * read cannot be part of a graph.
     */
    void checkHostRead(String op) {
        refuseInCapture(op, "a host read inside a captured step on " + spec + " (the data is not computed until the "
                + "graph replays); keep item(), toArray() and checks that read values out of the captured region");
    }

    /** Throws {@link CaptureException} "{@code op}: {@code why}" when the calling thread is capturing a step. */
    void refuseInCapture(String op, String why) {
        if (isCapturing()) {
            throw new CaptureException(op + ": " + why);
        }
    }

    /**
     * The backend tensor ops call: {@link #backend()}, or where it stores a half type without computing in it, an
     * adapter that runs those primitives in FLOAT32 ({@link HalfComputeBackend}).
     */
    Backend compute() {
        Backend r = routeCompute;
        return r != null && Thread.currentThread() == capturingThread ? r : compute;
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
