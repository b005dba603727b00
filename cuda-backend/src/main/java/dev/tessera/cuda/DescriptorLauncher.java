package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.KernelGrid;

/**
 * The one CUDA launcher of every fused op that declares a {@link KernelGrid}: the argument record packed as it is
 * ({@link DescriptorArgs}) and kernel {@code NAME_dtype} launched over the grid, a grid-stride launch
 * ({@link LaunchConfig#linear}) for a work item per element, a block row per row ({@link LaunchConfig#rows}) for
 * rows. A new descriptor with a grid needs no launcher class: its {@code extern "C" __global__} kernel in a .cu file
 * is found by name in the PTX.
 */
final class DescriptorLauncher implements FusedKernels.GridLauncher {
    private final Stream stream;

    DescriptorLauncher(Stream stream) {
        this.stream = stream;
    }

    @Override
    public void launch(String kernel, KernelGrid grid, DType dtype, Record args) {
        DescriptorArgs.write(stream.args(), args);
        stream.launch(DTypes.kernel(kernel, dtype), switch (grid.kind()) {
            case ELEMENTS -> LaunchConfig.linear(grid.count(), stream.multiprocessors());
            case ROWS -> LaunchConfig.rows(grid.count(), grid.length());
        });
    }
}
