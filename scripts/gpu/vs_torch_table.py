#!/usr/bin/env python3
"""Summarizes the interleaved rounds of vs-torch.sh: for each work and configuration, the median over rounds of
each side's per-round median time with the min-max over rounds, and Tessera's ratio (PyTorch ms / Tessera ms, so
above 1 means Tessera is faster) against PyTorch at its default and at its best in the same precision.

Usage: vs_torch_table.py ROUNDS.jsonl   (lines carry "side": "tessera" | "torch" and "round": N)
"""
import json
import sys
from collections import defaultdict

BF16_MODES = {"bf16", "bf16_graph"}


def key(r):
    if r["work"] == "mlp_step":
        return "mlp_step %s batch %s" % (r["layers"], r["batch"])
    if r["work"] == "sgemm":
        return "sgemm %s" % r["n"]
    return "%s %s" % (r["work"], r.get("n", ""))


def precision(mode):
    if mode in BF16_MODES:
        return "bf16"
    return "tf32" if mode == "tf32" else "fp32"


def median(v):
    v = sorted(v)
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def main():
    runs = defaultdict(list)
    for line in open(sys.argv[1]):
        line = line.strip()
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        if "ms" not in r:
            continue
        runs[(key(r), r["side"], r.get("mode", "eager"))].append(r["ms"])
    works = sorted({k[0] for k in runs})
    print("| work | side | mode | ms, median of rounds (min-max) | rounds | vs PyTorch default | vs PyTorch best |")
    print("|---|---|---|---|---|---|---|")
    for w in works:
        torch_modes = {m: median(v) for (kw, side, m), v in runs.items() if kw == w and side == "torch"}
        for (kw, side, mode), v in sorted(runs.items()):
            if kw != w:
                continue
            ms = median(v)
            row = "| %s | %s | %s | %.4g (%.4g-%.4g) | %d |" % (w, side, mode, ms, min(v), max(v), len(v))
            if side == "tessera":
                same = {m: t for m, t in torch_modes.items() if precision(m) == precision(mode)}
                default = same.get("eager", same.get("bf16", same.get(mode)))
                best = min(same.values()) if same else None
                row += " %s | %s |" % ("%.2fx" % (default / ms) if default else "-",
                                       "%.2fx (%s)" % (best / ms, min(same, key=same.get)) if best else "-")
            else:
                row += " | |"
            print(row)


if __name__ == "__main__":
    main()
