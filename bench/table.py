#!/usr/bin/python3
"""Merges the JSON lines of BenchRunner (one file per JVM) and peers.py into one table of ratios.

Usage: table.py --tessera LABEL=FILE [--tessera LABEL=FILE ...] --peers FILE [--triad FILE]
Each row is one measurement (work + size); columns: each Tessera run, each peer, and the ratio of the first Tessera
run to each peer, written so that > 1 means Tessera is better (throughput divided by throughput, time divided into
time).
"""
import argparse
import json

HIGHER_IS_BETTER = {"gflops": True, "gbps": True, "samples_per_s": True, "ms": False, "ns_per_op": False}
METRIC = {"sgemm": "gflops", "mlp_step": "samples_per_s", "lstm_step": "ms", "relu": "gbps", "add": "gbps", "softmax_xent": "ms",
          "adam": "ms", "dispatch": "ns_per_op"}


def key(rec):
    w = rec["work"]
    for k in ("n", "batch", "params"):
        if k in rec and w != "dispatch":
            return w, f"{k}={rec[k]}"
    if "rows" in rec:
        return w, f"{rec['rows']}x{rec['classes']}"
    return w, rec.get("op", "")


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tessera", action="append", required=True, help="LABEL=FILE")
    p.add_argument("--peers", required=True)
    p.add_argument("--triad")
    args = p.parse_args()
    runs = []
    for spec in args.tessera:
        label, path = spec.split("=", 1)
        runs.append((label, {key(r): r for r in load(path)}))
    peers = {}
    for r in load(args.peers):
        peers.setdefault(r["peer"], {})[key(r)] = r
    peer_names = sorted(peers)
    rows = []
    order = list(runs[0][1].keys())
    for k in order:
        metric = METRIC[k[0]]
        cells = [f"{k[0]} {k[1]}", metric]
        first = None
        for label, recs in runs:
            v = recs.get(k, {}).get(metric)
            cells.append("" if v is None else f"{v:.4g}")
            first = v if first is None else first
        ratios = []
        for name in peer_names:
            v = peers[name].get(k, {}).get(metric)
            cells.append("" if v is None else f"{v:.4g}")
            if v is None or first is None or v == 0:
                ratios.append("")
            else:
                r = first / v if HIGHER_IS_BETTER[metric] else v / first
                ratios.append(f"{r:.2f}x")
        rows.append(cells + ratios)
    header = ["work", "metric"] + [label for label, _ in runs] + peer_names + [f"vs {n}" for n in peer_names]
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    if args.triad:
        for t in load(args.triad):
            print(f"\nmachine triad ({t['threads']} threads): {t['gbps']:.1f} GB/s; relu and add above are "
                  f"{100 * runs[0][1].get(('relu', 'n=' + str(1 << 26)), {}).get('gbps', 0) / t['gbps']:.0f}% and "
                  f"{100 * runs[0][1].get(('add', 'n=' + str(1 << 26)), {}).get('gbps', 0) / t['gbps']:.0f}% of it")
    print("\nratios: > 1 means the first Tessera column is better than the peer")


if __name__ == "__main__":
    main()
