package dev.tessera.backend.fused;

import dev.tessera.DType;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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

    /** A GPU backend's one launcher for every fused op that declares a {@link KernelGrid}. */
    @FunctionalInterface
    public interface GridLauncher {
        /**
         * Launches kernel {@code kernel} (one of the op's {@link FusedOp#kernels}) for element type {@code dtype}
         * over {@code grid} (not empty), binding the components of {@code args} as {@link KernelArguments} does.
         */
        void launch(String kernel, KernelGrid grid, DType dtype, Record args);
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

        /**
         * Registers {@code launcher} for every op of {@code ops} that declares kernels and whose kernels the backend
         * has ({@code found} tests a kernel name): a new descriptor with a grid is launched as soon as its kernel
         * source exists, with nothing to register by hand. An op with no kernel found is left to other
         * registrations (or its composition).
         *
         * @throws IllegalStateException when a backend has some of an op's kernels but not all
         */
        public Builder registerLaunched(Collection<FusedOp<?>> ops, Predicate<String> found, GridLauncher launcher) {
            for (FusedOp<?> op : ops) {
                List<String> names = op.kernels();
                List<String> missing = names.stream().filter(found.negate()).toList();
                if (missing.size() < names.size()) {
                    if (!missing.isEmpty()) {
                        throw new IllegalStateException("fused op " + op.name() + " has kernels " + names
                                + " but the backend lacks " + missing);
                    }
                    registerLaunched(op, launcher);
                }
            }
            return this;
        }

        private <A extends Record> void registerLaunched(FusedOp<A> op, GridLauncher launcher) {
            register(op, (be, a) -> {
                KernelGrid g = op.grid(a);
                if (!g.empty()) {
                    launcher.launch(op.kernel(g), g, op.elementType(a), a);
                }
            });
        }

        /** The registry. */
        public FusedKernels build() {
            return new FusedKernels(kernels);
        }
    }
}
