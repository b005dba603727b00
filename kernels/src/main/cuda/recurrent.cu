// Recurrent cell steps (dev.tessera.backend.fused.RecurrentFamily), for f32 and f64: the elementwise work of one time
// step of an Elman RNN, LSTM or GRU, forward and backward, one thread per (batch row b, hidden unit j). The cell
// codes are the ordinals of RecurrentFamily.Cell: 0 RNN tanh, 1 RNN ReLU, 2 LSTM (gates i f g o), 3 GRU (gates r z
// n). Offsets are in elements; the layouts and the mask blend are those of the descriptors.
#include "common.cuh"
#include "math.cuh"

#define TS_CELL_RNN_TANH 0
#define TS_CELL_RNN_RELU 1
#define TS_CELL_LSTM 2
#define TS_CELL_GRU 3

// =================================================================================================================
// Launch parameters: the fields of the descriptors' argument records, in order and with their names (DescriptorArgs).

struct CellStepArgs {
    i64 cell;            // RecurrentFamily.Cell ordinal
    const void* x;       // input projection rows [B, G H] at xOffset
    i64 xOffset;
    const void* hh;      // h W_hh^T [B, G H]
    const void* bias;    // b_hh [G H] or null
    void* states;        // h blocks [B, H]; c blocks cellOffset elements after them
    i64 prevOffset;
    i64 nextOffset;
    i64 cellOffset;
    void* saved;         // activations [B, 4H] at savedOffset (LSTM i f g o, GRU r z n u_n), null for RNN
    i64 savedOffset;
    const void* keep;    // mask [B] at keepOffset, or null
    i64 keepOffset;
    i64 batch;
    i64 hidden;
};
TS_SLOTS(CellStepArgs, 15);

struct CellStepBackwardArgs {
    i64 cell;
    const void* saved;
    i64 savedOffset;
    const void* states;
    i64 prevOffset;
    i64 nextOffset;
    i64 cellOffset;
    const void* keep;
    i64 keepOffset;
    const void* gradStates;  // same layout as states
    void* carry;             // dh [B, H], then dc [B, H] for an LSTM; replaced by the direct part for the step before
    void* gx;                // gradient of the pre-activations [B, G H] at gxOffset
    i64 gxOffset;
    void* ghh;               // GRU: gradient of hh + b [B, 3H] at ghhOffset; null otherwise
    i64 ghhOffset;
    i64 batch;
    i64 hidden;
};
TS_SLOTS(CellStepBackwardArgs, 17);

// =================================================================================================================
// Kernels

template <typename T>
__device__ __forceinline__ void ts_cell_step(const CellStepArgs& a) {
    const int cell = (int) a.cell;
    const i64 h = a.hidden;
    const int gates = cell == TS_CELL_LSTM ? 4 : cell == TS_CELL_GRU ? 3 : 1;
    const T* bias = static_cast<const T*>(a.bias);
    const T* keep = static_cast<const T*>(a.keep);
    T* st = static_cast<T*>(a.states);
    TS_GRID_LOOP(i, a.batch * h) {
        const i64 b = i / h;
        const i64 j = i % h;
        const T* xr = static_cast<const T*>(a.x) + a.xOffset + b * gates * h;
        const T* hr = static_cast<const T*>(a.hh) + b * gates * h;
        const T hp = st[a.prevOffset + i];
        T hn;
        if (cell == TS_CELL_RNN_TANH || cell == TS_CELL_RNN_RELU) {
            T p = xr[j] + hr[j];
            p = bias != nullptr ? p + bias[j] : p;
            hn = cell == TS_CELL_RNN_TANH ? u_tanh<T>(p, T(0)) : u_relu<T>(p, T(0));
        } else if (cell == TS_CELL_LSTM) {
            T* sv = static_cast<T*>(a.saved) + a.savedOffset + b * 4 * h;
            T act[4];
            for (int k = 0; k < 4; ++k) {
                T p = xr[k * h + j] + hr[k * h + j];
                p = bias != nullptr ? p + bias[k * h + j] : p;
                act[k] = k == 2 ? u_tanh<T>(p, T(0)) : u_sigmoid<T>(p, T(0));
                sv[k * h + j] = act[k];
            }
            const T cp = st[a.prevOffset + a.cellOffset + i];
            const T cn = act[1] * cp + act[0] * act[2];
            hn = act[3] * u_tanh<T>(cn, T(0));
            st[a.nextOffset + a.cellOffset + i] = keep != nullptr ? cp + keep[a.keepOffset + b] * (cn - cp) : cn;
        } else {
            T* sv = static_cast<T*>(a.saved) + a.savedOffset + b * 4 * h;
            T u[3];
            for (int k = 0; k < 3; ++k) {
                u[k] = bias != nullptr ? hr[k * h + j] + bias[k * h + j] : hr[k * h + j];
            }
            const T r = u_sigmoid<T>(xr[j] + u[0], T(0));
            const T z = u_sigmoid<T>(xr[h + j] + u[1], T(0));
            const T n = u_tanh<T>(r * u[2] + xr[2 * h + j], T(0));
            sv[j] = r;
            sv[h + j] = z;
            sv[2 * h + j] = n;
            sv[3 * h + j] = u[2];
            hn = (hp - n) * z + n;
        }
        st[a.nextOffset + i] = keep != nullptr ? hp + keep[a.keepOffset + b] * (hn - hp) : hn;
    }
}

template <typename T>
__device__ __forceinline__ void ts_cell_step_backward(const CellStepBackwardArgs& a) {
    const int cell = (int) a.cell;
    const i64 h = a.hidden;
    const i64 bh = a.batch * h;
    const int gates = cell == TS_CELL_LSTM ? 4 : cell == TS_CELL_GRU ? 3 : 1;
    const T* st = static_cast<const T*>(a.states);
    const T* gs = static_cast<const T*>(a.gradStates);
    const T* keep = static_cast<const T*>(a.keep);
    T* carry = static_cast<T*>(a.carry);
    TS_GRID_LOOP(i, bh) {
        const i64 b = i / h;
        const i64 j = i % h;
        T* g = static_cast<T*>(a.gx) + a.gxOffset + b * gates * h;
        const T kv = keep != nullptr ? keep[a.keepOffset + b] : T(1);
        const T dhIn = carry[i] + gs[a.nextOffset + i];
        const T dh = keep != nullptr ? kv * dhIn : dhIn;
        T carryH = keep != nullptr ? (T(1) - kv) * dhIn : T(0);
        if (cell == TS_CELL_RNN_TANH) {
            const T hn = st[a.nextOffset + i];
            g[j] = (T(1) - hn * hn) * dh;
        } else if (cell == TS_CELL_RNN_RELU) {
            g[j] = st[a.nextOffset + i] > T(0) ? dh : T(0);
        } else if (cell == TS_CELL_LSTM) {
            const T* sv = static_cast<const T*>(a.saved) + a.savedOffset + b * 4 * h;
            const T ig = sv[j];
            const T f = sv[h + j];
            const T gg = sv[2 * h + j];
            const T o = sv[3 * h + j];
            const T dcIn = carry[bh + i] + gs[a.nextOffset + a.cellOffset + i];
            T dc = keep != nullptr ? kv * dcIn : dcIn;
            const T carryC = keep != nullptr ? (T(1) - kv) * dcIn : T(0);
            const T cp = st[a.prevOffset + a.cellOffset + i];
            const T tc = u_tanh<T>(f * cp + ig * gg, T(0));
            g[3 * h + j] = dh * tc * o * (T(1) - o);
            dc += (T(1) - tc * tc) * o * dh;
            carry[bh + i] = carryC + dc * f;
            g[j] = dc * gg * ig * (T(1) - ig);
            g[h + j] = dc * cp * f * (T(1) - f);
            g[2 * h + j] = (T(1) - gg * gg) * dc * ig;
        } else {
            const T* sv = static_cast<const T*>(a.saved) + a.savedOffset + b * 4 * h;
            const T r = sv[j];
            const T z = sv[h + j];
            const T n = sv[2 * h + j];
            const T un = sv[3 * h + j];
            const T hp = st[a.prevOffset + i];
            carryH += dh * z;
            const T gz = (hp - n) * dh * z * (T(1) - z);
            const T gn = (T(1) - z) * dh * (T(1) - n * n);
            const T gr = gn * un * r * (T(1) - r);
            T* gh = static_cast<T*>(a.ghh) + a.ghhOffset + b * 3 * h;
            g[j] = gr;
            g[h + j] = gz;
            g[2 * h + j] = gn;
            gh[j] = gr;
            gh[h + j] = gz;
            gh[2 * h + j] = gn * r;
        }
        carry[i] = carryH;
    }
}

TS_FLOAT_ENTRIES(cell_step, CellStepArgs, ts_cell_step)
TS_FLOAT_ENTRIES(cell_step_backward, CellStepBackwardArgs, ts_cell_step_backward)
