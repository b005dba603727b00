#!/usr/bin/python3
"""Merges the JSON lines of BenchRunner (one file per JVM) and peers.py into one table of ratios.

Usage: table.py --tessera LABEL=FILE [--tessera LABEL=FILE ...] --peers FILE [--triad FILE]
Each row is one measurement (work + size); columns: each Tessera run, each peer, and the ratio of the first Tessera
run to each peer, written so that > 1 means Tessera is better (throughput divided by throughput, time divided into
time). A file may hold several rounds (records with a "round" field, as bench/compare-cpu.sh writes them): a cell is
then the median over the rounds with the spread (min-max), and a ratio is the median of the per-round ratios with
their min-max.
"""
import argparse
import json
import statistics

HIGHER_IS_BETTER = {"gflops": True, "gbps": True, "samples_per_s": True, "ms": False, "ns_per_op": False}
METRIC = {"sgemm": "gflops", "mlp_step": "samples_per_s", "lstm_step": "ms", "relu": "gbps", "add": "gbps",
          "softmax_xent": "ms", "adam": "ms", "dispatch": "ns_per_op", "conv2d": "gflops"}


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


def by_key(records):
    """{key: {round: record}} (round 0 when a record has none)."""
    out = {}
    for r in records:
        out.setdefault(key(r), {})[r.get("round", 0)] = r
    return out


def cell(rounds, metric):
    """The median of the metric over the rounds, with (min-max) when there are several; '' when absent."""
    values = [r[metric] for r in rounds.values() if metric in r]
    if not values:
        return ""
    if len(values) == 1:
        return f"{values[0]:.4g}"
    return f"{statistics.median(values):.4g} ({min(values):.4g}-{max(values):.4g})"


def ratio(ours, theirs, metric):
    """The median of the per-round ratios (> 1: ours is better), with (min-max) over rounds; '' when none pair."""
    pairs = [(ours[r][metric], theirs[r][metric]) for r in ours
             if r in theirs and metric in ours[r] and metric in theirs[r] and ours[r][metric] and theirs[r][metric]]
    if not pairs:
        return ""
    values = [a / b if HIGHER_IS_BETTER[metric] else b / a for a, b in pairs]
    if len(values) == 1:
        return f"{values[0]:.2f}x"
    return f"{statistics.median(values):.2f}x ({min(values):.2f}-{max(values):.2f})"


def median_metric(rounds, metric):
    values = [r[metric] for r in rounds.values() if metric in r]
    return statistics.median(values) if values else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tessera", action="append", required=True, help="LABEL=FILE")
    p.add_argument("--peers", required=True)
    p.add_argument("--triad")
    args = p.parse_args()
    runs = []
    for spec in args.tessera:
        label, path = spec.split("=", 1)
        runs.append((label, by_key(load(path))))
    peers = {}
    for r in load(args.peers):
        peers.setdefault(r["peer"], []).append(r)
    peers = {name: by_key(recs) for name, recs in peers.items()}
    peer_names = sorted(peers)
    rows = []
    for k in runs[0][1]:
        metric = METRIC[k[0]]
        cells = [f"{k[0]} {k[1]}", metric]
        for label, recs in runs:
            cells.append(cell(recs.get(k, {}), metric))
        first = runs[0][1][k]
        ratios = []
        for name in peer_names:
            theirs = peers[name].get(k, {})
            cells.append(cell(theirs, metric))
            ratios.append(ratio(first, theirs, metric))
        rows.append(cells + ratios)
    header = ["work", "metric"] + [label for label, _ in runs] + peer_names + [f"vs {n}" for n in peer_names]
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    if args.triad:
        ours = runs[0][1]
        for t in load(args.triad):
            relu = median_metric(ours.get(("relu", "n=" + str(1 << 26)), {}), "gbps")
            add = median_metric(ours.get(("add", "n=" + str(1 << 26)), {}), "gbps")
            print(f"\nmachine triad ({t['threads']} threads): {t['gbps']:.1f} GB/s; relu and add above are "
                  f"{100 * relu / t['gbps']:.0f}% and {100 * add / t['gbps']:.0f}% of it")
    print("\nratios: > 1 means the first Tessera column is better than the peer; (min-max) over the rounds")


if __name__ == "__main__":
    main()
