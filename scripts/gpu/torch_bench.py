#!/usr/bin/env python3
"""PyTorch's side of the CUDA benchmarks of issue 7, measured like dev.tessera.cuda.CudaBench: the median over
repetitions of the CUDA-event time around one repetition, after warm-up. Workloads: SGEMM 4096 fp32 with TF32 off
and on, x * 2 on 64M floats, and one Adam + cross-entropy training step of the MLPs 784-1024-1024-10 (batch 256 and
4096) and 784-4096-4096-4096-10 (batch 4096). Prints one JSON object per line and appends them to --json FILE.

Usage: torch_bench.py [--json FILE] [--quick]
"""
import argparse
import json

import torch
from torch_common import event_ms, median, mlp_batch
from torch_common import mlp as mlp_model


def measure(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    return median([event_ms(fn) for _ in range(reps)])


def sgemm(n, tf32, reps):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    a = torch.randn(n, n, device="cuda")
    b = torch.randn(n, n, device="cuda")
    ms = measure(lambda: a @ b, 5, reps)
    torch.backends.cuda.matmul.allow_tf32 = False
    return "sgemm_%d_fp32%s" % (n, "_tf32" if tf32 else ""), ms, 2.0 * n ** 3 / (ms * 1e-3) / 1e12, "TFLOP/s"


def scale(n, reps):
    x = torch.randn(n, device="cuda")
    ms = measure(lambda: x * 2.0, 10, reps)
    return "mul2_64M_fp32", ms, 8.0 * n / (ms * 1e-3) / 1e12, "TB/s"


def mlp(widths, batch, reps):
    model = mlp_model(widths)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = mlp_batch(widths, batch)

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    ms = measure(step, 10, reps)
    flops = sum(6.0 * batch * widths[i] * widths[i + 1] for i in range(len(widths) - 1))
    name = "mlp_" + "-".join(str(w) for w in widths) + "_adam_b%d" % batch
    return name, ms, flops / (ms * 1e-3) / 1e12, "TFLOP/s"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("torch_bench: torch %s sees no CUDA device" % torch.__version__)
    reps = 5 if args.quick else 30
    card = torch.cuda.get_device_name(0)
    print("device: %s, torch %s, CUDA %s" % (card, torch.__version__, torch.version.cuda), flush=True)
    results = [sgemm(4096, False, reps), sgemm(4096, True, reps), scale(64 << 20, reps),
               mlp([784, 1024, 1024, 10], 256, reps), mlp([784, 1024, 1024, 10], 4096, reps),
               mlp([784, 4096, 4096, 4096, 10], 4096, reps)]
    lines = [json.dumps({"backend": "torch", "device": "cuda:0", "card": card, "name": n, "median_ms": round(ms, 4),
                         "rate": round(rate, 2), "unit": unit}) for n, ms, rate, unit in results]
    if args.json:
        with open(args.json, "a") as f:
            f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
