// Recurrent cell steps (dev.tessera.backend.fused.RecurrentFamily): the elementwise work of one time step of an
// Elman RNN, LSTM or GRU, forward and backward, one work item per (batch row b, hidden unit j). The cell codes are
// the ordinals of RecurrentFamily.Cell: 0 RNN tanh, 1 RNN ReLU, 2 LSTM (gates i f g o), 3 GRU (gates r z n).
// Offsets are in elements; the layouts and the mask blend are those of the descriptors. The parameters are the
// components of the argument records in order (dev.tessera.backend.fused.KernelArguments: the cell is its ordinal,
// an absent bias, keep or saved buffer a null pointer).

#define CELL_RNN_TANH 0
#define CELL_RNN_RELU 1
#define CELL_LSTM 2
#define CELL_GRU 3

// ================================================================ kernels

// next state = cell(x + hh + bias, prev state), blended with the previous state by keep[b] when keep is given
kernel void cell_step(int cell, global const T* x, int xo, global const T* hh, global const T* bias, global T* st,
                      int prev, int next, int cellOff, global T* saved, int so, global const T* keep, int ko,
                      int batch, int hidden) {
    bool hasBias = bias != 0;
    bool hasKeep = keep != 0;
    int gid = get_global_id(0);
    if (gid >= batch * hidden) {
        return;
    }
    int b = gid / hidden;
    int j = gid % hidden;
    int gates = cell == CELL_LSTM ? 4 : cell == CELL_GRU ? 3 : 1;
    global const T* xr = x + xo + b * gates * hidden;
    global const T* hr = hh + b * gates * hidden;
    T hp = st[prev + gid];
    T hn;
    if (cell == CELL_RNN_TANH || cell == CELL_RNN_RELU) {
        T p = xr[j] + hr[j];
        p = hasBias ? p + bias[j] : p;
        hn = cell == CELL_RNN_TANH ? u_tanh(p, 0) : u_relu(p, 0);
    } else if (cell == CELL_LSTM) {
        global T* sv = saved + so + b * 4 * hidden;
        T a[4];
        for (int k = 0; k < 4; k++) {
            T p = xr[k * hidden + j] + hr[k * hidden + j];
            p = hasBias ? p + bias[k * hidden + j] : p;
            a[k] = k == 2 ? u_tanh(p, 0) : u_sigmoid(p, 0);
            sv[k * hidden + j] = a[k];
        }
        T cp = st[prev + cellOff + gid];
        T cn = a[1] * cp + a[0] * a[2];
        hn = a[3] * u_tanh(cn, 0);
        st[next + cellOff + gid] = hasKeep ? cp + keep[ko + b] * (cn - cp) : cn;
    } else {
        global T* sv = saved + so + b * 4 * hidden;
        T u[3];
        for (int k = 0; k < 3; k++) {
            u[k] = hasBias ? hr[k * hidden + j] + bias[k * hidden + j] : hr[k * hidden + j];
        }
        T r = u_sigmoid(xr[j] + u[0], 0);
        T z = u_sigmoid(xr[hidden + j] + u[1], 0);
        T n = u_tanh(r * u[2] + xr[2 * hidden + j], 0);
        sv[j] = r;
        sv[hidden + j] = z;
        sv[2 * hidden + j] = n;
        sv[3 * hidden + j] = u[2];
        hn = (hp - n) * z + n;
    }
    st[next + gid] = hasKeep ? hp + keep[ko + b] * (hn - hp) : hn;
}

// gx (and for a GRU ghh) of one step from dh = carry_h + gs_h[next] (and dc likewise); carry becomes the gradient
// of the previous states that does not pass through hh
kernel void cell_step_backward(int cell, global const T* saved, int so, global const T* st, int prev, int next,
                               int cellOff, global const T* keep, int ko, global const T* gs, global T* carry,
                               global T* gx, int gxo, global T* ghh, int gho, int batch, int hidden) {
    bool hasKeep = keep != 0;
    int gid = get_global_id(0);
    int bh = batch * hidden;
    if (gid >= bh) {
        return;
    }
    int b = gid / hidden;
    int j = gid % hidden;
    int gates = cell == CELL_LSTM ? 4 : cell == CELL_GRU ? 3 : 1;
    global T* g = gx + gxo + b * gates * hidden;
    T kv = hasKeep ? keep[ko + b] : (T)1;
    T dhIn = carry[gid] + gs[next + gid];
    T dh = hasKeep ? kv * dhIn : dhIn;
    T carryH = hasKeep ? (1 - kv) * dhIn : (T)0;
    if (cell == CELL_RNN_TANH) {
        T hn = st[next + gid];
        g[j] = (1 - hn * hn) * dh;
    } else if (cell == CELL_RNN_RELU) {
        g[j] = st[next + gid] > 0 ? dh : (T)0;
    } else if (cell == CELL_LSTM) {
        global const T* sv = saved + so + b * 4 * hidden;
        T i = sv[j];
        T f = sv[hidden + j];
        T gg = sv[2 * hidden + j];
        T o = sv[3 * hidden + j];
        T dcIn = carry[bh + gid] + gs[next + cellOff + gid];
        T dc = hasKeep ? kv * dcIn : dcIn;
        T carryC = hasKeep ? (1 - kv) * dcIn : (T)0;
        T cp = st[prev + cellOff + gid];
        T tc = u_tanh(f * cp + i * gg, 0);
        g[3 * hidden + j] = dh * tc * o * (1 - o);
        dc += (1 - tc * tc) * o * dh;
        carry[bh + gid] = carryC + dc * f;
        g[j] = dc * gg * i * (1 - i);
        g[hidden + j] = dc * cp * f * (1 - f);
        g[2 * hidden + j] = (1 - gg * gg) * dc * i;
    } else {
        global const T* sv = saved + so + b * 4 * hidden;
        T r = sv[j];
        T z = sv[hidden + j];
        T n = sv[2 * hidden + j];
        T un = sv[3 * hidden + j];
        T hp = st[prev + gid];
        carryH += dh * z;
        T gz = (hp - n) * dh * z * (1 - z);
        T gn = (1 - z) * dh * (1 - n * n);
        T gr = gn * un * r * (1 - r);
        global T* gh = ghh + gho + b * 3 * hidden;
        g[j] = gr;
        g[hidden + j] = gz;
        g[2 * hidden + j] = gn;
        gh[j] = gr;
        gh[hidden + j] = gz;
        gh[2 * hidden + j] = gn * r;
    }
    carry[gid] = carryH;
}
