package dev.tessera.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ring all-reduce over TCP. The vector is cut into N chunks; worker r sends to r+1 and receives from r-1 (mod N).
 * Reduce-scatter: in round s = 0..N-2 worker r sends chunk (r - s) and adds the chunk (r - s - 1) it receives, after
 * which it holds the complete sum of chunk (r + 1). All-gather: in round s it sends chunk (r + 1 - s) and stores the
 * chunk (r - s) it receives. Each worker sends 2(N-1)/N times the vector. Chunk c is summed in the fixed ring order
 * starting at worker c + 1, so the result is reproducible and identical on every worker. Sending runs on a helper
 * thread while the caller receives, so no worker blocks on a full socket buffer.
 */
public final class RingAllReduce implements AllReduce {
    private final int rank;
    private final int size;
    private final ServerSocket server;
    private final Socket toNext;
    private final Socket fromPrevious;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final ExecutorService sender;
    private long bytesSent;
    private byte[] sendBuffer = new byte[0];
    private byte[] receiveBuffer = new byte[0];

    private RingAllReduce(int rank, int size, ServerSocket server, Socket toNext, Socket fromPrevious)
            throws IOException {
        this.rank = rank;
        this.size = size;
        this.server = server;
        this.toNext = toNext;
        this.fromPrevious = fromPrevious;
        this.out = toNext == null ? null : new DataOutputStream(new BufferedOutputStream(toNext.getOutputStream(),
                1 << 16));
        this.in = fromPrevious == null ? null : new DataInputStream(new BufferedInputStream(
                fromPrevious.getInputStream(), 1 << 16));
        this.sender = size == 1 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tessera-ring-send-" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins the ring of {@code size} workers as {@code rank}: listens on an ephemeral port of {@code host}, swaps
     * addresses through {@code rendezvous}, connects to the next worker and accepts the previous one.
     *
     * @param timeoutMs how long any read waits for a peer (0 = forever)
     * @throws UncheckedIOException naming the peer when a connection cannot be made
     */
    public static RingAllReduce connect(int rank, int size, String host, Rendezvous rendezvous, int timeoutMs) {
        if (size == 1) {
            rendezvous.allGather("");
            try {
                return new RingAllReduce(0, 1, null, null, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ServerSocket server = null;
        Socket next = null;
        Socket previous = null;
        try {
            server = new ServerSocket(0, size, InetAddress.getByName(host));
            server.setSoTimeout(timeoutMs);
            List<String> addresses = rendezvous.allGather(host + ":" + server.getLocalPort());
            String peer = addresses.get((rank + 1) % size);
            int colon = peer.lastIndexOf(':');
            next = new Socket();
            next.setTcpNoDelay(true);
            next.connect(new InetSocketAddress(peer.substring(0, colon), Integer.parseInt(peer.substring(colon + 1))),
                    Math.max(timeoutMs, 0));
            previous = server.accept();
            previous.setTcpNoDelay(true);
            previous.setSoTimeout(timeoutMs);
            return new RingAllReduce(rank, size, server, next, previous);
        } catch (IOException e) {
            closeQuietly(previous);
            closeQuietly(next);
            closeQuietly(server);
            throw new UncheckedIOException("RingAllReduce: worker " + rank + " of " + size + " on " + host
                    + " could not join the ring: " + e, e);
        }
    }

    @Override
    public void sum(float[] data) {
        if (size == 1) {
            return;
        }
        try {
            for (int s = 0; s < size - 1; s++) {
                exchange(data, Math.floorMod(rank - s, size), Math.floorMod(rank - s - 1, size), true);
            }
            for (int s = 0; s < size - 1; s++) {
                exchange(data, Math.floorMod(rank + 1 - s, size), Math.floorMod(rank - s, size), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("RingAllReduce: worker " + rank + " of " + size + " lost its ring: " + e, e);
        }
    }

    private int start(int chunk, int n) {
        return (int) ((long) chunk * n / size);
    }

    private void exchange(float[] data, int sendChunk, int receiveChunk, boolean add) throws IOException {
        int n = data.length;
        int s0 = start(sendChunk, n);
        int s1 = start(sendChunk + 1, n);
        int r0 = start(receiveChunk, n);
        int r1 = start(receiveChunk + 1, n);
        int sendBytes = (s1 - s0) * Float.BYTES;
        if (sendBuffer.length < sendBytes) {
            sendBuffer = new byte[sendBytes];
        }
        ByteBuffer.wrap(sendBuffer, 0, sendBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data, s0, s1 - s0);
        byte[] toSend = sendBuffer;
        Future<?> sent = sender.submit(() -> {
            out.write(toSend, 0, sendBytes);
            out.flush();
            return null;
        });
        int receiveBytes = (r1 - r0) * Float.BYTES;
        if (receiveBuffer.length < receiveBytes) {
            receiveBuffer = new byte[receiveBytes];
        }
        in.readFully(receiveBuffer, 0, receiveBytes);
        var incoming = ByteBuffer.wrap(receiveBuffer, 0, receiveBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        if (add) {
            for (int i = r0; i < r1; i++) {
                data[i] += incoming.get(i - r0);
            }
        } else {
            incoming.get(data, r0, r1 - r0);
        }
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        bytesSent += sendBytes;
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        closeQuietly(toNext);
        closeQuietly(fromPrevious);
        closeQuietly(server);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after a failure: the first error is the one reported
            }
        }
    }
}
