#!/usr/bin/env python3
"""Times `qingdan quantities` against two Python peers on the same lines, in one run.

    python3 benches/compare_peers.py [FILES...]     # default: every fixtures/*.txt, 20 times over

The peers are not project dependencies: the script makes its own virtual environment
(`target/peer-venv`, pinned jionlp 1.5.31 and cn2an 0.5.24) on first use and re-runs itself
inside it. It needs a release build (`cargo build --release`).

All three tools get the same non-blank lines:
- qingdan: `target/release/qingdan quantities` reads them on stdin, one JSON line out per line
  in (process start, reading, writing and JSON included);
- jionlp: `jionlp.extract_money(line)` per line, in this process (its tables loaded first);
- cn2an: `cn2an.transform(line, "cn2an")` per line (Chinese numerals to digits: the part of
  the job cn2an does), in this process.

Each is timed three times in the same run and its best time kept. qingdan runs on every core
(its default) and with `-j 1`; the peers run on one (they have no parallel mode). Prints lines,
bytes, what each found, seconds, MB/s and qingdan's speed ratio to each peer.
"""
import glob
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "qingdan")
VENV = os.path.join(ROOT, "target", "peer-venv")
PINS = ["jionlp==1.5.31", "cn2an==0.5.24"]
REPEAT = 20


def ensure_venv():
    """Re-runs this script inside its own environment with the peers installed."""
    py = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(py):
        print(f"setting up {VENV} ({', '.join(PINS)})", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", *PINS], check=True)
    os.execv(py, [py, os.path.abspath(__file__), *sys.argv[1:]])


def read_lines(files):
    lines = []
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            lines.extend(l.strip() for l in fh if l.strip())
    return lines


RUNS = 3


def timed(label, fn):
    """The best of RUNS runs (the machine is shared; the best run is the least disturbed)."""
    best = None
    for _ in range(RUNS):
        start = time.perf_counter()
        found = fn()
        secs = time.perf_counter() - start
        best = secs if best is None else min(best, secs)
    return label, found, best


def main():
    ensure_venv()
    import cn2an
    import jionlp

    if sys.argv[1:]:
        lines = read_lines(sys.argv[1:])
    else:
        lines = read_lines(sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.txt")))) * REPEAT
    text = ("\n".join(lines) + "\n").encode("utf-8")
    mb = len(text) / 1e6
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: run `cargo build --release` first")

    def qingdan(*args):
        # Only the run is timed; its output is counted afterwards (parsing JSON in Python is
        # the harness's cost, not qingdan's).
        return lambda: subprocess.run(
            [BIN, "quantities", *args], input=text, capture_output=True, check=True
        ).stdout

    def count_money(out):
        return sum(
            sum(1 for q in json.loads(l)["quantities"] if q["kind"] == "money")
            for l in out.decode("utf-8").splitlines()
        )

    # jionlp 1.5 keeps it under jionlp.ner; older releases export it at the top.
    extract_money = getattr(jionlp, "extract_money", None) or jionlp.ner.extract_money
    extract_money("预热每人每月100元")  # load its tables before timing
    cn2an.transform("预热一百元", "cn2an")

    def jl():
        return sum(len(extract_money(l)) for l in lines)

    def c2a():
        # Lines cn2an changed (it found a numeral to convert).
        return sum(1 for l in lines if cn2an.transform(l, "cn2an") != l)

    cores = os.cpu_count()
    label, out, secs = timed(f"qingdan quantities ({cores} threads)", qingdan())
    label1, out1, secs1 = timed("qingdan quantities -j 1", qingdan("-j", "1"))
    assert out1 == out, "the output depends on the thread count"
    runs = [
        (label, count_money(out), secs),
        (label1, count_money(out1), secs1),
        timed("jionlp.extract_money", jl),
        timed("cn2an.transform", c2a),
    ]
    print(f"{len(lines)} lines, {len(text)} bytes")
    for label, found, secs in runs:
        what = "lines changed" if label.startswith("cn2an") else "amounts"
        print(f"{label}: {found} {what}, {secs:.3f} s, {mb / secs:.2f} MB/s")
    (_, _, qd), (_, _, qd1) = runs[0], runs[1]
    for label, _, secs in runs[2:]:
        print(f"ratio: qingdan is {secs / qd:.1f}x the speed of {label} ({secs / qd1:.1f}x on one thread)")


if __name__ == "__main__":
    main()
