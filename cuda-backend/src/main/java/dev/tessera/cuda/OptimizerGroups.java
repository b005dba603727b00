package dev.tessera.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * How a whole-model optimizer step is cut into launches of fused.cu's sgd_step / adam_step: at most
 * {@link #MAX_TENSORS} non-empty parameters per launch, each parameter split into chunks of {@link #CHUNK} elements,
 * one block per chunk; {@code blockStart[t]} is the first block of tensor t and {@code blockStart[count]} the grid.
 */
final class OptimizerGroups {
    /** TS_MAX_TENSORS in fused.cu. */
    static final int MAX_TENSORS = 48;
    /** TS_CHUNK in fused.cu: elements one block updates. */
    static final int CHUNK = 4096;
    /** Threads per block of the optimizer kernels. */
    static final int THREADS = 256;

    /**
     * One launch: the indices of its parameters (into the caller's arrays) and their block starts.
     *
     * @param tensors    indices of the parameters in this launch
     * @param numel      their sizes
     * @param blockStart first block of each, then the total (tensors.length + 1 entries)
     */
    record Group(int[] tensors, long[] numel, long[] blockStart) {
        /** Blocks of the launch. */
        long blocks() {
            return blockStart[tensors.length];
        }
    }

    private OptimizerGroups() {
    }

    /** The launches for parameters of the given sizes, skipping empty ones. */
    static List<Group> of(long[] numels) {
        List<Group> groups = new ArrayList<>();
        int[] current = new int[MAX_TENSORS];
        int count = 0;
        for (int i = 0; i < numels.length; i++) {
            if (numels[i] == 0) {
                continue;
            }
            current[count++] = i;
            if (count == MAX_TENSORS) {
                groups.add(group(current, count, numels));
                count = 0;
            }
        }
        if (count > 0) {
            groups.add(group(current, count, numels));
        }
        return groups;
    }

    private static Group group(int[] indices, int count, long[] numels) {
        int[] tensors = java.util.Arrays.copyOf(indices, count);
        long[] numel = new long[count];
        long[] start = new long[count + 1];
        for (int t = 0; t < count; t++) {
            numel[t] = numels[tensors[t]];
            start[t + 1] = start[t] + LaunchConfig.ceilDiv(numel[t], CHUNK);
        }
        return new Group(tensors, numel, start);
    }
}
