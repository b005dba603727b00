#!/usr/bin/python3
"""The peers' side of bench/compare-cpu.sh: the same works as Tessera's BenchRunner, measured with numpy/OpenBLAS
and PyTorch CPU, printed as one JSON object per line in BenchRunner's format (plus a "peer" field).

Usage: peers.py --threads N [--quick] [--only sgemm,mlp_step,lstm_step,relu,add,softmax_xent,adam,dispatch,conv2d]
Timing: median of runs after warm-up, like BenchRunner. The caller sets OMP_WAIT_POLICY=passive (torch 1.13 with two
thread pools otherwise fights itself) and unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (they halve OpenBLAS GEMM).
"""
import argparse
import json
import os
import statistics
import time


def median_seconds(fn, warmup=1.0, budget=2.0, min_runs=5, max_runs=200):
    end = time.perf_counter() + warmup
    runs = 0
    while runs < 2 or time.perf_counter() < end:
        fn()
        runs += 1
    times = []
    end = time.perf_counter() + budget
    while len(times) < max_runs and (len(times) < min_runs or time.perf_counter() < end):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def emit(record):
    print(json.dumps(record), flush=True)


def numpy_works(args, only):
    import numpy as np
    rng = np.random.default_rng(1)
    w, b = (0.05, 0.05) if args.quick else (1.0, 2.0)
    if "sgemm" in only:
        for n in ([128, 256] if args.quick else [256, 512, 1024, 2048, 4096]):
            a = rng.standard_normal((n, n), dtype=np.float32)
            bm = rng.standard_normal((n, n), dtype=np.float32)
            c = np.empty((n, n), dtype=np.float32)
            sec = median_seconds(lambda: np.matmul(a, bm, out=c), w, b, 3)
            emit({"work": "sgemm", "peer": "numpy", "n": n, "threads": args.threads,
                  "gflops": 2.0 * n ** 3 / sec / 1e9, "ms": sec * 1e3})
    n = (1 << 20) if args.quick else (1 << 26)
    x = rng.standard_normal(n, dtype=np.float32)
    y = rng.standard_normal(n, dtype=np.float32)
    out = np.empty_like(x)
    streaming("numpy", only, n, lambda: np.maximum(x, 0, out=out), lambda: np.add(x, y, out=out), w, b)


def streaming(peer, only, n, relu, add, w, b):
    """Times the memory-bound works of only on n floats: relu (8 bytes per element moved) and add (12)."""
    for work, fn, moved in (("relu", relu, 8.0), ("add", add, 12.0)):
        if work in only:
            sec = median_seconds(fn, w, b)
            emit({"work": work, "peer": peer, "n": n, "gbps": moved * n / sec / 1e9, "ms": sec * 1e3})


def torch_works(args, only):
    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    w, b = (0.05, 0.05) if args.quick else (1.0, 2.0)
    if "sgemm" in only:
        for n in ([128, 256] if args.quick else [256, 512, 1024, 2048, 4096]):
            a = torch.randn(n, n)
            bm = torch.randn(n, n)
            c = torch.empty(n, n)
            sec = median_seconds(lambda: torch.matmul(a, bm, out=c), w, b, 3)
            emit({"work": "sgemm", "peer": "torch", "n": n, "threads": args.threads,
                  "gflops": 2.0 * n ** 3 / sec / 1e9, "ms": sec * 1e3})
    if "mlp_step" in only:
        layers = [64, 128, 10] if args.quick else [784, 1024, 1024, 10]
        for batch in ([32] if args.quick else [256, 1024]):
            mods = []
            for i in range(len(layers) - 1):
                mods.append(torch.nn.Linear(layers[i], layers[i + 1]))
                if i + 2 < len(layers):
                    mods.append(torch.nn.ReLU())
            model = torch.nn.Sequential(*mods)
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            xb = torch.randn(batch, layers[0])
            yb = torch.randint(0, layers[-1], (batch,))
            loss_fn = torch.nn.CrossEntropyLoss()

            def step():
                opt.zero_grad(set_to_none=True)
                loss_fn(model(xb), yb).backward()
                opt.step()
            sec = median_seconds(step, 0.05 if args.quick else 2.0, 0.05 if args.quick else 3.0)
            emit({"work": "mlp_step", "peer": "torch", "layers": "-".join(map(str, layers)), "batch": batch,
                  "threads": args.threads, "ms": sec * 1e3, "samples_per_s": batch / sec})
    if "lstm_step" in only:
        lstm_step(args)
    n = (1 << 20) if args.quick else (1 << 26)
    x = torch.randn(n)
    y = torch.randn(n)
    out = torch.empty(n)
    streaming("torch", only, n, lambda: torch.clamp_min(x, 0, out=out), lambda: torch.add(x, y, out=out), w, b)
    if "softmax_xent" in only:
        for rows, classes in ([(64, 10)] if args.quick else [(1024, 10), (256, 1000), (4096, 1000)]):
            logits = (torch.randn(rows, classes) * 3).requires_grad_(True)
            labels = torch.tensor([(i * 7) % classes for i in range(rows)])

            def xent():
                logits.grad = None
                torch.nn.functional.cross_entropy(logits, labels).backward()
            sec = median_seconds(xent, w, b)
            emit({"work": "softmax_xent", "peer": "torch", "rows": rows, "classes": classes, "ms": sec * 1e3})
    if "adam" in only:
        layers = [64, 128, 10] if args.quick else [784, 1024, 1024, 10]
        params = []
        for i in range(len(layers) - 1):
            params.append(torch.nn.Parameter(torch.randn(layers[i + 1], layers[i]) * 0.05))
            params.append(torch.nn.Parameter(torch.randn(layers[i + 1]) * 0.05))
        for p in params:
            p.grad = torch.randn_like(p) * 0.01
        for fused_name, kwargs in (("torch", {}), ("torch-foreach", {"foreach": True})):
            try:
                opt = torch.optim.Adam(params, lr=1e-3, **kwargs)
            except TypeError:
                continue
            sec = median_seconds(opt.step, w, b)
            count = sum(p.numel() for p in params)
            emit({"work": "adam", "peer": fused_name, "params": count, "ms": sec * 1e3,
                  "gbps": 28.0 * count / sec / 1e9})
    if "dispatch" in only:
        a = torch.ones(16)
        bb = torch.ones(16)
        ops = 1000 if args.quick else 20000

        def many():
            for _ in range(ops):
                torch.add(a, bb)
        sec = median_seconds(many, w, b)
        emit({"work": "dispatch", "peer": "torch", "op": "add", "n": 16, "ns_per_op": sec / ops * 1e9})
    if "conv2d" in only:
        n, c, size, out = (8, 8, 12, 16) if args.quick else (128, 32, 28, 64)
        conv = torch.nn.Conv2d(c, out, 3, padding=1)
        xc = torch.randn(n, c, size, size, requires_grad=True)
        gy = torch.randn(n, out, size, size)

        def conv_step():
            xc.grad = None
            conv.zero_grad(set_to_none=True)
            conv(xc).backward(gy)
        sec = median_seconds(conv_step, 0.05 if args.quick else 4.0, 0.05 if args.quick else 3.0)
        flops = 3 * 2.0 * n * out * size * size * c * 9
        emit({"work": "conv2d", "peer": "torch", "shape": f"{n}x{c}x{size}x{size}-{out}-k3p1", "batch": n,
              "threads": args.threads, "ms": sec * 1e3, "gflops": flops / sec / 1e9})


def lstm_step(args):
    """BenchRunner's lstm_step (LstmWorkload): embedding, one batch-first LSTM layer, a linear head for every step,
    mean cross-entropy against the next symbols, backward and Adam 2e-3, on a fixed batch of the same symbols."""
    import torch
    vocab, emb, hidden, seq, batch = (30, 16, 32, 8, 4) if args.quick else (114, 64, 256, 64, 32)
    embedding = torch.nn.Embedding(vocab, emb)
    lstm = torch.nn.LSTM(emb, hidden, batch_first=True)
    head = torch.nn.Linear(hidden, vocab)
    params = list(embedding.parameters()) + list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=2e-3)
    text = torch.tensor([(i * 2654435761) % vocab for i in range(batch * (seq + 1))]).view(batch, seq + 1)
    xb, yb = text[:, :seq].contiguous(), text[:, 1:].reshape(-1).contiguous()

    def step():
        opt.zero_grad(set_to_none=True)
        h, _ = lstm(embedding(xb))
        torch.nn.functional.cross_entropy(head(h.reshape(-1, hidden)), yb).backward()
        opt.step()
    sec = median_seconds(step, 0.05 if args.quick else 2.0, 0.05 if args.quick else 3.0)
    emit({"work": "lstm_step", "peer": "torch", "vocab": vocab, "embedding": emb, "hidden": hidden, "seq": seq,
          "batch": batch, "threads": args.threads, "ms": sec * 1e3})


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--only", default="sgemm,mlp_step,lstm_step,relu,add,softmax_xent,adam,dispatch,conv2d")
    p.add_argument("--peer", choices=["numpy", "torch", "all"], default="all")
    args = p.parse_args()
    only = set(args.only.split(","))
    if args.peer in ("numpy", "all"):
        numpy_works(args, only)
    if args.peer in ("torch", "all"):
        torch_works(args, only)


if __name__ == "__main__":
    main()
