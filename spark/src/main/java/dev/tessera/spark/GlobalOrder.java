package dev.tessera.spark;

import java.util.Arrays;
import java.util.List;

/**
 * The batches of a data-parallel run given as the global batches of a single-process run: step {@code t} uses global
 * batch {@code t} (row indices into the whole data set), and worker {@code r} of N takes its contiguous part
 * {@code [floor(r G / N), floor((r + 1) G / N))} of a batch of G rows (the parts differ by at most one row; a short
 * last batch may leave a worker none). Each worker's gradient of its mean loss is weighted by its share of the rows
 * before the all-reduce sums them, so the sum is the gradient of the global batch's mean loss whatever the sizes.
 */
final class GlobalOrder {
    private GlobalOrder() {
    }

    /** The rows of {@code batch} that worker {@code rank} of {@code workers} takes. */
    static int[] part(int[] batch, int rank, int workers) {
        int from = (int) ((long) rank * batch.length / workers);
        int to = (int) ((long) (rank + 1) * batch.length / workers);
        return Arrays.copyOfRange(batch, from, to);
    }

    /**
     * Checks {@code batches} for a data set of {@code rows} rows.
     *
     * @throws IllegalArgumentException naming the first empty batch or row index out of range
     */
    static void check(String who, List<int[]> batches, int rows) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException(who + ": no global batch given; expected one per step");
        }
        for (int t = 0; t < batches.size(); t++) {
            int[] b = batches.get(t);
            if (b == null || b.length == 0) {
                throw new IllegalArgumentException(who + ": global batch " + t + " is empty; expected at least one "
                        + "row per step");
            }
            for (int i : b) {
                if (i < 0 || i >= rows) {
                    throw new IllegalArgumentException(who + ": global batch " + t + " names row " + i + " but the "
                            + "data has " + rows + " rows (expected indices 0 to " + (rows - 1) + ")");
                }
            }
        }
    }
}
