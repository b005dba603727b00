package dev.tessera;

import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import dev.tessera.backend.ReduceOp;
import java.util.ArrayList;
import java.util.List;

/**
 * One device's log of deferred range checks (see {@link DeferredChecks}): an INT32 device buffer holding, for check
 * {@code k}, the minimum of its indices at {@code 2k} and the maximum at {@code 2k + 1}, and on the host what each
 * check was. Recording a check is four device launches (two reductions into a one-element scratch buffer, each
 * copied into its slot) and no read; {@link #drain} reads the pairs in one read, frees the buffers and throws for
 * the first pair outside its range. Both buffers exist only while a check is pending.
 */
final class DeviceCheckLog {
    private static final long[] UNIT = {1};
    private static final int[] ONE = {1};
    private final Backend backend;
    private final List<Check> checks = new ArrayList<>();
    private Buffer log;
    private Buffer scratch;

    /** What one recorded check verifies: every {@code what} of {@code op} in {@code [0, n)}; where it ran. */
    record Check(String op, String what, int n, String where) {
        /** The error for a check whose indices ranged over {@code [lo, hi]}, or null when they are in range. */
        IndexOutOfBoundsException failure(int lo, int hi) {
            if (lo >= 0 && hi < n) {
                return null;
            }
            int bad = lo < 0 ? lo : hi;
            return new IndexOutOfBoundsException(op + ": " + what + " " + bad + " is out of range [0, " + n + ") in "
                    + where + " (checked on the device, raised at the next read)");
        }
    }

    DeviceCheckLog(Backend backend) {
        this.backend = backend;
    }

    synchronized int size() {
        return checks.size();
    }

    /**
     * Appends the minimum and maximum of the {@code count > 0} INT32 elements of {@code index} (dense from element
     * 0) for {@code check}; a full log is drained first (which may throw for an earlier check).
     */
    synchronized void record(Buffer index, long count, Check check) {
        if (checks.size() == DeferredChecks.CAPACITY) {
            drain();
        }
        if (log == null) {
            log = backend.allocate(DType.INT32, 2L * DeferredChecks.CAPACITY);
            scratch = backend.allocate(DType.INT32, 1);
        }
        long slot = 2L * checks.size();
        backend.reduce(ReduceOp.MIN, index, scratch, 1, count, 1);
        backend.copy(Operand.view(scratch, 0, UNIT), Operand.view(log, slot, UNIT), ONE);
        backend.reduce(ReduceOp.MAX, index, scratch, 1, count, 1);
        backend.copy(Operand.view(scratch, 0, UNIT), Operand.view(log, slot + 1, UNIT), ONE);
        checks.add(check);
    }

    /** Reads and frees the log; throws for the first failed check (the log is empty afterwards either way). */
    synchronized void drain() {
        if (checks.isEmpty()) {
            return;
        }
        int[] range = new int[2 * checks.size()];
        List<Check> done = List.copyOf(checks);
        checks.clear();
        try {
            backend.read(log, 0, range, 0, range.length);
        } finally {
            backend.free(log);
            backend.free(scratch);
            log = null;
            scratch = null;
        }
        for (int k = 0; k < done.size(); k++) {
            IndexOutOfBoundsException e = done.get(k).failure(range[2 * k], range[2 * k + 1]);
            if (e != null) {
                throw e;
            }
        }
    }
}
