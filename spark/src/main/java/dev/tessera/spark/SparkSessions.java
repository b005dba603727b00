package dev.tessera.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Opens a Spark session for a master URL ({@code local[N]}, {@code local[N,F]}, {@code spark://host:port}, {@code yarn},
 * ...), checking first that a standalone master answers, so an unreachable one is a one-line error within seconds
 * instead of Spark's minute of retries. Under {@code spark-submit} (a session already exists) it returns that one.
 */
public final class SparkSessions {
    /** How long the reachability check waits for a standalone master. */
    static final int CONNECT_TIMEOUT_MS = 5_000;

    private SparkSessions() {
    }

    /**
     * The session of {@code master}, with the web UI off and, for local masters, the driver bound to the loopback.
     *
     * @throws IllegalArgumentException one line naming the master and why it cannot be used
     */
    public static SparkSession open(String master, String appName) {
        String m = master.trim();
        if (m.toLowerCase(Locale.ROOT).startsWith("spark://")) {
            checkReachable(m);
        }
        SparkSession.Builder b = SparkSession.builder().master(m).appName(appName)
                .config("spark.ui.enabled", "false");
        if (m.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        try {
            return b.getOrCreate();
        } catch (Exception e) { // Spark throws SparkException, checked in Java's eyes, for a malformed URL
            throw new IllegalArgumentException("Spark master '" + m + "': cannot start a session: "
                    + SparkTrainer.firstLine(e), e);
        }
    }

    private static void checkReachable(String master) {
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("Spark master '" + master + "': '" + hostPort + "' is not host:port "
                        + "(expected spark://HOST:PORT, e.g. spark://node1:7077)");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                if (!master.contains(",")) {
                    throw new IllegalArgumentException("Spark master '" + master + "' cannot be reached at "
                            + uri.getHost() + ":" + uri.getPort() + " (" + e + "); expected a running standalone "
                            + "master there", e);
                }
            }
        }
        throw new IllegalArgumentException("Spark master '" + master + "': none of its masters can be reached; "
                + "expected at least one running standalone master");
    }
}
