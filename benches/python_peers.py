#!/usr/bin/env python3
"""Times the Python package `qingdan` against Python peers, all in one process.

    python3 benches/python_peers.py [--reinstall]

A benchmark, not a test: it prints figures and asserts nothing about time. It makes its own
virtual environment (`target/peer-venv`, as `compare_peers.py` does: pinned jionlp 1.5.31,
cn2an 0.5.24 and pdfplumber 0.11.10; none are project dependencies) and installs the package
with `pip install ./python` (a release build) on first use or with `--reinstall`, then
re-runs itself inside it.

1. Quantities, on the same lines (every line of fixtures/*.txt, 20 times over):
   `qingdan.quantities_many(lines)` (Rust threads, one per core, and `jobs=1`) against
   `jionlp.extract_money(line)` and `cn2an.transform(line, "cn2an")` per line. jionlp has no
   age extractor, so its figure is for money alone while qingdan's includes ages, multiples
   and percentages. qingdan's time includes building the Python lists and dicts.
2. Lists: `qingdan.parse(path)` on the PDFs of tests/pdf/ (the whole canonical document)
   against `pdfplumber`'s `page.extract_tables()` on every page of the same PDFs (cells only:
   no rows, no normalization); and `qingdan.parse` over fixtures/ and `qingdan.convert` of the
   three folders for scale.

Each figure is the best of three runs (the machine is shared).
"""
import glob
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "peer-venv")
PINS = ["jionlp==1.5.31", "cn2an==0.5.24", "pdfplumber==0.11.10"]
REPEAT = 20
RUNS = 3


def ensure_venv():
    """Re-runs this script inside its own environment with the peers and qingdan installed."""
    py = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(py):
        print(f"setting up {VENV} ({', '.join(PINS)})", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    missing = subprocess.run(
        [py, "-c", "import jionlp, cn2an, pdfplumber"], capture_output=True
    ).returncode
    if missing:
        subprocess.run([py, "-m", "pip", "install", "-q", *PINS], check=True)
    no_qingdan = subprocess.run([py, "-c", "import qingdan"], capture_output=True).returncode
    if no_qingdan or "--reinstall" in sys.argv:
        print("installing qingdan (pip install ./python)", file=sys.stderr)
        subprocess.run(
            [py, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps",
             os.path.join(ROOT, "python")],
            check=True,
        )
    os.execv(py, [py, os.path.abspath(__file__), *sys.argv[1:]])


def best(fn):
    """The best time of RUNS runs and the last run's result."""
    secs = None
    for _ in range(RUNS):
        start = time.perf_counter()
        found = fn()
        took = time.perf_counter() - start
        secs = took if secs is None else min(secs, took)
    return found, secs


def main():
    ensure_venv()
    import cn2an
    import jionlp
    import pdfplumber

    import qingdan

    lines = []
    for f in sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.txt"))):
        with open(f, encoding="utf-8", errors="replace") as fh:
            lines.extend(l.strip() for l in fh if l.strip())
    lines *= REPEAT
    size = sum(len(l.encode("utf-8")) + 1 for l in lines)
    mb = size / 1e6

    extract_money = getattr(jionlp, "extract_money", None) or jionlp.ner.extract_money
    extract_money("预热每人每月100元")  # load its tables before timing
    cn2an.transform("预热一百元", "cn2an")
    qingdan.quantities("预热每人每月100元，80周岁")

    def money(found):
        return sum(1 for qs in found for q in qs if q["kind"] == "money")

    many, t_many = best(lambda: qingdan.quantities_many(lines))
    one, t_one = best(lambda: qingdan.quantities_many(lines, jobs=1))
    assert many == one
    jl, t_jl = best(lambda: sum(len(extract_money(l)) for l in lines))
    ca, t_ca = best(lambda: sum(1 for l in lines if cn2an.transform(l, "cn2an") != l))
    cores = os.cpu_count()
    print(f"== quantities: {len(lines)} lines, {size} bytes, in one process")
    rows = [
        (f"qingdan.quantities_many ({cores} threads)", f"{money(many)} amounts", t_many),
        ("qingdan.quantities_many(jobs=1)", f"{money(one)} amounts", t_one),
        ("jionlp.extract_money", f"{jl} amounts", t_jl),
        ("cn2an.transform", f"{ca} lines changed", t_ca),
    ]
    for label, what, secs in rows:
        print(f"{label}: {what}, {secs:.3f} s, {mb / secs:.2f} MB/s")
    print(f"ratio: qingdan is {t_jl / t_many:.1f}x the speed of jionlp.extract_money "
          f"({t_jl / t_one:.1f}x on one thread)")
    print(f"ratio: qingdan is {t_ca / t_many:.1f}x the speed of cn2an.transform "
          f"({t_ca / t_one:.1f}x on one thread)")

    pdfs = sorted(glob.glob(os.path.join(ROOT, "tests", "pdf", "*.pdf")))
    pdf_bytes = sum(os.path.getsize(p) for p in pdfs)

    def plumb():
        tables = 0
        for p in pdfs:
            with pdfplumber.open(p) as pdf:
                for page in pdf.pages:
                    tables += len(page.extract_tables())
        return tables

    def parse_all(paths):
        return sum(len(qingdan.parse(p)["services"]) for p in paths)

    services, t_q = best(lambda: parse_all(pdfs))
    tables, t_p = best(plumb)
    fixtures = sorted(glob.glob(os.path.join(ROOT, "fixtures", "*")))
    fx, t_fx = best(lambda: parse_all(fixtures))
    folders = [os.path.join(ROOT, d) for d in ("fixtures", "tests/formats", "tests/pdf")]
    docs, t_cv = best(lambda: sum(1 for _ in qingdan.convert(folders, errors="skip")))
    print(f"== lists: {len(pdfs)} PDFs, {pdf_bytes} bytes")
    print(f"qingdan.parse on the PDFs: {services} services, {t_q:.3f} s")
    print(f"pdfplumber extract_tables on the PDFs: {tables} tables, {t_p:.3f} s")
    print(f"ratio: qingdan.parse is {t_p / t_q:.1f}x the speed of pdfplumber table extraction")
    print(f"qingdan.parse on fixtures/ ({len(fixtures)} files): {fx} services, {t_fx:.3f} s")
    print(f"qingdan.convert of fixtures, tests/formats, tests/pdf: {docs} documents, {t_cv:.3f} s")


if __name__ == "__main__":
    main()
