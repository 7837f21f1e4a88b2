#!/usr/bin/env python3
"""Renders every list of tests/formats/lists/ and every seed fixture into the formats the readers
take: Word (.docx), a government web page (.html), the CSV that Excel/WPS export (.csv), Excel
(.xlsx) and Markdown (.md), and the new lists also into plain tab-separated text as the seeds look
(fixtures/<stem>.txt). Run from the repository root:

    pip install python-docx==1.2.0 openpyxl==3.1.5
    python3 tests/formats/generate.py            # everything
    python3 tests/formats/generate.py --wps      # also re-save l01 through LibreOffice (soffice)

Writes, for each new list <stem> (tests/formats/lists/<stem>.py, the single source of truth):
  tests/formats/<stem>.docx   real Word table: w:vMerge / w:gridSpan merges, a cell's line
                              breaks as separate paragraphs, prose before and after the table
  tests/formats/<stem>.html   a government page (nav, breadcrumbs, footer) with rowspan/colspan
                              and <br>; l03 is GB2312 (meta http-equiv), the others UTF-8
  tests/formats/<stem>.csv    UTF-8 with BOM, CRLF, quoted multi-line cells, merged cells blank
                              but the first; l04 is GBK without BOM
  tests/formats/<stem>.xlsx   merged regions, wrapped text, prose rows and a title row merged
                              across the columns
  tests/formats/<stem>.md     headings, prose, a pipe table with <br>, merged cells left empty
  fixtures/<stem>.txt         tab-separated text (a row a line, merged cells blank but the first)
and for each seed fixtures/<seed>.txt the same five formats from out/<seed>.json (rows) and the
seed's own prose lines; consecutive equal 服务对象 cells are merged.
With --wps: tests/formats/l01_chengdu_wuhou.wps.docx, l01's docx re-saved by LibreOffice.
Last, tests/formats/manifest.tsv lists every rendering here and in tests/pdf/ with its format,
variant (encoding, orientation, extractor) and answer key.

Deterministic: the same lists and seeds give the same bytes (zip entries get a fixed date, the
document properties a fixed time). The LibreOffice copy is not byte-stable and is only remade
with --wps.
"""
import csv
import datetime
import glob
import html
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "tests", "formats")
FIXED_TIME = datetime.datetime(2024, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------------------------------------
# The table model. A spec's rows are lists of cells (one per column), "HEADER" (the header row
# again, as on every page), or {"section": text} (one cell over the whole width). Cell markers:
# "^" merged with the cell above, "<" merged with the cell to the left, "\n" a line break between
# two entries, "~" a line break inside one name.
# ---------------------------------------------------------------------------------------------


def grid(spec):
    """[(kind, cells)] with kind header/section/row; the first row is the header."""
    header = spec["header"]
    n = len(header)
    out = [("header", list(header))]
    for r in spec["rows"]:
        if r == "HEADER":
            out.append(("header", list(header)))
        elif isinstance(r, dict):
            out.append(("section", [r["section"]] + ["<"] * (n - 1)))
        else:
            assert len(r) == n, (spec["stem"], r)
            out.append(("row", list(r)))
    return out


def spans(rows):
    """{(i, j): (rowspan, colspan)} for every anchor cell."""
    res = {}
    for i, (_, cells) in enumerate(rows):
        for j, c in enumerate(cells):
            if c in ("^", "<"):
                continue
            cs = 1
            while j + cs < len(cells) and cells[j + cs] == "<":
                cs += 1
            rs = 1
            while i + rs < len(rows) and rows[i + rs][1][j] == "^":
                rs += 1
            res[(i, j)] = (rs, cs)
    return res


def lines_of(text):
    """The lines of a cell as shown on paper (both kinds of break)."""
    return text.replace("~", "\n").split("\n")


def plain(text):
    """A cell in plain text: a break inside a name vanishes, one between entries is a space."""
    return text.replace("~", "").replace("\n", " ")


def blank(c):
    return "" if c in ("^", "<") else c


def col_weights(header):
    w = []
    for h in header:
        if h in ("序号",) or h == "<":
            w.append(1.3)
        elif "内容" in h or "标准" in h or "政策" in h:
            w.append(4.5 if "内容" in h else 3.5)
        elif "对象" in h:
            w.append(2.6)
        elif "项目" in h or h == "事项":
            w.append(2.3)
        else:
            w.append(2.0)
    for j in range(len(header) - 1):
        if header[j + 1] == "<":  # 服务项目 over the 序号 and name columns (the seeds)
            w[j], w[j + 1] = 1.3, 2.3
    return w


# ---------------------------------------------------------------------------------------------
# Deterministic zip files
# ---------------------------------------------------------------------------------------------


def normalize_zip(path):
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


# ---------------------------------------------------------------------------------------------
# Word
# ---------------------------------------------------------------------------------------------


def set_run_font(run, size=None, bold=None, east="仿宋_GB2312"):
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def add_para(doc_or_cell, text, role="p", first=False):
    if first:
        p = doc_or_cell.paragraphs[0]
    else:
        p = doc_or_cell.add_paragraph()
    if role == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(p.add_run(text), 18, True, "方正小标宋简体")
    elif role == "docnum":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(p.add_run(text), 16)
    elif role == "sign":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run_font(p.add_run(text), 16)
    elif role == "cell":
        set_run_font(p.add_run(text), 10.5)
    elif role == "head":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(p.add_run(text), 10.5, True, "黑体")
    elif role == "section":
        set_run_font(p.add_run(text), 10.5, True, "黑体")
    else:
        p.paragraph_format.first_line_indent = Pt(32)
        set_run_font(p.add_run(text), 16)
    return p


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def docx_table(doc, rows, usable_cm, repeat=True):
    n = len(rows[0][1])
    table = doc.add_table(rows=len(rows), cols=n)
    table.style = "Table Grid"
    table.autofit = False
    weights = col_weights(rows[0][1]) if rows[0][0] == "header" else [1.0] * n
    widths = [Cm(usable_cm * w / sum(weights)) for w in weights]
    for j in range(n):
        table.columns[j].width = widths[j]  # w:gridCol, which LibreOffice lays out by
    for i, _ in enumerate(rows):
        for j in range(n):
            table.cell(i, j).width = widths[j]
    sp = spans(rows)
    for (i, j), (rs, cs) in sorted(sp.items()):
        kind, cells = rows[i]
        cell = table.cell(i, j)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        role = {"header": "head", "section": "section"}.get(kind, "cell")
        for k, line in enumerate(lines_of(cells[j])):
            add_para(cell, line, role, first=(k == 0))
    for (i, j), (rs, cs) in sorted(sp.items()):
        if rs > 1 or cs > 1:
            table.cell(i, j).merge(table.cell(i + rs - 1, j + cs - 1))
    if repeat and rows[0][0] == "header":
        repeat_header(table.rows[0])
    return table


def new_document(landscape=False):
    doc = Document()
    cp = doc.core_properties
    cp.author = "qingdan tests"
    cp.last_modified_by = "qingdan tests"
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.revision = 1
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    usable = (29.7 if landscape else 21.0) - 4.0
    return doc, usable


def write_docx(doc_spec, path, landscape=False):
    doc, usable = new_document(landscape)
    for block in doc_spec["blocks"]:
        kind = block[0]
        if kind == "table":
            docx_table(doc, block[1], usable)
            continue
        for line in block[1].split("\n"):
            add_para(doc, line, kind)
    doc.save(path)
    normalize_zip(path)


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

SITE = {
    "l01_chengdu_wuhou": ("成都市武侯区人民政府", "成都市武侯区人民政府办公室", "5101070001", "蜀ICP备05012345号", "川公网安备51010702000123号", "2024-03-15", "区政府办"),
    "l02_hangzhou_xihu": ("杭州市西湖区人民政府", "杭州市西湖区人民政府办公室", "3301060001", "浙ICP备05002345号", "浙公网安备33010602000456号", "2024-04-01", "区民政局"),
    "l03_changsha_yuelu": ("长沙市岳麓区人民政府", "长沙市岳麓区人民政府办公室", "4301040001", "湘ICP备05003456号", "湘公网安备43010402000789号", "2024-05-20", "区民政局"),
    "l05_guangzhou_tianhe": ("广州市天河区人民政府", "广州市天河区人民政府办公室", "4401060001", "粤ICP备05005678号", "粤公网安备44010602000654号", "2024-06-18", "区民政局"),
    "l04_suzhou_gusu": ("苏州市姑苏区人民政府", "苏州市姑苏区人民政府办公室", "3205080001", "苏ICP备05004567号", "苏公网安备32050802000321号", "2024-01-02", "区民政局"),
}


def site_of(stem, region):
    if stem in SITE:
        return SITE[stem]
    return (region + "人民政府", region + "人民政府办公室", "0000000001", "ICP备05000000号", "公网安备00000000000000号", "2024-01-01", "民政局")


def html_cell_text(text, wrap_p):
    parts = [html.escape(x) for x in lines_of(text)]
    if wrap_p:
        return "".join('<p style="text-align:center;line-height:20px"><span style="font-family:仿宋_GB2312;font-size:14px">%s</span></p>' % x for x in parts)
    return "<br>".join(parts)


def html_table(rows, style):
    """style: th | strong | plain (header as bold td) | thead."""
    sp = spans(rows)
    n = len(rows[0][1])
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">']
    if style == "thead":
        out.append("<thead>")
    else:
        out.append("<tbody>")
    for i, (kind, cells) in enumerate(rows):
        tds = []
        for j in range(n):
            if (i, j) not in sp:
                continue
            rs, cs = sp[(i, j)]
            attrs = ""
            if rs > 1:
                attrs += ' rowspan="%d"' % rs
            if cs > 1:
                attrs += ' colspan="%d"' % cs
            if kind == "header":
                inner = "<br>".join(html.escape(x) for x in lines_of(cells[j]))
                if style in ("th", "thead"):
                    tds.append("<th%s>%s</th>" % (attrs, inner))
                elif style == "strong":
                    tds.append('<td%s style="text-align:center"><p><strong>%s</strong></p></td>' % (attrs, inner))
                else:
                    tds.append('<td%s style="font-weight:bold;text-align:center">%s</td>' % (attrs, inner))
            elif kind == "section":
                tds.append('<td%s style="text-align:left"><strong>%s</strong></td>' % (attrs, html.escape(cells[j])))
            else:
                tds.append("<td%s>%s</td>" % (attrs, html_cell_text(cells[j], style == "strong")))
        out.append("<tr>" + "".join(tds) + "</tr>")
        if i == 0 and style == "thead":
            out.append("</thead><tbody>")
    out.append("</tbody></table>")
    return "\n".join(out)


def write_html(doc_spec, path, encoding="utf-8", style="th"):
    stem = doc_spec["stem"]
    site, host, code, icp, police, pubdate, source = site_of(stem, doc_spec.get("region", ""))
    title = doc_spec["page_title"]
    if encoding == "utf-8":
        meta = '<meta charset="utf-8">'
    else:
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    body = []
    for block in doc_spec["blocks"]:
        kind = block[0]
        if kind == "table":
            body.append(html_table(block[1], style))
        elif kind == "title":
            body.append('<p style="text-align:center"><strong>%s</strong></p>' % "<br>".join(html.escape(x) for x in block[1].split("\n")))
        elif kind == "docnum":
            body.append('<p style="text-align:center">%s</p>' % html.escape(block[1]))
        elif kind == "sign":
            body.append('<p style="text-align:right">%s</p>' % html.escape(block[1]))
        else:
            body.append('<p style="text-indent:2em">%s</p>' % html.escape(block[1]))
    page = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="SiteName" content="{site}">
<meta name="ArticleTitle" content="{title_a}">
<meta name="PubDate" content="{pubdate} 09:30">
<title>{title_h}_{site}</title>
<link rel="stylesheet" href="/images/css/common.css">
<script type="text/javascript">var _hmt = _hmt || []; function doZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}</script>
</head>
<body>
<div class="topbar"><div class="w1200"><span>欢迎访问{site}网站</span><a href="/wza/">无障碍</a> | <a href="javascript:void(0)">长者模式</a> | <a href="/login/">登录</a></div></div>
<div class="header"><div class="w1200"><a href="/"><img src="/images/logo.png" alt="{site}"></a>
<form action="/search/" method="get"><input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form></div></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjwm/">走进本区</a></li>
</ul></div>
<div class="crumb w1200">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>
<div class="article w1200">
<h1 class="article-title">{title_a}</h1>
<div class="article-info">发布时间：{pubdate}　来源：{source}　浏览次数：<span id="views">1362</span>　【字体：<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
<div class="article-content" id="zoom">
{body}
</div>
<div class="article-tools"><a href="javascript:window.print()">打印本页</a>　<a href="javascript:window.close()">关闭窗口</a>　分享到：微信 微博</div>
</div>
<div class="footer"><div class="w1200">
<p>主办单位：{host}　承办单位：{site}信息中心</p>
<p>网站标识码：{code}　{icp}　{police}</p>
<p>建议使用1920×1080分辨率浏览本网站</p>
</div></div>
</body>
</html>
""".format(meta=meta, site=site, title_a=html.escape(title), title_h=html.escape(title),
           pubdate=pubdate, source=source, body="\n".join(body), host=host, code=code,
           icp=icp, police=police)
    with open(path, "wb") as f:
        if encoding == "utf-8":
            f.write(page.encode("utf-8"))
        else:
            f.write(page.encode(encoding))


# ---------------------------------------------------------------------------------------------
# CSV and Excel
# ---------------------------------------------------------------------------------------------


def sheet_rows(doc_spec, width):
    """[(kind, cells)] of the whole document as a sheet: prose rows, table rows."""
    out = []
    for block in doc_spec["blocks"]:
        kind = block[0]
        if kind == "table":
            for rk, cells in block[1]:
                out.append((rk, [c.replace("~", "\n") for c in cells], block[1]))
        else:
            text = block[1].replace("\n", "")
            out.append((kind, [text] + [""] * (width - 1), None))
    return out


def table_width(doc_spec):
    return max(len(b[1][0][1]) for b in doc_spec["blocks"] if b[0] == "table")


def write_csv(doc_spec, path, encoding="utf-8-sig"):
    width = table_width(doc_spec)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for kind, cells, _ in sheet_rows(doc_spec, width):
        row = [blank(c) for c in cells] + [""] * (width - len(cells))
        w.writerow(row)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(encoding))


def write_xlsx(doc_spec, path):
    width = table_width(doc_spec)
    wb = Workbook()
    wb.properties.creator = "qingdan tests"
    wb.properties.lastModifiedBy = "qingdan tests"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = "基本养老服务清单"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    wrap_left = Alignment(wrap_text=True, vertical="center", horizontal="left")
    r = 0
    first_table_header = None
    for block in doc_spec["blocks"]:
        kind = block[0]
        if kind != "table":
            r += 1
            c = ws.cell(row=r, column=1, value=block[1].replace("\n", ""))
            if kind == "title":
                c.font = Font(name="宋体", size=16, bold=True)
                c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                ws.row_dimensions[r].height = 30
            elif kind == "sign":
                c.alignment = Alignment(horizontal="right")
            else:
                c.alignment = Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            continue
        rows = block[1]
        sp = spans(rows)
        base = r
        for i, (rk, cells) in enumerate(rows):
            for j, c in enumerate(cells):
                cell = ws.cell(row=base + i + 1, column=j + 1)
                cell.border = border
                if (i, j) in sp:
                    cell.value = c.replace("~", "\n") if c else None
                    if rk == "header":
                        cell.font = Font(name="黑体", bold=True)
                        cell.alignment = wrap
                    elif rk == "section":
                        cell.font = Font(bold=True)
                        cell.alignment = wrap_left
                    else:
                        cell.alignment = wrap_left if len(c) > 12 else wrap
            if rk == "header" and first_table_header is None:
                first_table_header = base + i + 1
        for (i, j), (rs, cs) in sorted(sp.items()):
            if rs > 1 or cs > 1:
                ws.merge_cells(start_row=base + i + 1, start_column=j + 1,
                               end_row=base + i + rs, end_column=j + cs)
        r = base + len(rows)
    header = next(b[1][0][1] for b in doc_spec["blocks"] if b[0] == "table")
    weights = col_weights(header) + [2.0] * (width - len(header))
    for j, wgt in enumerate(weights):
        ws.column_dimensions[chr(ord("A") + j)].width = round(6 * wgt, 1)
    if first_table_header:
        ws.print_title_rows = "%d:%d" % (first_table_header, first_table_header)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wb.save(path)
    normalize_zip(path)


# ---------------------------------------------------------------------------------------------
# Markdown and plain text
# ---------------------------------------------------------------------------------------------


def md_cell(c):
    c = blank(c)
    return "<br>".join(x.replace("|", "\\|") for x in lines_of(c)) if c else ""


def write_md(doc_spec, path):
    out = []
    titles = 0
    for block in doc_spec["blocks"]:
        kind = block[0]
        if kind == "table":
            rows = block[1]
            n = len(rows[0][1])
            for i, (rk, cells) in enumerate(rows):
                out.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
                if i == 0:
                    out.append("|" + "|".join(["---"] * n) + "|")
            out.append("")
        elif kind == "title":
            titles += 1
            out.append(("# " if titles == 1 else "## ") + block[1].replace("\n", ""))
            out.append("")
        else:
            out.append(block[1])
            out.append("")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out).rstrip("\n") + "\n")


def write_txt(doc_spec, path):
    out = [""]
    for block in doc_spec["blocks"]:
        kind = block[0]
        if kind == "table":
            for rk, cells in block[1]:
                out.append("\t".join(plain(blank(c)) for c in cells))
            out.append("")
        else:
            out.extend(block[1].split("\n"))
            out.append("")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out).rstrip("\n") + "\n")


# ---------------------------------------------------------------------------------------------
# Documents: a new list, or a seed
# ---------------------------------------------------------------------------------------------


def load_list(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.LIST


def list_document(spec):
    blocks = [b for b in spec["before"]]
    blocks.append(("table", grid(spec)))
    blocks.extend(spec["after"])
    titles = [b[1] for b in spec["before"] if b[0] == "title"]
    return {"stem": spec["stem"], "region": spec["district"], "blocks": blocks,
            "page_title": titles[0].replace("\n", "")}


# How each seed's list is laid out: its own header cells ("<" = the header cell to the left spans
# this column too, as 服务项目 spans 序号 and name in the seeds) and the field of each column.
SEEDS = {
    "000_e26b50a82a71a634": [("对象", "target"), ("服务项目", "seq"), ("<", "name"), ("服务内容", "content"),
                             ("服务标准", "standard"), ("服务类型", "types"), ("牵头落实部门", "departments")],
    "001_d3e8401a7d0b656b": [("对象", "target"), ("服务项目", "seq"), ("<", "name"), ("服务内容", "content"),
                             ("服务类型", "types"), ("牵头落实部门", "departments")],
    "002_53f1ec094fe4d388": [("对象", "target"), ("服务项目", "seq"), ("<", "name"), ("服务内容", "content"),
                             ("服务标准", "standard"), ("服务类型", "types"), ("牵头落实部门", "departments")],
    "003_96d89b5e45fd7fea": [("服务对象", "target"), ("服务项目", "seq"), ("<", "name"),
                             ("服务内容及标准", "content"), ("牵头责任部门", "departments")],
    "004_d4f3a1b82a3e90a4": [("服务对象", "target"), ("服务项目", "seq"), ("<", "name"), ("服务内容", "content"),
                             ("服务类型", "types"), ("服务标准", "standard"), ("支出责任", "funding"),
                             ("牵头部门", "departments")],
}


def seed_value(s, field):
    if field == "target":
        return s["target"]["text"] or ""
    if field == "seq":
        return str(s["seq"])
    if field == "types":
        return "、".join(s["types"])
    if field == "departments":
        return "\n".join(s["departments"])
    return s[field] or ""


def seed_document(stem):
    cols = SEEDS[stem]
    out = json.load(open(os.path.join(ROOT, "out", stem + ".json"), encoding="utf-8"))
    text = open(os.path.join(ROOT, "fixtures", stem + ".txt"), encoding="utf-8").read()
    lines = text.split("\n")
    first_head = cols[0][0]
    second = cols[1][0]
    start = next(i for i, l in enumerate(lines)
                 if l.startswith(first_head + "\t" + second) or l == "\t" + first_head)
    end = max(s["lines"][1] for s in out["services"])  # 1-based last line of the list
    header = [h for h, _ in cols]
    rows = [("header", header)]
    prev = None
    for s in out["services"]:
        cells = [seed_value(s, f) for _, f in cols]
        if cells[0] and cells[0] == prev:
            cells[0] = "^"
        else:
            prev = cells[0]
        rows.append(("row", cells))
    doc = out["document"]

    def prose(chunk):
        blocks = []
        table = []
        bold = None
        for raw in chunk:
            l = raw.strip()
            if "\t" in raw.strip(" "):
                table.append([c.strip() for c in raw.strip(" ").split("\t")])
                continue
            if table:
                n = max(len(r) for r in table)
                blocks.append(("table", [("row", r + [""] * (n - len(r))) for r in table]))
                table = []
            if not l:
                continue
            if bold is not None:
                bold.append(l.rstrip("*"))
                if l.endswith("**"):
                    blocks.append(("title", "\n".join(bold)))
                    bold = None
                continue
            if l.startswith("**"):
                if l.endswith("**") and len(l) > 4:
                    blocks.append(("title", l.strip("*")))
                else:
                    bold = [l.lstrip("*")]
                continue
            if l in (doc["list_title"], doc["title"]):
                blocks.append(("title", l))
            elif l == doc["doc_number"]:
                blocks.append(("docnum", l))
            elif l == doc["issuer"] or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日(印发)?", l):
                blocks.append(("sign", l))
            else:
                blocks.append(("p", l))
        if table:
            n = max(len(r) for r in table)
            blocks.append(("table", [("row", r + [""] * (n - len(r))) for r in table]))
        return blocks

    blocks = prose(lines[:start]) + [("table", rows)] + prose(lines[end:])
    return {"stem": stem, "region": doc["region"]["name"], "blocks": blocks,
            "page_title": doc["title"]}


# ---------------------------------------------------------------------------------------------

HTML_STYLE = {"l01_chengdu_wuhou": "th", "l02_hangzhou_xihu": "strong", "l03_changsha_yuelu": "plain",
              "l04_suzhou_gusu": "thead", "l05_guangzhou_tianhe": "th"}
HTML_ENCODING = {"l03_changsha_yuelu": "gb2312"}
CSV_ENCODING = {"l04_suzhou_gusu": "gbk"}


def render(doc_spec, txt=False):
    stem = doc_spec["stem"]
    p = lambda ext: os.path.join(HERE, stem + ext)
    write_docx(doc_spec, p(".docx"))
    write_html(doc_spec, p(".html"), HTML_ENCODING.get(stem, "utf-8"), HTML_STYLE.get(stem, "strong"))
    write_csv(doc_spec, p(".csv"), CSV_ENCODING.get(stem, "utf-8-sig"))
    write_xlsx(doc_spec, p(".xlsx"))
    write_md(doc_spec, p(".md"))
    if txt:
        write_txt(doc_spec, os.path.join(ROOT, "fixtures", stem + ".txt"))


def wps_copy(stem):
    """Re-save <stem>.docx through LibreOffice: a second producer's XML."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found; %s.wps.docx kept as it is" % stem, file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, stem + ".odt")
        # docx -> odt -> docx, so that every part of the file is LibreOffice's own writing.
        subprocess.run([soffice, "--headless", "--convert-to", "odt", "--outdir", tmp,
                        os.path.join(HERE, stem + ".docx")], check=True, capture_output=True)
        subprocess.run([soffice, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp,
                        src], check=True, capture_output=True)
        shutil.copy(os.path.join(tmp, stem + ".docx"), os.path.join(HERE, stem + ".wps.docx"))


def write_manifest():
    """tests/formats/manifest.tsv: every rendering here and in tests/pdf/ with its format, its
    encoding or page setup, and its answer key (- where the seed has none)."""
    rows = []
    for d in ("tests/formats", "tests/pdf"):
        for name in sorted(os.listdir(os.path.join(ROOT, d))):
            m = re.match(r"^((?:l\d\d|\d{3})_[a-z0-9_]+?)\.(.+)$", name)
            if not m or name.endswith(".py"):
                continue
            stem, rest = m.groups()
            ext = rest.rsplit(".", 1)[-1]
            fmt = {"docx": "docx", "html": "html", "csv": "csv", "xlsx": "xlsx", "md": "markdown",
                   "pdf": "pdf", "txt": "text"}.get(ext)
            if not fmt:
                continue
            note = rest[: -len(ext) - 1] if "." in rest else ""
            if ext == "html":
                note = HTML_ENCODING.get(stem, "utf-8")
            elif ext == "csv":
                note = "gbk" if CSV_ENCODING.get(stem) == "gbk" else "utf-8-bom"
            gold = "tests/gold/%s.json" % stem
            rows.append((d + "/" + name, stem, fmt, note or "-", gold if os.path.exists(os.path.join(ROOT, gold)) else "-"))
    for name in sorted(os.listdir(os.path.join(ROOT, "fixtures"))):
        stem = name[:-4]
        if name.startswith("l") and name.endswith(".txt"):
            rows.append(("fixtures/" + name, stem, "text", "tsv", "tests/gold/%s.json" % stem))
    with open(os.path.join(HERE, "manifest.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# path\tstem\tformat\tvariant\tanswer_key\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


def main():
    lists = sorted(glob.glob(os.path.join(HERE, "lists", "l*.py")))
    for path in lists:
        render(list_document(load_list(path)), txt=True)
    for stem in SEEDS:
        render(seed_document(stem))
    if "--wps" in sys.argv[1:]:
        wps_copy("l01_chengdu_wuhou")
    write_manifest()


if __name__ == "__main__":
    main()
