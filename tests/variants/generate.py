#!/usr/bin/env python3
"""Writes the variant fixtures in tests/variants/: every seed in fixtures/ transformed the ways
real batches arrive. tests/variants.rs checks that each variant gives the same answers as its
seed. Run from the repository root after adding a fixture:

    python3 tests/variants/generate.py

Deterministic: the same fixtures give the same files.
"""
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "fixtures")
OUT = os.path.join(ROOT, "tests", "variants")

CN_DIGITS = "零一二三四五六七八九"


def chinese(n):
    """An integer below 10^8 in Chinese numerals (七十, 一百二十, 二千七百六十)."""
    if n == 0:
        return "零"
    if n >= 10000:
        high, low = divmod(n, 10000)
        s = chinese(high) + "万"
        if low:
            s += ("零" if low < 1000 else "") + chinese(low)
        return s
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += "零"
            zero = False
            out += ("" if (value == 10 and d == 1 and not out) else CN_DIGITS[d]) + unit
        elif out:
            zero = True
    return out


def chinese_number(s):
    if "." in s:
        whole, frac = s.split(".")
        return chinese(int(whole)) + "点" + "".join(CN_DIGITS[int(c)] for c in frac)
    return chinese(int(s))


def numerals(text):
    """Amounts and ages written in Chinese numerals: 120元 → 一百二十元, 80周岁 → 八十周岁."""
    return re.sub(r"(?<![\d.〔])(\d+(?:\.\d+)?)(\s*)(元|周岁|岁)",
                  lambda m: chinese_number(m.group(1)) + m.group(2) + m.group(3), text)


def fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


def spaces(text, rnd):
    lines = []
    for i, line in enumerate(text.split("\n")):
        line = "".join(rnd.choice(["\u3000", "\u00a0", " "]) if c == " " else c for c in line)
        if line.strip() and i % 5 == 0:
            line = "\u3000\u3000" + line
        if line.strip() and i % 3 == 0:
            line += rnd.choice([" ", "  ", "\u3000", "\u00a0 "])
        lines.append(line)
    return "\n".join(lines)


def pages(text):
    lines = text.split("\n")
    out = []
    page = 1
    for i, line in enumerate(lines):
        if i and i % 12 == 0:
            page += 1
            style = page % 3
            if style == 0:
                out.append(f"— {page} —")
            elif style == 1:
                out.append(f"-{page}-")
            else:
                out.append(f"第 {page} 页 共 99 页")
            line = "\f" + line
        out.append(line)
    return "\n".join(out)


def list_start(lines):
    """Index of the service list's title line."""
    for i in range(len(lines) - 1, -1, -1):
        if "养老服务清单" in lines[i] and len(lines[i].strip()) <= 40 and "\t" not in lines[i] \
                and not lines[i].strip().startswith("附件："):
            return i
    return 0


def wrap(cell, rnd):
    """A cell wrapped at random places, inside numbers too."""
    if len(cell) <= 6:
        return [cell]
    parts = []
    while len(cell) > 6:
        cut = rnd.randint(2, min(len(cell) - 1, 14))
        parts.append(cell[:cut])
        cell = cell[cut:]
    parts.append(cell)
    return parts


def tsv_to_line_broken(text, rnd):
    lines = text.split("\n")
    start = list_start(lines)
    out = lines[: start + 1]
    for line in lines[start + 1:]:
        if "\t" not in line:
            out.append(line)
            continue
        for cell in line.split("\t"):
            parts = wrap(cell, rnd)
            out.append("\t" + parts[0])
            for p in parts[1:]:
                out.append(p)
        out.append("")
    return "\n".join(out)


def line_broken_cells(lines):
    cells = []
    for line in lines:
        if line.startswith("\t"):
            cells.append([line[1:]])
        elif cells:
            cells[-1].append(line)
    return [[l for l in c] for c in cells]


def line_broken_records(text):
    """A line-broken list as (lines before it, header cells, records); each cell is its list of
    physical lines. The header is the cells before the first number; a record is one cell more
    (number + name), found by its ascending 序号."""
    lines = text.split("\n")
    start = list_start(lines)
    head, body = lines[: start + 1], lines[start + 1:]
    cells = line_broken_cells(body)
    flat = ["".join(l.strip() for l in c if l.strip()) for c in cells]
    first = next(i for i, c in enumerate(flat) if c.isdigit())
    header = flat[: first - 1]
    k = len(header) + 1
    starts, last = [], 0
    for i, c in enumerate(flat):
        if i >= first and c.isdigit() and int(c) == last + 1:
            starts.append(i - 1)
            last = int(c)
    records = []
    for n, s in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else min(s + k, len(cells))
        records.append(cells[s:end])
    return head, header, records


def line_broken_to_tsv(text, rnd):
    head, header, records = line_broken_records(text)
    rows = ["\t".join(header)]
    for n, record in enumerate(records):
        # Line breaks inside a cell become spaces (the names and types they split stay whole).
        row = "\t".join(" ".join(l.strip() for l in c if l.strip()) for c in record)
        if n % 4 == 1 and len(row) > 30:
            cut = rnd.randint(10, len(row) - 5)
            while row[cut - 1] == "\t" or row[cut] == "\t":
                cut += 1
            row = row[:cut] + "\n" + row[cut:]
        rows.append(row)
    return "\n".join(head + [""] + rows + [""])


def tsv_to_line_broken_dense(text, rnd):
    """TSV to line-broken with no blank lines, continuation lines indented with U+3000 and a page
    number every 37 cells (often inside a repeated header)."""
    lines = text.split("\n")
    start = list_start(lines)
    out = lines[: start + 1]
    n = 0
    for line in lines[start + 1:]:
        if "\t" not in line:
            out.append(line)
            continue
        for cell in line.split("\t"):
            parts = wrap(cell, rnd)
            out.append("\t" + parts[0])
            out.extend("\u3000" + p for p in parts[1:])
            n += 1
            if n % 37 == 0:
                out.append(f"- {n // 37} -")
    return "\n".join(out)


def line_broken_to_tsv_glued(text):
    """Line-broken to TSV, the lines of a cell joined with nothing (names glue together)."""
    head, header, records = line_broken_records(text)
    rows = ["\t".join(header)]
    rows.extend("\t".join("".join(l.strip() for l in c if l.strip()) for c in r) for r in records)
    return "\n".join(head + rows) + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".txt") or old.endswith(".bin"):
            os.remove(os.path.join(OUT, old))
    count = 0
    for name in sorted(os.listdir(FIXTURES)):
        if not name.endswith(".txt"):
            continue
        stem = name[:-4]
        text = open(os.path.join(FIXTURES, name), encoding="utf-8").read()
        rnd = random.Random(stem)
        tsv = sum(1 for l in text.split("\n") if l.count("\t") >= 2)
        broken = sum(1 for l in text.split("\n") if l.startswith("\t") and l.count("\t") == 1)
        relayout = line_broken_to_tsv(text, rnd) if broken > tsv else tsv_to_line_broken(text, rnd)
        relayout2 = line_broken_to_tsv_glued(text) if broken > tsv else tsv_to_line_broken_dense(text, rnd)
        variants = {
            "gb18030": text.encode("gb18030"),
            "utf16le": b"\xff\xfe" + text.encode("utf-16-le"),
            "utf16be": b"\xfe\xff" + text.encode("utf-16-be"),
            "bom-crlf": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
            "fullwidth": fullwidth(text).encode("utf-8"),
            "spaces": spaces(text, rnd).encode("utf-8"),
            "pages": pages(text).encode("utf-8"),
            "numerals": numerals(text).encode("utf-8"),
            "relayout": relayout.encode("utf-8"),
            "relayout-dense": relayout2.encode("utf-8"),
        }
        for variant, data in variants.items():
            with open(os.path.join(OUT, f"{stem}.{variant}.bin"), "wb") as f:
                f.write(data)
            count += 1
    print(f"wrote {count} variants to {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
