#!/usr/bin/env python3
"""Checks the lists of tests/shapes/ against their hand-written answer keys and their renderings
against the lists, with readers independent of qingdan. Run from the repository root after
generate.py:

    python3 tests/shapes/check.py

1. Each key (tests/gold/<stem>.json) against its list's mechanical fields: seq running 1..N,
   number as printed, name, target, types from the section row above, departments and partners
   (a cell's lines are separate organisations, a "~" break is inside one name); every money value
   and every age bound of the key written in the row's text; scope only where the row has
   different text under different sub-columns, and then the label of a sub-column whose cell
   holds that value; part_of pointing at an earlier, larger amount.
2. Each rendering: the docx's raw WordprocessingML rebuilt into a grid (w:gridSpan, w:vMerge) equal
   to the list's grid; the HTML pages through html.parser with rowspan/colspan (the Word page
   decoded as GBK); the CSV through csv; the xlsx through openpyxl's merged ranges; the tsv and
   line-broken text field by field; for the PDF texts, the share of cells found whole (printed).
"""
import csv
import html.parser
import io
import json
import os
import re
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as G  # noqa: E402

ROOT = G.ROOT
FAIL = []


def fail(msg):
    FAIL.append(msg)
    print("FAIL", msg)


def clean(s):
    return re.sub(r"\s+", "", s.replace("~", "").replace("\n", ""))


def arabic_ages(text):
    """Ages in Chinese numerals written with digits, as the contract writes a target.text
    (年满八十周岁 → 年满80周岁)."""
    digits = "一二三四五六七八九"

    def value(m):
        t = m.group(1)
        tens, _, ones = t.partition("十")
        v = (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)
        return str(v)
    return re.sub(r"([一二三四五六七八九]?十[一二三四五六七八九]?)(?=周?岁)", value, text)


def orgs(cell):
    return sorted(clean(x) for x in cell.split("\n") if clean(x))


def check_key(spec):
    stem = spec["stem"]
    key = json.load(open(os.path.join(ROOT, "tests", "gold", stem + ".json"), encoding="utf-8"))
    header = spec["header"]
    labels = G.column_labels(header)
    role = {}
    for j, label in enumerate(labels):
        leaf = label.split(" ")[-1]
        if leaf == "序号":
            role[j] = "number"
        elif "类别" in leaf or "类型" in leaf:
            role[j] = "types"
        elif "项目" in leaf:
            role[j] = "name"
        elif "对象" in leaf:
            role[j] = "target"
        elif leaf in ("牵头单位", "牵头部门", "责任单位", "责任部门", "主管部门"):
            role[j] = "departments"
        elif leaf in ("配合单位", "配合部门", "协同单位", "实施主体"):
            role[j] = "partners"
    rows = []
    section = None
    above = {}
    for r in spec["rows"]:
        if r == "HEADER":
            above = {}
            continue
        if isinstance(r, dict):
            section = re.sub(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|（.*）$", "", r["section"])
            section = re.sub(r"类$", "", section)
            above = {}
            continue
        cells = []
        for j, c in enumerate(r):
            if c == "^":
                c = above[j]
            cells.append(c)
        above = dict(enumerate(cells))
        rows.append((cells, section))
    services = key["services"]
    if len(services) != len(rows):
        fail("%s: key has %d services, list %d rows" % (stem, len(services), len(rows)))
    for k, (s, (cells, section)) in enumerate(zip(services, rows)):
        tag = "%s #%d" % (stem, k + 1)
        want = {"seq": k + 1, "types": [section] if section else []}
        for j, rl in role.items():
            c = cells[j]
            if c == "<":
                continue
            if rl in ("departments", "partners"):
                want[rl] = orgs(c)
            elif rl == "types":
                want[rl] = sorted(clean(x).rstrip("类") for x in re.split(r"[、\n]", c) if clean(x))
            elif rl == "target":
                want[rl] = arabic_ages(clean(c))
            else:
                want[rl] = clean(c)
        for f, v in want.items():
            have = s.get(f)
            if isinstance(v, list):
                have = sorted(have or [])
            elif f != "seq":
                have = clean(have or "")
            if have != v:
                fail("%s %s: key %r, list %r" % (tag, f, have, v))
        text = "".join(c for j, c in enumerate(cells) if j not in role and c != "<")
        flat = clean(text)
        for m in s["money"]:
            v = m["value"]
            lit = str(int(v)) if float(v).is_integer() else str(v)
            if not re.search(r"(?<![\d.])%s元" % re.escape(lit), flat):
                fail("%s: money %s not in the text" % (tag, lit))
        for a in s["ages"]:
            for b in (a["min"], a["max"]):
                if b is not None and str(b) not in flat:
                    fail("%s: age %s not in the text" % (tag, b))
        # scope: a sub-column label, only where the sub-columns differ; the value under it.
        sub = {}
        for j, label in enumerate(labels):
            parts = label.split(" ")
            if len(parts) > 1 and j not in role:
                sub.setdefault(parts[0], []).append((parts[-1], j))
        for idx, m in enumerate(s["money"]):
            lit = str(int(m["value"])) if float(m["value"]).is_integer() else str(m["value"])
            sc = m.get("scope", "missing")
            if sc == "missing" or "part_of" not in m:
                fail("%s: money without scope or part_of" % tag)
                continue
            if sc is not None:
                hits = [j for group in sub.values() for (lab, j) in group if lab == sc]
                if not any(cells[j] != "<" and re.search(r"(?<![\d.])%s元" % re.escape(lit), clean(cells[j]))
                           and (j + 1 >= len(cells) or cells[j + 1] != "<") for j in hits):
                    fail("%s: %s元 not in a cell of its own under %s" % (tag, lit, sc))
            if m["part_of"] is not None:
                p = m["part_of"]
                if not (0 <= p < len(s["money"]) and p != idx and s["money"][p]["value"] > m["value"]):
                    fail("%s: part_of %r of %s元" % (tag, p, lit))
        if not isinstance(s.get("number"), str):
            fail("%s: number is not a string" % tag)
    for f in ("region", "adcode", "list_title", "issuer", "doc_number", "date", "draft", "references"):
        if f not in key["document"]:
            fail("%s: document.%s missing" % (stem, f))
    div = open(os.path.join(ROOT, "src", "data", "divisions.tsv"), encoding="utf-8").read()
    code = key["document"]["adcode"]
    line = next((l for l in div.split("\n") if l.startswith(code + "\t")), None)
    if not line or "".join(line.split("\t")[1:]) != spec["district"] or spec["adcode"] != code:
        fail("%s: adcode %s is not %s in divisions.tsv" % (stem, code, spec["district"]))
    return len(services)


# ---------------------------------------------------------------------------------------------


def expected_grid(spec):
    """The list's grid with the text of each anchor cell ("" for a covered one)."""
    rows = G.grid(spec)
    sp = G.spans(rows)
    return [[clean(c) if (i, j) in sp else "" for j, c in enumerate(cells)] for i, (_, cells) in enumerate(rows)], sp


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_grid(path):
    import xml.etree.ElementTree as ET
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    tbl = root.find(".//%stbl" % W)
    out, spans = [], {}
    for i, tr in enumerate(tbl.findall("%str" % W)):
        row, j = [], 0
        for tc in tr.findall("%stc" % W):
            pr = tc.find("%stcPr" % W)
            span = 1
            vm = None
            if pr is not None:
                gs = pr.find("%sgridSpan" % W)
                if gs is not None:
                    span = int(gs.get(W + "val"))
                v = pr.find("%svMerge" % W)
                if v is not None:
                    vm = v.get(W + "val") or "continue"
            text = clean("".join(t.text or "" for t in tc.iter("%st" % W)))
            if vm == "continue":
                text = ""
                rs = i - 1
                while (rs, j) not in spans:
                    rs -= 1
                spans[(rs, j)] = (spans[(rs, j)][0] + 1, spans[(rs, j)][1])
            else:
                spans[(i, j)] = (1, span)
            row.extend([text] + [""] * (span - 1))
            j += span
        out.append(row)
    return out, spans


class Tables(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.attrs = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell, self.attrs = [], dict(attrs)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            a = self.attrs
            self.rows[-1].append((clean("".join(self.cell)), int(a.get("rowspan", 1)), int(a.get("colspan", 1))))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_grid(text, n):
    p = Tables()
    p.feed(text)
    grid, spans, taken = [], {}, set()
    for i, cells in enumerate(p.rows):
        row = [""] * n
        j = 0
        for text, rs, cs in cells:
            while (i, j) in taken:
                j += 1
            row[j] = text
            spans[(i, j)] = (rs, cs)
            for a in range(rs):
                for b in range(cs):
                    taken.add((i + a, j + b))
            j += cs
        grid.append(row)
    return grid, spans


def compare(stem, what, want, have):
    if want != have:
        for i, (a, b) in enumerate(zip(want, have)):
            if a != b:
                fail("%s %s row %d: want %s, got %s" % (stem, what, i, a, b))
                return
        fail("%s %s: %d rows, want %d" % (stem, what, len(have), len(want)))


def check_renderings(spec):
    stem = spec["stem"]
    base = os.path.join(G.HERE, stem)
    want, sp = expected_grid(spec)
    n = len(want[0])
    have, hsp = docx_grid(base + ".docx")
    compare(stem, "docx", want, have)
    if hsp != sp:
        fail("%s docx: merges differ" % stem)
    have, hsp = docx_grid(base + ".wps.docx")
    compare(stem, "wps.docx", want, have)
    if hsp != sp:
        fail("%s wps.docx: merges differ" % stem)
    for ext, enc in ((".html", "utf-8"), (".word.html", "gbk")):
        raw = open(base + ext, "rb").read()
        if ext == ".word.html" and b"charset=gb2312" not in raw:
            fail("%s%s: no gb2312 charset" % (stem, ext))
        have, hsp = html_grid(raw.decode(enc), n)
        compare(stem, ext, want, have)
        if hsp != sp:
            fail("%s %s: merges differ" % (stem, ext))
    # CSV: the table's rows after the prose rows, covered cells blank.
    rows = list(csv.reader(io.StringIO(open(base + ".csv", encoding="utf-8-sig", newline="").read())))
    table = [[clean(c) for c in r] for r in rows if len(r) == n][: len(want)]
    start = next(i for i, r in enumerate(rows) if clean(r[0]) == want[0][0])
    table = [[clean(c) for c in r] for r in rows[start:start + len(want)]]
    compare(stem, "csv", want, table)
    import openpyxl
    wb = openpyxl.load_workbook(base + ".xlsx")
    ws = wb.active
    start = next(r for r in range(1, ws.max_row + 1) if clean(str(ws.cell(r, 1).value or "")) == want[0][0])
    table = [[clean(str(ws.cell(start + i, j + 1).value or "")) for j in range(n)] for i in range(len(want))]
    compare(stem, "xlsx", want, table)
    merged = {(m.min_row - start, m.min_col - 1): (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
              for m in ws.merged_cells.ranges if start <= m.min_row < start + len(want)}
    if merged != {k: v for k, v in sp.items() if v != (1, 1)}:
        fail("%s xlsx: merges differ" % stem)
    if ws.print_title_rows != "$%d:$%d" % (start, start + len(spec["header"]) - 1):
        fail("%s xlsx: print titles %s are not the header rows" % (stem, ws.print_title_rows))
    # Text copied out of Word: fewer fields where cells are merged across columns.
    rows_spec = G.grid(spec)
    copied = [[clean(G.plain(c)) for c in G.copied_fields(cells)] for _, cells in rows_spec]
    lines = open(base + ".tsv", encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.split("\t")[0] == want[0][0])
    table = [[clean(c) for c in l.split("\t")] for l in lines[start:start + len(copied)]]
    compare(stem, "tsv", copied, table)
    text = open(base + ".lines.txt", encoding="utf-8").read()
    blocks = [b for b in text.split("\n\n") if b.startswith("\t")]
    table = []
    for b in blocks:
        cells = []
        for l in b.split("\n"):
            if l.startswith("\t"):
                cells.append(l[1:])
            else:
                cells[-1] += l
        table.append([clean(c) for c in cells])
    compare(stem, "lines.txt", copied, table)
    # PDF texts: share of the list's cells found whole (whitespace removed); printed.
    cells = {clean(c) for r in want for c in r if c}
    figures = []
    for suffix, fmt, variant in G.KINDS + (G.RL_KINDS if stem in G.REPORTLAB else []):
        if fmt == "text" and "pdf" not in suffix and suffix.endswith(".txt") and "-" in variant and "pdf" not in variant:
            pass
        if fmt == "text" and variant.split("-")[0] in ("pdftotext", "pdfplumber", "pymupdf"):
            t = clean(open(base + suffix, encoding="utf-8").read())
            found = sum(1 for c in cells if c in t)
            figures.append("%s %d%%" % (suffix[1:-4], round(100 * found / len(cells))))
    print("  %s: cells found whole: %s" % (stem, ", ".join(figures)))


def main():
    import glob
    total = 0
    specs = [G.load_list(p) for p in sorted(glob.glob(os.path.join(G.HERE, "lists", "s*.py")))]
    for spec in specs:
        total += check_key(spec)
    for spec in specs:
        try:
            check_renderings(spec)
        except FileNotFoundError as e:
            fail("%s: %s" % (spec["stem"], e))
        print("%s checked" % spec["stem"])
    manifest = open(os.path.join(G.HERE, "manifest.tsv"), encoding="utf-8").read().split("\n")
    for line in manifest:
        if line and not line.startswith("#"):
            p = line.split("\t")[0]
            if not os.path.exists(os.path.join(ROOT, p)):
                fail("manifest: %s missing" % p)
    print("%d rows in the keys; %d failures" % (total, len(FAIL)))
    sys.exit(1 if FAIL else 0)


if __name__ == "__main__":
    main()
