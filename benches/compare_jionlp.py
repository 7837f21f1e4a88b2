#!/usr/bin/env python3
"""Times a Python peer (jionlp's money extraction) against `qingdan quantities` on the same text.

Optional to run; needs `pip install jionlp` and a release build (`cargo build --release`).
Run from the repository root:

    python3 benches/compare_jionlp.py [FILES...]      # default: fixtures/*.txt

Both tools get the same non-blank lines of the files; qingdan reads them on stdin (one JSON line
out per line in), jionlp's extract_money is called per line in this process. Prints lines, bytes,
amounts found by each, seconds, MB/s and the speed ratio.
"""
import glob
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "qingdan")


def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.txt")))
    lines = []
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            lines.extend(l.strip() for l in fh if l.strip())
    text = "\n".join(lines) + "\n"
    size = len(text.encode("utf-8"))
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: run `cargo build --release` first")
    try:
        import jionlp
    except ImportError:
        sys.exit("jionlp is not installed: pip install jionlp")

    start = time.perf_counter()
    out = subprocess.run([BIN, "quantities"], input=text.encode("utf-8"), capture_output=True, check=True).stdout
    qd_secs = time.perf_counter() - start
    qd_amounts = sum(
        sum(1 for q in json.loads(l)["quantities"] if q["kind"] == "money") for l in out.decode("utf-8").splitlines()
    )

    # jionlp 1.5 keeps it under jionlp.ner; older releases export it at the top.
    extract_money = getattr(jionlp, "extract_money", None) or jionlp.ner.extract_money
    extract_money("预热每人每月100元")  # load its tables before timing
    start = time.perf_counter()
    jl_amounts = sum(len(extract_money(l)) for l in lines)
    jl_secs = time.perf_counter() - start

    mb = size / 1e6
    print(f"{len(lines)} lines, {size} bytes")
    print(f"qingdan quantities: {qd_amounts} amounts, {qd_secs:.3f} s, {mb / qd_secs:.1f} MB/s (one process, one core)")
    print(f"jionlp.extract_money: {jl_amounts} amounts, {jl_secs:.3f} s, {mb / jl_secs:.2f} MB/s")
    print(f"ratio: qingdan is {jl_secs / qd_secs:.1f}x faster")


if __name__ == "__main__":
    main()
