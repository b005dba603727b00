package dev.tessera.backend.fused;

import java.util.ArrayList;
import java.util.List;

/** Every fused-op descriptor, by family; the conformance suite iterates it. */
public final class FusedCatalog {
    /** All descriptors, family by family. */
    public static final List<FusedOp<?>> ALL = all();

    private FusedCatalog() {
    }

    private static List<FusedOp<?>> all() {
        List<FusedOp<?>> ops = new ArrayList<>();
        ops.addAll(SoftmaxFamily.ALL);
        ops.addAll(BiasActivationFamily.ALL);
        ops.addAll(OptimizerFamily.ALL);
        ops.addAll(ConvFamily.ALL);
        ops.addAll(RecurrentFamily.ALL);
        return List.copyOf(ops);
    }
}
