#!/usr/bin/env python3
"""Reads every file that generate.py wrote back with an independent reader and checks it holds
the table of its source: the same cells, the same merges. Run from the repository root:

    python3 tests/formats/check.py            # docx, html, csv, xlsx, md, txt
    python3 tests/formats/check.py --soffice  # also LibreOffice: docx -> txt holds every cell's text,
                                              # xlsx -> csv (Calc) equals the generated csv

- docx: the raw WordprocessingML of the first list table (w:tc, w:gridSpan, w:vMerge) is turned
  back into a grid of anchors with rowspan/colspan; a cell's paragraphs are its lines.
- html: html.parser (stdlib) rebuilds the grid from <td>/<th> with rowspan/colspan and <br>; the
  page is decoded by the charset its <meta> declares.
- csv: the csv module, decoded as the file says (BOM -> UTF-8, else GBK); CRLF row ends.
- xlsx: openpyxl: merged ranges and values.
- md: the pipe table (split on unescaped |, <br> inside cells).
- txt: the tab-separated lines.
For the new lists it also checks the hand-written answer key tests/gold/<stem>.json against the
list's mechanical fields (seq, target after carry-down, name, types from the type column, the
category column or the section row, departments and partners split on 、 and line breaks).
Prints one line per file and exits 1 on any difference.
"""
import csv
import glob
import html.parser
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as G  # noqa: E402

from openpyxl import load_workbook  # noqa: E402
from lxml import etree  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
failures = []


def expect(rows):
    """{(i, j): (text lines joined by \\n, rowspan, colspan)} of a spec grid."""
    sp = G.spans(rows)
    return {(i, j): ("\n".join(G.lines_of(rows[i][1][j])), rs, cs) for (i, j), (rs, cs) in sp.items()}


def compare(what, want, got):
    if want != got:
        diffs = [k for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
        for k in diffs[:3]:
            failures.append("%s: cell %s want %r got %r" % (what, k, want.get(k), got.get(k)))
        return False
    return True


def docx_grid(path, table_index):
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    tbl = root.findall(".//" + W + "tbl")[table_index]
    anchors = {}
    open_v = {}  # column -> anchor key
    for i, tr in enumerate(tbl.findall(W + "tr")):
        col = 0
        for tc in tr.findall(W + "tc"):
            pr = tc.find(W + "tcPr")
            span = 1
            vm = None
            if pr is not None:
                gs = pr.find(W + "gridSpan")
                if gs is not None:
                    span = int(gs.get(W + "val"))
                v = pr.find(W + "vMerge")
                if v is not None:
                    vm = v.get(W + "val") or "continue"
            text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in tc.findall(W + "p"))
            if vm == "continue":
                k = open_v[col]
                t, rs, cs = anchors[k]
                anchors[k] = (t, rs + 1, cs)
            else:
                anchors[(i, col)] = (text, 1, span)
                if vm == "restart":
                    open_v[col] = (i, col)
            col += span
    return anchors


class HTMLGrid(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = []
        self.cell = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = {"text": "", "rs": int(a.get("rowspan", 1)), "cs": int(a.get("colspan", 1))}
            self.tables[-1][-1].append(self.cell)
            self.first_p = True
        elif tag == "br" and self.cell is not None:
            self.cell["text"] += "\n"
        elif tag == "p" and self.cell is not None:
            if not self.first_p:
                self.cell["text"] += "\n"
            self.first_p = False

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def html_grid(rows_html):
    anchors = {}
    taken = set()
    for i, tr in enumerate(rows_html):
        col = 0
        for c in tr:
            while (i, col) in taken:
                col += 1
            anchors[(i, col)] = (c["text"].strip(), c["rs"], c["cs"])
            for di in range(c["rs"]):
                for dj in range(c["cs"]):
                    taken.add((i + di, col + dj))
            col += c["cs"]
    return anchors


def flat(rows):
    """The cells of a spec grid as a sheet/CSV/markdown shows them: continuation cells blank."""
    return [[G.blank(c).replace("~", "\n") for c in cells] for _, cells in rows]


def list_table_index(doc):
    return [k for k, b in enumerate(b for b in doc["blocks"] if b[0] == "table")][-1] if False else \
        [k for k, b in enumerate([b for b in doc["blocks"] if b[0] == "table"]) if b[1][0][0] == "header"][0]


def check_doc(doc, txt):
    stem = doc["stem"]
    p = lambda ext: os.path.join(G.HERE, stem + ext)
    tables = [b[1] for b in doc["blocks"] if b[0] == "table"]
    ti = list_table_index(doc)
    rows = tables[ti]
    want = expect(rows)
    ok = {}
    # docx
    ok["docx"] = compare(stem + ".docx", want, docx_grid(p(".docx"), ti))
    if os.path.exists(p(".wps.docx")):
        ok["wps.docx"] = compare(stem + ".wps.docx", want, docx_grid(p(".wps.docx"), ti))
    # html
    raw = open(p(".html"), "rb").read()
    m = re.search(rb'charset="?([A-Za-z0-9_-]+)', raw)
    text = raw.decode(m.group(1).decode())
    hp = HTMLGrid()
    hp.feed(text)
    ok["html"] = compare(stem + ".html", want, html_grid(hp.tables[ti]))
    # csv
    raw = open(p(".csv"), "rb").read()
    enc = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "gbk"
    body = raw.decode(enc)
    bad_ends = body.replace("\r\n", "").count("\n") - sum(c.count("\n") for r in flat(rows) for c in r)
    recs = list(csv.reader(io.StringIO(body, newline="")))
    hdr = rows[0][1]
    start = next(k for k, r in enumerate(recs) if r[:len(hdr)] == [G.blank(c) for c in hdr])
    got = [r[:len(hdr)] for r in recs[start:start + len(rows)]]
    ok["csv"] = got == flat(rows) and bad_ends <= 0
    if not ok["csv"]:
        failures.append("%s.csv: rows differ or bare LF row ends (%d)" % (stem, bad_ends))
    # xlsx
    wb = load_workbook(p(".xlsx"))
    ws = wb.active
    hstart = next(r for r in range(1, ws.max_row + 1)
                  if [ws.cell(r, j + 1).value or "" for j in range(len(hdr))] == [G.blank(c) for c in hdr])
    anchors = {}
    merged = {(m.min_row, m.min_col): (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1) for m in ws.merged_cells.ranges}
    covered = set()
    for m in ws.merged_cells.ranges:
        for r in range(m.min_row, m.max_row + 1):
            for c in range(m.min_col, m.max_col + 1):
                if (r, c) != (m.min_row, m.min_col):
                    covered.add((r, c))
    for i in range(len(rows)):
        for j in range(len(hdr)):
            r, c = hstart + i, j + 1
            if (r, c) in covered:
                continue
            rs, cs = merged.get((r, c), (1, 1))
            anchors[(i, j)] = (ws.cell(r, c).value or "", rs, cs)
    ok["xlsx"] = compare(stem + ".xlsx", want, anchors)
    # md
    lines = open(p(".md"), encoding="utf-8").read().split("\n")
    mdrows = [l for l in lines if l.startswith("| ") or l.startswith("|---")]
    hdr_line = "| " + " | ".join(G.md_cell(c) for c in hdr) + " |"
    k = mdrows.index(hdr_line)
    got = []
    for l in [mdrows[k]] + mdrows[k + 2:k + 1 + len(rows)]:
        cells = re.split(r"(?<!\\)\|", l)[1:-1]
        got.append([c.strip().replace("<br>", "\n").replace("\\|", "|") for c in cells])
    ok["md"] = got == flat(rows) and mdrows[k + 1].startswith("|---")
    if not ok["md"]:
        failures.append(stem + ".md: table differs")
    # txt
    if txt:
        tl = open(os.path.join(G.ROOT, "fixtures", stem + ".txt"), encoding="utf-8").read().split("\n")
        want_lines = ["\t".join(G.plain(G.blank(c)) for c in cells) for _, cells in rows]
        s = tl.index(want_lines[0])
        ok["txt"] = tl[s:s + len(rows)] == want_lines
        if not ok["txt"]:
            failures.append(stem + ".txt: table lines differ")
    merges = sum(1 for v in want.values() if v[1] > 1 or v[2] > 1)
    print("%-24s %s  (%d rows, %d merged cells)" % (stem, " ".join("%s:%s" % (k, "ok" if v else "FAIL") for k, v in ok.items()), len(rows), merges))


def split_names(cell):
    out = []
    for part in re.split(r"[、\n]", cell):
        part = part.replace("~", "")
        if part:
            out.append(part)
    return out


def check_gold(spec):
    stem = spec["stem"]
    gold = json.load(open(os.path.join(G.ROOT, "tests", "gold", stem + ".json"), encoding="utf-8"))
    hdr = spec["header"]
    col = lambda *names: next((hdr.index(h) for h in hdr if h in names), None)
    c_seq = col("序号")
    c_target = col("服务对象", "对象", "保障对象", "适用对象")
    c_name = col("服务项目", "项目名称", "事项")
    c_type = col("服务类型", "服务类别", "项目类别", "类别", "类型")
    c_dep = col("牵头部门", "牵头单位", "责任部门", "责任单位", "实施部门", "主管部门", "实施主体")
    c_par = col("配合单位", "协同单位", "参与部门")
    above = {}
    section = None
    got = []
    for r in spec["rows"]:
        if r == "HEADER":
            continue
        if isinstance(r, dict):
            section = re.sub(r"^[（(]?[一二三四五六七八九十]+[）)、]", "", r["section"])
            section = re.sub(r"（\d+项）$", "", section)
            above = {}
            continue
        cells = list(r)
        for j, c in enumerate(cells):
            if c == "^":
                cells[j] = above[j]
        above = {j: c for j, c in enumerate(cells)}
        types = split_names(cells[c_type]) if c_type is not None else [section]
        s = {"seq": int(cells[c_seq]), "target": G.plain(cells[c_target]).replace(" ", ""),
             "name": cells[c_name], "types": [re.sub("类$", "", t) for t in types],
             "departments": split_names(cells[c_dep])}
        if c_par is not None:
            s["partners"] = split_names(cells[c_par])
        got.append(s)
    fields = ["seq", "target", "name", "types", "departments"] + (["partners"] if c_par is not None else [])
    want = [{k: g.get(k) for k in fields} for g in gold["services"]]
    if want != got:
        for a, b in zip(want, got):
            if a != b:
                failures.append("gold %s #%s: key %r vs list %r" % (stem, a["seq"], a, b))
                break
        if len(want) != len(got):
            failures.append("gold %s: %d services, list %d" % (stem, len(want), len(got)))
        print("%-24s gold:FAIL" % stem)
    else:
        print("%-24s gold:ok (%d services)" % (stem, len(got)))


def soffice_text(doc):
    """LibreOffice's own reading of the docx: every anchor cell's text is in its plain text."""
    stem = doc["stem"]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp,
                        os.path.join(G.HERE, stem + ".docx")], check=True, capture_output=True)
        text = open(os.path.join(tmp, stem + ".txt"), encoding="utf-8-sig").read()
    rows = [b[1] for b in doc["blocks"] if b[0] == "table"][list_table_index(doc)]
    missing = [c for _, cells in rows for c in cells if c not in ("^", "<", "")
               for line in G.lines_of(c) if line not in text]
    print("%-24s soffice-txt:%s" % (stem, "ok" if not missing else "FAIL %r" % missing[:3]))
    if missing:
        failures.append(stem + ".docx via soffice: missing " + repr(missing[:3]))


def soffice_calc(stems):
    """LibreOffice Calc's own CSV of each xlsx holds the same cells as the generated CSV."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                        "--outdir", tmp] + [os.path.join(G.HERE, s + ".xlsx") for s in stems],
                       check=True, capture_output=True)
        for stem in stems:
            calc = list(csv.reader(open(os.path.join(tmp, stem + ".csv"), encoding="utf-8", newline="")))
            raw = open(os.path.join(G.HERE, stem + ".csv"), "rb").read()
            enc = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "gbk"
            ours = list(csv.reader(io.StringIO(raw.decode(enc), newline="")))
            width = max(len(r) for r in calc + ours)
            pad = lambda rows: [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
            same = pad(calc) == pad(ours)
            print("%-24s soffice-calc-csv:%s" % (stem, "ok" if same else "FAIL"))
            if not same:
                failures.append(stem + ".xlsx via soffice: cells differ from the csv")


def main():
    docs = []
    for path in sorted(glob.glob(os.path.join(G.HERE, "lists", "l*.py"))):
        spec = G.load_list(path)
        doc = G.list_document(spec)
        check_doc(doc, txt=True)
        check_gold(spec)
        docs.append(doc)
    for stem in G.SEEDS:
        doc = G.seed_document(stem)
        check_doc(doc, txt=False)
        docs.append(doc)
    if "--soffice" in sys.argv[1:]:
        for doc in docs:
            soffice_text(doc)
        soffice_calc([doc["stem"] for doc in docs])
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("all files read back as written")


if __name__ == "__main__":
    main()
