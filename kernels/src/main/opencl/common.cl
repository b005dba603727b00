// Shared header of every Tessera OpenCL program: the element type, literals, NaN tests and work-group reductions.
//
// The host compiles each program with -D T=float|double|int and one of T_FLOAT, T_DOUBLE, T_INT (and for casts a
// source type S with S_FLOAT, S_DOUBLE or S_INT; NEED_FP64 enables doubles in a float program). The 16-bit
// floating types are stored as ushort bits: T_BITS (T=ushort, an integer type here) in copy-and-fill programs, with
// T_F16/T_BF16 or S_F16/S_BF16 naming the type a cast converts to or from (elementwise.cl). Work-group
// reductions assume a power-of-two local size and must be reached by every work item of the group.

#if defined(T_DOUBLE) || defined(S_DOUBLE) || defined(NEED_FP64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#ifndef S
#define S T
#endif

// BAD_INDEX_VALUE is what a read through an out-of-range index or label yields (possible only when core's index
// checks are switched off): NaN (0 for INT32), so the mistake shows, instead of an access outside the buffer.
#if defined(T_INT) || defined(T_BITS)
#define T_IS_FLOAT 0
#define IS_NAN(x) 0
#define T_LOWEST INT_MIN
#define T_HIGHEST INT_MAX
#define BAD_INDEX_VALUE 0
#else
#define T_IS_FLOAT 1
#define IS_NAN(x) isnan(x)
#define T_LOWEST (-(T)INFINITY)
#define T_HIGHEST ((T)INFINITY)
#define BAD_INDEX_VALUE ((T)NAN)
#endif

// A floating literal of type T at full precision: K(0.5) is 0.5f for float and 0.5 for double.
#ifdef T_DOUBLE
#define K(x) (x)
#else
#define K(x) (x##f)
#endif

// max and min that return NaN when either argument is NaN (Java's Math.max and Math.min).
inline T max_nan(T a, T b) {
#if T_IS_FLOAT
    return IS_NAN(a) || IS_NAN(b) ? a + b : (a > b ? a : b);
#else
    return max(a, b);
#endif
}

inline T min_nan(T a, T b) {
#if T_IS_FLOAT
    return IS_NAN(a) || IS_NAN(b) ? a + b : (a < b ? a : b);
#else
    return min(a, b);
#endif
}

// Tree reductions over the work-group through scratch (one T per work item); every item gets the result.
// WG_REDUCE(name, combine) defines `T name(local T* scratch, T v)` combining with `combine(T, T)`.
#define WG_REDUCE(name, combine)                                          \
    inline T name(local T* scratch, T v) {                                \
        int lid = get_local_id(0);                                        \
        barrier(CLK_LOCAL_MEM_FENCE);                                     \
        scratch[lid] = v;                                                 \
        barrier(CLK_LOCAL_MEM_FENCE);                                     \
        for (int s = get_local_size(0) >> 1; s > 0; s >>= 1) {            \
            if (lid < s) {                                                \
                scratch[lid] = combine(scratch[lid], scratch[lid + s]);   \
            }                                                             \
            barrier(CLK_LOCAL_MEM_FENCE);                                 \
        }                                                                 \
        return scratch[0];                                                \
    }

inline T add_values(T a, T b) {
    return a + b;
}

WG_REDUCE(wg_sum, add_values)
WG_REDUCE(wg_max, max_nan)
WG_REDUCE(wg_min, min_nan)
