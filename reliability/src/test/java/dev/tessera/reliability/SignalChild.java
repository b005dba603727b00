package dev.tessera.reliability;

import dev.tessera.Device;
import dev.tessera.backend.DeviceInfo;

/**
 * The child JVM of {@link SignalHandlersTest}: lists the devices of every backend (which loads the OpenCL drivers),
 * prints {@code listed <n> available}, then waits long enough for {@code -Xcheck:jni}'s periodic check of the JVM's
 * signal handlers to run, and prints {@code done}. It does not open a device: under {@code -Xcheck:jni} JOCL's device
 * queries come back empty.
 *
 * <p>Usage: {@code java -Xcheck:jni -cp <class path> dev.tessera.reliability.SignalChild}
 */
public final class SignalChild {
    /** How long the child waits after listing: several periods of HotSpot's signal-handler check. */
    static final long WAIT_MILLIS = 1500;

    private SignalChild() {
    }

    /** Lists and waits; see the class comment. */
    public static void main(String[] args) throws InterruptedException {
        long available = Device.list().stream().filter(DeviceInfo::available).count();
        System.out.println("listed " + available + " available");
        Thread.sleep(WAIT_MILLIS);
        System.out.println("done");
    }
}
