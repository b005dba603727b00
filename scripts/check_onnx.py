#!/usr/bin/python3
"""Checks ONNX files written by Tessera (tessera export, OnnxExporter) with the ONNX reference checker.

Usage (Debian's python3 with python3-onnx, onnx 1.12 or newer):
    /usr/bin/python3 scripts/check_onnx.py MODEL.onnx...
For each file: onnx.checker.check_model with full_check (schema of every node and shape inference), then one line
`ok FILE: ir_version V, opset O, N nodes`. Exits 1 naming the file and the checker's message on the first failure.
"""
import sys

import onnx


def main(paths):
    if not paths:
        sys.exit("usage: check_onnx.py MODEL.onnx...")
    for path in paths:
        model = onnx.load(path)
        try:
            onnx.checker.check_model(model, full_check=True)
        except onnx.checker.ValidationError as e:
            sys.exit(f"{path}: {e}")
        opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
        print(f"ok {path}: ir_version {model.ir_version}, opset {opset}, {len(model.graph.node)} nodes")


if __name__ == "__main__":
    main(sys.argv[1:])
