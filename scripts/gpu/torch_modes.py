#!/usr/bin/env python3
"""PyTorch's side of issue 13's GPU targets, at its defaults and at its best, timed like Tessera's BenchRunner.

Each work warms up for at least --warmup seconds and then until the medians of two consecutive windows of steps
agree within 3% (at most 3x the warm-up), and reports the median of CUDA-event timings of single steps. Works:
- mlp: one training step (forward, cross-entropy, backward, Adam) of 784-1024-1024-10 at batch 256 and 4096, and of
  784-4096-4096-4096-10 at batch 4096, in the modes
    eager        Adam's default implementation (foreach), FP32
    fused        Adam(fused=True), FP32
    graph        fused Adam with the whole step captured in a CUDA graph (torch.cuda.graph), FP32
    bf16         autocast bfloat16 + fused Adam, eager
    bf16_graph   autocast bfloat16 + fused Adam, captured in a CUDA graph
- sgemm: 4096^3 FP32 with TF32 off and on;
- mul2: x * 2 on 64M floats, one launch.
Prints one JSON object per line ({"side": "torch", "work": ..., "mode": ..., "ms": ...}) and appends them to --json.

Usage: torch_modes.py [--json FILE] [--warmup SECONDS] [--only mlp,sgemm,mul2]
"""
import argparse
import json
import time

import torch
from torch_common import event_ms, median, mlp, mlp_batch

WINDOW_STEPS = 20
TOLERANCE = 0.03


def timed(fn, warmup, budget=3.0, max_runs=500):
    """Median ms of one call of fn after a warm-up that ends when the timing is stable."""
    start = time.perf_counter()
    while time.perf_counter() - start < warmup:
        fn()
    torch.cuda.synchronize()
    previous = median([event_ms(fn) for _ in range(WINDOW_STEPS)])
    while time.perf_counter() - start < 3 * warmup:
        current = median([event_ms(fn) for _ in range(WINDOW_STEPS)])
        if abs(current - previous) <= TOLERANCE * previous:
            break
        previous = current
    times = []
    end = time.perf_counter() + budget
    while len(times) < 5 or (time.perf_counter() < end and len(times) < max_runs):
        times.append(event_ms(fn))
    return median(times), min(times), len(times)


def mlp_step(widths, batch, mode):
    model = mlp(widths)
    graph = mode in ("graph", "bf16_graph")
    bf16 = mode in ("bf16", "bf16_graph")
    fused = mode != "eager"
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, fused=fused, capturable=graph) if fused \
        else torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = mlp_batch(widths, batch)

    def step():
        opt.zero_grad(set_to_none=not graph)
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=bf16):
            loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    if not graph:
        return step
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            step()
    torch.cuda.current_stream().wait_stream(side)
    g = torch.cuda.CUDAGraph()
    opt.zero_grad(set_to_none=False)
    with torch.cuda.graph(g):
        step()
    return g.replay


def emit(record, sink):
    record["side"] = "torch"
    line = json.dumps(record)
    print(line, flush=True)
    if sink:
        with open(sink, "a") as f:
            f.write(line + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json")
    p.add_argument("--warmup", type=float, default=5.0)
    p.add_argument("--only", default="mlp,sgemm,mul2")
    args = p.parse_args()
    only = set(args.only.split(","))
    device = torch.cuda.get_device_name(0)
    if "mlp" in only:
        for widths, batch, modes in (([784, 1024, 1024, 10], 256, ("eager", "fused", "graph")),
                                     ([784, 1024, 1024, 10], 4096, ("eager", "fused", "graph")),
                                     ([784, 4096, 4096, 4096, 10], 4096,
                                      ("eager", "graph", "bf16", "bf16_graph"))):
            for mode in modes:
                ms, best, runs = timed(mlp_step(widths, batch, mode), args.warmup)
                emit({"work": "mlp_step", "layers": "-".join(map(str, widths)), "batch": batch, "mode": mode,
                      "ms": round(ms, 4), "min_ms": round(best, 4), "runs": runs, "device": device}, args.json)
    if "sgemm" in only:
        n = 4096
        a = torch.randn(n, n, device="cuda")
        b = torch.randn(n, n, device="cuda")
        for tf32 in (False, True):
            torch.backends.cuda.matmul.allow_tf32 = tf32
            ms, best, runs = timed(lambda: a @ b, args.warmup / 2)
            emit({"work": "sgemm", "n": n, "mode": "tf32" if tf32 else "fp32", "ms": round(ms, 4),
                  "tflops": round(2.0 * n ** 3 / (ms * 1e-3) / 1e12, 2), "runs": runs, "device": device}, args.json)
        torch.backends.cuda.matmul.allow_tf32 = False
    if "mul2" in only:
        n = 64 * 1024 * 1024
        x = torch.randn(n, device="cuda")
        ms, best, runs = timed(lambda: x * 2.0, args.warmup / 2)
        emit({"work": "mul2", "n": n, "mode": "eager", "ms": round(ms, 4),
              "tbps": round(8.0 * n / (ms * 1e-3) / 1e12, 3), "runs": runs, "device": device}, args.json)


if __name__ == "__main__":
    main()
