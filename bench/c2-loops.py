#!/usr/bin/python3
"""Summarizes the hot loops of one method as C2 compiled it, from a HotSpot log without the hsdis disassembler.

Run the JVM with
    -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,CLASS::METHOD
and pass its output (stdout and stderr) here:
    bench/c2-loops.py LOG METHOD [--osr] [--list]
Without hsdis, HotSpot prints the machine code as hex words; this script takes the last C2 (tier 4) compile of METHOD
(the normal one, or the on-stack-replacement one with --osr), disassembles it with objdump and prints, for every
backward jump whose loop holds vector FMAs, the loop's size, its FMAs, its stack accesses (spills) and its moves
between vector registers: docs/BENCHMARKS.md ("JVM-to-JVM variance") shows a fast and a slow compile of the same
micro-kernel this way. --list prints the loop's instructions too.
"""
import re
import subprocess
import sys
import tempfile


def machine_code(log, method, osr):
    blocks = re.split(r"(?=Compiled method \()", log)
    chosen = [b for b in blocks if b.startswith("Compiled method (c2)") and method in b.split("\n")[0]
              and ("%" in b.split("\n")[0]) == osr]
    if not chosen:
        sys.exit(f"c2-loops: no C2 {'OSR ' if osr else ''}compile of {method} in the log")
    block = chosen[-1]
    code = block[block.index("[MachCode]"):block.index("[/MachCode]")]
    start, data = None, bytearray()
    for line in code.split("\n"):
        m = re.match(r"\s*0x([0-9a-f]+): ((?:[0-9a-f]{2,8}\s*\|?\s*)+)$", line.strip() + " ")
        if not m:
            continue
        addr = int(m.group(1), 16)
        start = addr if start is None else start
        if addr < start + len(data):
            continue
        data += b"\x00" * (addr - start - len(data)) + bytes.fromhex(re.sub(r"[\s|]", "", m.group(2)))
    return start, bytes(data)


def disassemble(start, data):
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", f"--adjust-vma={start:#x}", f.name],
                             capture_output=True, text=True, check=True).stdout
    return [(int(m.group(1), 16), m.group(2)) for m in
            (re.match(r"\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)", line) for line in out.split("\n")) if m]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit("usage: c2-loops.py LOG METHOD [--osr] [--list]")
    start, data = machine_code(open(args[0], errors="replace").read(), args[1], "--osr" in sys.argv)
    code = disassemble(start, data)
    moves = re.compile(r"vmov\w+ +%[xyz]mm\d+,%[xyz]mm\d+$")
    print(f"{args[1]}: {len(data)} bytes of code at {start:#x}")
    for addr, text in code:
        m = re.match(r"j\w+\s+0x([0-9a-f]+)", text)
        if not m or int(m.group(1), 16) >= addr:
            continue
        body = [t for a, t in code if int(m.group(1), 16) <= a <= addr]
        fmas = sum("vfmadd" in t for t in body)
        if fmas == 0 or len(body) > 400:
            continue
        print(f"loop {int(m.group(1), 16):#x}-{addr:#x}: {len(body)} instructions, {fmas} FMAs, "
              f"{sum('(%rsp)' in t for t in body)} stack accesses, {sum(bool(moves.match(t)) for t in body)} "
              f"vector register moves")
        if "--list" in sys.argv:
            print("\n".join("    " + t for t in body))


main()
