#!/usr/bin/env python3
"""Checks what tests/pdf/generate.py made, from the repository root:

    python3 tests/pdf/check.py

For every PDF: its page count (pdfinfo), the pages its list table is on (the pages of the
pdftotext text that hold a row number of the list or the header cells), and for each of the four
extracted texts the share of the list's cells whose text (whitespace removed) is found whole in
the text (whitespace removed). The -layout text interleaves the lines of neighbouring cells, so its
share is low by nature; the others should find nearly every cell. Exits 1 when a PDF is missing
a text, when a table does not break over pages, or when no extractor finds a cell.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location("pdf_generate", os.path.join(ROOT, "tests", "pdf", "generate.py"))
P = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(P)

F = P.F
TOOLS = ["pdftotext-layout", "pdftotext", "pdfplumber", "pymupdf"]


def squash(s):
    return re.sub(r"\s+", "", s)


def main():
    bad = []
    for doc in P.documents():
        stem = doc["stem"]
        rows = [b[1] for b in doc["blocks"] if b[0] == "table" and b[1][0][0] == "header"][0]
        cells = {squash(F.plain(c).replace(" ", "")) for kind, cs in rows if kind == "row" for c in cs
                 if c not in ("^", "<", "") and len(squash(c)) >= 2}
        for orient in ("portrait", "landscape"):
            base = os.path.join(P.OUT, "%s.%s" % (stem, orient))
            if not os.path.exists(base + ".pdf"):
                bad.append(base + ".pdf missing")
                continue
            info = subprocess.run(["pdfinfo", base + ".pdf"], capture_output=True, text=True).stdout
            pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
            shares = []
            for tool in TOOLS:
                path = "%s.%s.txt" % (base, tool)
                if not os.path.exists(path):
                    bad.append(path + " missing")
                    continue
                text = squash(open(path, encoding="utf-8").read())
                found = sum(1 for c in cells if c in text)
                shares.append("%s %3d%%" % (tool, 100 * found // max(1, len(cells))))
                if tool == "pdftotext":
                    page_texts = open(path, encoding="utf-8").read().split("\f")
                    # a table page holds at least two of the list's long cells (content, standard)
                    long_cells = [c for c in cells if len(c) >= 10]
                    table_pages = [k + 1 for k, t in enumerate(page_texts)
                                   if sum(1 for c in long_cells if c in squash(t)) >= 2]
                    # the header cells, each found on the page (LibreOffice repeats the header row)
                    headers = sum(1 for t in page_texts
                                  if all(squash(h) in squash(t) for h in rows[0][1] if h not in ("<", "")))
                if found == 0 and tool != "pdftotext-layout":
                    bad.append("%s: no cell found" % path)
            if len(table_pages) < 2:
                bad.append("%s.pdf: the table is on page(s) %s only" % (base, table_pages))
            print("%-36s %2d pages, table on pages %s, header cells on %d pages | %s" % (
                os.path.basename(base), pages, "%d-%d" % (table_pages[0], table_pages[-1]), headers,
                ", ".join(shares)))
    if bad:
        print("\n".join(bad))
        sys.exit(1)


if __name__ == "__main__":
    main()
