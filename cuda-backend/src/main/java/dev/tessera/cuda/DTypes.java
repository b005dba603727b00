package dev.tessera.cuda;

import dev.tessera.DType;

/** The kernel-name suffix of each dtype: the .cu files instantiate every kernel as NAME_f32, NAME_f64, NAME_i32. */
final class DTypes {
    private DTypes() {
    }

    static String suffix(DType t) {
        return switch (t) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT32 -> "i32";
            case FLOAT16 -> "f16";
            case BFLOAT16 -> "bf16";
        };
    }

    /** {@code name_suffix}, e.g. {@code binary_f32}. */
    static String kernel(String name, DType t) {
        return name + "_" + suffix(t);
    }
}
