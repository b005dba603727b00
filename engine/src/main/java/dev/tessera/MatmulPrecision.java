package dev.tessera;

import java.util.Locale;

/**
 * How FLOAT32 matrix products may trade precision for speed, as PyTorch's
 * {@code torch.set_float32_matmul_precision}: set process-wide with {@link Tessera#setFloat32MatmulPrecision}.
 *
 * <ul>
 * <li>{@link #HIGHEST} (the default): every FLOAT32 product is computed in FP32 (24-bit significands).</li>
 * <li>{@link #HIGH}: a backend with TF32 tensor cores (CUDA through cuBLAS) may round the operands of each product
 *     to TF32 (10-bit mantissas, 8-bit exponents) while accumulating in FP32; the relative error of a product of
 *     length k grows to about {@code 2^-11 sqrt(k)}. Backends without such units (reference, cpu, OpenCL) still
 *     compute in FP32, as PyTorch does on the CPU.</li>
 * </ul>
 * The setting affects FLOAT32 operands only: FLOAT64 stays FP64, and half operands are multiplied in their own
 * type with FP32 accumulation whatever it says.
 */
public enum MatmulPrecision {
    /** FP32 products throughout. */
    HIGHEST,
    /** TF32 products with FP32 accumulation where the device has them. */
    HIGH;

    /**
     * The precision named {@code name} as PyTorch spells it ({@code "highest"} or {@code "high"}, any case).
     *
     * @throws IllegalArgumentException naming the value and the accepted names otherwise
     */
    public static MatmulPrecision parse(String name) {
        for (MatmulPrecision p : values()) {
            if (p.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("float32 matmul precision: '" + name + "' is not one of "
                + java.util.Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
    }
}
