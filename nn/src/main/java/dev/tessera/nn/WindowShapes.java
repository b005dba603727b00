package dev.tessera.nn;

import dev.tessera.ConvShape;
import dev.tessera.nn.conv.ConvGeometry;
import java.util.function.Supplier;

/** What the sliding-window layers (convolutions and pooling) share in turning their settings into fused-op shapes. */
final class WindowShapes {
    private WindowShapes() {
    }

    /**
     * The geometry {@code make} builds, with the layer named in front of the message of any
     * {@link IllegalArgumentException} it throws (for instance a kernel that does not fit the padded input).
     */
    static ConvGeometry geometry(String layer, Supplier<ConvGeometry> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": " + e.getMessage(), e);
        }
    }

    /**
     * The fused-op shape of a 2-D window over {@code [batch, in, rows.in, cols.in]} producing {@code out} channels
     * in {@code groups} groups, each axis as its geometry says (padded by its {@code padBefore} on both sides).
     */
    static ConvShape shape(int batch, int in, int out, int groups, ConvGeometry rows, ConvGeometry cols) {
        return new ConvShape(batch, in, rows.in(), cols.in(), out, rows.kernel(), cols.kernel(), rows.out(),
                cols.out(), rows.stride(), cols.stride(), rows.padBefore(), cols.padBefore(), rows.dilation(),
                cols.dilation(), groups);
    }
}
