package dev.tessera.backend.fused;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fused-op kernels one backend registered, by descriptor. Immutable once built; {@link #NONE} registers nothing,
 * so every fused op runs its default composition.
 */
public final class FusedKernels {
    /** No kernels: every fused op runs its default composition. */
    public static final FusedKernels NONE = new Builder().build();

    private final Map<FusedOp<?>, FusedKernel<?>> kernels;

    private FusedKernels(Map<FusedOp<?>, FusedKernel<?>> kernels) {
        this.kernels = Collections.unmodifiableMap(new LinkedHashMap<>(kernels));
    }

    /** A builder to register kernels in. */
    public static Builder builder() {
        return new Builder();
    }

    /** The kernel registered for {@code op}, or null. */
    @SuppressWarnings("unchecked")
    public <A extends Record> FusedKernel<A> find(FusedOp<A> op) {
        return (FusedKernel<A>) kernels.get(op);
    }

    /** The descriptors that have a kernel, in registration order. */
    public Set<FusedOp<?>> registered() {
        return kernels.keySet();
    }

    /** Collects kernels; each descriptor at most once. */
    public static final class Builder {
        private final Map<FusedOp<?>, FusedKernel<?>> kernels = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers {@code kernel} for {@code op}. */
        public <A extends Record> Builder register(FusedOp<A> op, FusedKernel<A> kernel) {
            if (kernels.putIfAbsent(op, kernel) != null) {
                throw new IllegalStateException("a kernel for fused op " + op.name() + " is already registered");
            }
            return this;
        }

        /** The registry. */
        public FusedKernels build() {
            return new FusedKernels(kernels);
        }
    }
}
