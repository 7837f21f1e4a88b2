#!/usr/bin/env python3
"""Renders every list of tests/shapes/lists/ (the single source of truth) into every shape a
reader meets: Word, Word re-saved by LibreOffice, PDF (LibreOffice and reportlab), the texts four
PDF extractors make, a government web page, a Word "save as web page" file in GB2312, CSV, text
copied out of Word (tab-separated and line-broken), Excel and Markdown. Run from the repository
root (CI never runs it; everything it writes is committed):

    apt-get install libreoffice-writer poppler-utils pandoc fonts-noto-cjk fonts-wqy-zenhei
    pip install python-docx==1.2.0 openpyxl==3.1.5 pdfplumber==0.11.10 pymupdf==2.0 reportlab==5.1.0
    python3 tests/shapes/generate.py            # everything
    python3 tests/shapes/generate.py --no-soffice   # only what needs no LibreOffice

The table model is the one of tests/formats/generate.py (whose helpers this reuses), with a
header of one, two or three rows: `header` is a list of rows of leaf-column width, "^" merged with
the cell above and "<" with the cell to the left (a parent merged over its sub-columns), and
"HEADER" in `rows` repeats the whole header. Writes tests/shapes/manifest.tsv last.
"""
import csv
import glob
import html
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "tests", "shapes")


def _module(name, path):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, path))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


F = _module("formats_generate", "tests/formats/generate.py")
P = _module("pdf_generate", "tests/pdf/generate.py")

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT  # noqa: E402
from docx.shared import Cm  # noqa: E402

spans, lines_of, plain, blank = F.spans, F.lines_of, F.plain, F.blank

# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


def load_list(path):
    mod = _module(os.path.basename(path)[:-3], os.path.relpath(path, ROOT))
    return mod.LIST


def grid(spec):
    """[(kind, cells)]: the header rows, then sections and rows; "HEADER" repeats the header."""
    header = spec["header"]
    n = len(header[0])
    for h in header:
        assert len(h) == n, (spec["stem"], h)
    out = [("header", list(h)) for h in header]
    for r in spec["rows"]:
        if r == "HEADER":
            out.extend(("header", list(h)) for h in header)
        elif isinstance(r, dict):
            out.append(("section", [r["section"]] + ["<"] * (n - 1)))
        else:
            assert len(r) == n, (spec["stem"], r)
            assert r[0] not in ("^", "<"), (spec["stem"], r)
            out.append(("row", list(r)))
    return out


def column_labels(header):
    """Each leaf column's header texts from the top, merged cells resolved ("服务标准 城市")."""
    n = len(header[0])
    res = []
    for j in range(n):
        texts = []
        for i, row in enumerate(header):
            c, jj, ii = row[j], j, i
            while c in ("^", "<"):
                if c == "<":
                    jj -= 1
                else:
                    ii -= 1
                c = header[ii][jj]
            if not texts or texts[-1] != c:
                texts.append(c)
        res.append(" ".join(texts))
    return res


def weights(header):
    """Relative column widths: wide content and standards, narrow numbers and departments."""
    out = []
    labels = column_labels(header)
    for label in labels:
        leaf = label.split(" ")[-1]
        parent = label.split(" ")[0]
        if leaf == "序号":
            out.append(0.9)
        elif "内容" in leaf:
            out.append(3.4)
        elif "标准" in label and leaf != parent:
            out.append(2.2 if sum("标准" in x for x in labels) <= 2 else 1.5)
        elif "标准" in leaf:
            out.append(3.2)
        elif "对象" in leaf:
            out.append(2.2)
        elif "项目" in leaf:
            out.append(1.9)
        elif "单位" in label or "部门" in label:
            out.append(1.45)
        elif "类别" in leaf or "类型" in leaf:
            out.append(1.1)
        else:
            out.append(1.2)
    return out


def document(spec):
    blocks = list(spec["before"]) + [("table", grid(spec))] + list(spec["after"])
    titles = [b[1] for b in spec["before"] if b[0] == "title"]
    return {"stem": spec["stem"], "region": spec["district"], "blocks": blocks,
            "page_title": titles[0].replace("\n", ""), "header": spec["header"]}


# ---------------------------------------------------------------------------------------------
# Word
# ---------------------------------------------------------------------------------------------


def docx_table(doc, rows, header, usable_cm):
    n = len(rows[0][1])
    table = doc.add_table(rows=len(rows), cols=n)
    table.style = "Table Grid"
    table.autofit = False
    w = weights(header)
    widths = [Cm(usable_cm * x / sum(w)) for x in w]
    for j in range(n):
        table.columns[j].width = widths[j]
    for i in range(len(rows)):
        for j in range(n):
            table.cell(i, j).width = widths[j]
    sp = spans(rows)
    for (i, j), (rs, cs) in sorted(sp.items()):
        kind, cells = rows[i]
        cell = table.cell(i, j)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        role = {"header": "head", "section": "section"}.get(kind, "cell")
        for k, line in enumerate(lines_of(cells[j])):
            F.add_para(cell, line, role, first=(k == 0))
    for (i, j), (rs, cs) in sorted(sp.items()):
        if rs > 1 or cs > 1:
            table.cell(i, j).merge(table.cell(i + rs - 1, j + cs - 1))
    # Every row of the leading header repeats on each page (Word and LibreOffice repeat the
    # consecutive w:tblHeader rows at the top of the table).
    for i in range(len(header)):
        F.repeat_header(table.rows[i])
    return table


def write_docx(doc_spec, path, landscape=False):
    doc, usable = F.new_document(landscape)
    for block in doc_spec["blocks"]:
        if block[0] == "table":
            docx_table(doc, block[1], doc_spec["header"], usable)
            continue
        for line in block[1].split("\n"):
            F.add_para(doc, line, block[0])
    doc.save(path)
    F.normalize_zip(path)


# ---------------------------------------------------------------------------------------------
# A government web page (the chrome of tests/formats/generate.py) and Word's "save as web page"
# ---------------------------------------------------------------------------------------------


def html_table(rows, style):
    """As tests/formats/generate.py, with every leading header row inside <thead>."""
    sp = spans(rows)
    n = len(rows[0][1])
    lead = next(i for i, (k, _) in enumerate(rows) if k != "header")
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">']
    out.append("<thead>" if style == "thead" else "<tbody>")
    for i, (kind, cells) in enumerate(rows):
        tds = []
        for j in range(n):
            if (i, j) not in sp:
                continue
            rs, cs = sp[(i, j)]
            attrs = (' rowspan="%d"' % rs if rs > 1 else "") + (' colspan="%d"' % cs if cs > 1 else "")
            if kind == "header":
                inner = "<br>".join(html.escape(x) for x in lines_of(cells[j]))
                if style in ("th", "thead"):
                    tds.append("<th%s>%s</th>" % (attrs, inner))
                else:
                    tds.append('<td%s style="text-align:center"><p><strong>%s</strong></p></td>' % (attrs, inner))
            elif kind == "section":
                tds.append('<td%s style="text-align:left"><strong>%s</strong></td>' % (attrs, html.escape(cells[j])))
            else:
                tds.append("<td%s>%s</td>" % (attrs, F.html_cell_text(cells[j], style == "strong")))
        out.append("<tr>" + "".join(tds) + "</tr>")
        if i == lead - 1 and style == "thead":
            out.append("</thead><tbody>")
    out.append("</tbody></table>")
    return "\n".join(out)


def write_html(doc_spec, path, style):
    F.html_table = html_table  # the page chrome of formats, this table
    F.write_html(doc_spec, path, "utf-8", style)


def word_wrap(line, width=76):
    """Word writes its HTML in lines of at most ~76 characters, breaking at spaces only."""
    out = []
    while len(line) > width:
        k = line.rfind(" ", 0, width)
        if k <= 0:
            k = line.find(" ", width)
            if k < 0:
                break
        out.append(line[:k])
        line = line[k + 1:]
    out.append(line)
    return "\r\n".join(out)


def word_span(text, font, size, bold=False):
    inner = "<span style='font-size:%.1fpt;font-family:%s'>%s</span>" % (size, font, html.escape(text, quote=False))
    return "<b>%s</b>" % inner if bold else inner


def write_word_html(doc_spec, path, landscape=False):
    """An HTML file as Word (or WPS) writes it with "save as web page": GB2312, unquoted
    attributes, MsoNormal paragraphs, one <p> per line in a cell, rowspan/colspan, mso styles,
    conditional comments and CRLF line ends with lines broken at spaces."""
    header = doc_spec["header"]
    w = weights(header)
    total = 25.7 if landscape else 17.0
    cm = [total * x / sum(w) for x in w]
    out = []
    out.append('<html xmlns:v="urn:schemas-microsoft-com:vml"\nxmlns:o="urn:schemas-microsoft-com:office:office"\n'
               'xmlns:w="urn:schemas-microsoft-com:office:word"\nxmlns:m="http://schemas.microsoft.com/office/2004/12/omml"\n'
               'xmlns="http://www.w3.org/TR/REC-html40">')
    out.append("<head>")
    out.append("<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">")
    out.append("<meta name=ProgId content=Word.Document>")
    out.append("<meta name=Generator content=\"Microsoft Word 15\">")
    out.append("<meta name=Originator content=\"Microsoft Word 15\">")
    out.append("<title>%s</title>" % html.escape(doc_spec["page_title"]))
    out.append("<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>qingdan tests</o:Author>\n"
               "  <o:Created>2024-01-01T00:00:00Z</o:Created>\n  <o:Pages>3</o:Pages>\n </o:DocumentProperties>\n</xml><![endif]-->")
    out.append("<style>\n<!--\n /* Font Definitions */\n @font-face\n\t{font-family:仿宋_GB2312;\n\tpanose-1:2 1 6 9 3 1 1 1 1 1;}\n"
               "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{mso-style-unhide:no;\n\tmargin:0cm;\n\ttext-align:justify;\n"
               "\ttext-justify:inter-ideograph;\n\tfont-size:10.5pt;\n\tfont-family:\"Times New Roman\",serif;}\n"
               "@page WordSection1\n\t{size:%s;\n\tmargin:72.0pt 56.7pt 72.0pt 56.7pt;}\n"
               "div.WordSection1\n\t{page:WordSection1;}\n-->\n</style>" % ("841.9pt 595.3pt" if landscape else "595.3pt 841.9pt"))
    out.append("</head>")
    out.append("")
    out.append("<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>")
    out.append("")
    out.append("<div class=WordSection1 style='layout-grid:15.6pt'>")
    out.append("")
    for block in doc_spec["blocks"]:
        kind = block[0]
        if kind == "table":
            out.append(word_table(block[1], cm))
            continue
        for line in block[1].split("\n"):
            if kind == "title":
                out.append("<p class=MsoNormal align=center style='text-align:center;line-height:28.0pt'>%s<span lang=EN-US><o:p></o:p></span></p>"
                           % word_span(line, "方正小标宋简体", 22.0, True))
            elif kind == "sign":
                out.append("<p class=MsoNormal align=right style='text-align:right'>%s</p>" % word_span(line, "仿宋_GB2312", 16.0))
            else:
                out.append("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>%s</p>" % word_span(line, "仿宋_GB2312", 16.0))
        out.append("")
    out.append("</div>")
    out.append("")
    out.append("</body>")
    out.append("")
    out.append("</html>")
    text = "\r\n".join(word_wrap(line) for line in "\n".join(out).split("\n")) + "\r\n"
    with open(path, "wb") as f:
        f.write(text.encode("gbk"))  # Word writes code page 936 under the gb2312 label


def word_table(rows, cm):
    sp = spans(rows)
    n = len(rows[0][1])
    out = ["<div align=center>", "",
           "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;"
           "mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"]
    for i, (kind, cells) in enumerate(rows):
        extra = ";mso-yfti-firstrow:yes" if i == 0 else (";mso-yfti-lastrow:yes" if i == len(rows) - 1 else "")
        head = ";mso-yfti-irow:%d%s%s" % (i, extra, ";page-break-inside:avoid" if kind != "header" else ";mso-row-margin-left:0cm")
        out.append(" <tr style='%s'>" % head.lstrip(";"))
        for j in range(n):
            if (i, j) not in sp:
                continue
            rs, cs = sp[(i, j)]
            width = sum(cm[j:j + cs])
            attrs = "width=%d" % round(width / 2.54 * 96)
            if cs > 1:
                attrs += " colspan=%d" % cs
            if rs > 1:
                attrs += " rowspan=%d" % rs
            style = ("width:%.1fpt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;"
                     "padding:0cm 5.4pt 0cm 5.4pt" % (width / 2.54 * 72))
            paras = []
            for line in lines_of(cells[j]) if cells[j] else [""]:
                if not line:
                    paras.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
                elif kind == "header":
                    paras.append("<p class=MsoNormal align=center style='text-align:center'>%s</p>" % word_span(line, "黑体", 10.5, True))
                elif kind == "section":
                    paras.append("<p class=MsoNormal>%s</p>" % word_span(line, "黑体", 10.5, True))
                else:
                    paras.append("<p class=MsoNormal>%s</p>" % word_span(line, "仿宋_GB2312", 10.5))
            out.append("  <td %s valign=middle style='%s'>\n  %s\n  </td>" % (attrs, style, "\n  ".join(paras)))
        out.append(" </tr>")
    out.append("</table>")
    out.append("")
    out.append("</div>")
    return "\n".join(out)


def write_xlsx(doc_spec, path):
    """The sheet of tests/formats/generate.py, with every header row among the print titles."""
    F.write_xlsx(doc_spec, path)
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    first = int(ws.print_title_rows.split(":")[0].lstrip("$"))
    ws.print_title_rows = "%d:%d" % (first, first + len(doc_spec["header"]) - 1)
    wb.save(path)
    F.normalize_zip(path)


# ---------------------------------------------------------------------------------------------
# Text copied out of Word: a row a line with tabs, or every cell on its own tab-led line
# ---------------------------------------------------------------------------------------------


def copied_fields(cells):
    """The fields Word puts on the clipboard for a row: none for a cell merged into the one to
    its left (so such a row has fewer fields), an empty one for a cell merged from above."""
    return [blank(c) for c in cells if c != "<"]


def write_tsv(doc_spec, path):
    out = [""]
    for block in doc_spec["blocks"]:
        if block[0] == "table":
            for _, cells in block[1]:
                out.append("\t".join(plain(c) for c in copied_fields(cells)))
            out.append("")
        else:
            out.extend(block[1].split("\n"))
            out.append("")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out).rstrip("\n") + "\n")


def write_lines(doc_spec, path):
    """The line-broken layout of fixtures/001_…: each cell on a line of its own led by a tab, a
    cell's further lines without the tab, a blank line after each row."""
    out = []
    for block in doc_spec["blocks"]:
        if block[0] == "table":
            for _, cells in block[1]:
                for c in copied_fields(cells):
                    ls = lines_of(c) if c else [""]
                    out.append("\t" + ls[0])
                    out.extend(ls[1:])
                out.append("")
        else:
            out.extend(" " + x for x in block[1].split("\n"))
            out.append("")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out).rstrip("\n") + "\n")


# ---------------------------------------------------------------------------------------------
# PDF by reportlab (a second producer: its own table drawing, fonts embedded as TrueType subsets)
# ---------------------------------------------------------------------------------------------

CJK_TTF = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]


def write_reportlab(doc_spec, path, landscape):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape as land
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = next((p for p in CJK_TTF if os.path.exists(p)), None)
    if not font:
        sys.exit("a TrueType CJK font is needed: apt-get install fonts-wqy-zenhei")
    pdfmetrics.registerFont(TTFont("CJK", font, subfontIndex=0))
    size = land(A4) if landscape else A4
    body = ParagraphStyle("body", fontName="CJK", fontSize=9, leading=12, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, alignment=1)
    title = ParagraphStyle("title", fontName="CJK", fontSize=18, leading=26, alignment=1)
    prose = ParagraphStyle("prose", fontName="CJK", fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    sign = ParagraphStyle("sign", parent=prose, alignment=2, firstLineIndent=0)
    story = []
    header_rows = len(doc_spec["header"])
    usable = size[0] - 3 * cm
    w = weights(doc_spec["header"])
    widths = [usable * x / sum(w) for x in w]
    for block in doc_spec["blocks"]:
        kind = block[0]
        if kind != "table":
            style = {"title": title, "sign": sign}.get(kind, prose)
            for line in block[1].split("\n"):
                story.append(Paragraph(html.escape(line), style))
            story.append(Spacer(1, 6))
            continue
        rows = block[1]
        sp = spans(rows)
        data = []
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("FONTNAME", (0, 0), (-1, -1), "CJK")]
        for i, (rk, cells) in enumerate(rows):
            row = []
            for j, c in enumerate(cells):
                if (i, j) in sp:
                    st = head if rk == "header" else body
                    row.append(Paragraph("<br/>".join(html.escape(x) for x in lines_of(c)), st))
                else:
                    row.append("")
            data.append(row)
        for (i, j), (rs, cs) in sp.items():
            if rs > 1 or cs > 1:
                commands.append(("SPAN", (j, i), (j + cs - 1, i + rs - 1)))
        table = Table(data, colWidths=widths, repeatRows=header_rows, splitByRow=1)
        table.setStyle(TableStyle(commands))
        story.append(table)
        story.append(Spacer(1, 8))
    pdf = SimpleDocTemplate(path, pagesize=size, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.8 * cm, bottomMargin=1.8 * cm, title=doc_spec["page_title"],
                            author="qingdan tests", creator="qingdan tests", invariant=1)
    pdf.build(story)


# ---------------------------------------------------------------------------------------------

HTML_STYLE = {"s01_suqian_sihong": "th", "s02_xinyang_guangshan": "strong", "s03_nanping_jianyang": "thead", "s05_luan_jinzhai": "strong",
              "s04_linyi_yinan": "plain"}
# Which list also gets reportlab PDFs.
REPORTLAB = ("s01_suqian_sihong", "s05_luan_jinzhai")


def render(doc_spec):
    stem = doc_spec["stem"]
    p = lambda ext: os.path.join(HERE, stem + ext)
    write_docx(doc_spec, p(".docx"))
    write_html(doc_spec, p(".html"), HTML_STYLE.get(stem, "th"))
    write_word_html(doc_spec, p(".word.html"))
    F.write_csv(doc_spec, p(".csv"))
    write_xlsx(doc_spec, p(".xlsx"))
    F.write_md(doc_spec, p(".md"))
    write_tsv(doc_spec, p(".tsv"))
    write_lines(doc_spec, p(".lines.txt"))
    if stem in REPORTLAB:
        for orient in ("portrait", "landscape"):
            base = p(".reportlab.%s" % orient)
            write_reportlab(doc_spec, base + ".pdf", orient == "landscape")
            P.extract(base + ".pdf", base)


def soffice_outputs(docs):
    """The docx re-saved by LibreOffice (docx -> odt -> docx) and the LibreOffice PDFs (portrait:
    the docx itself; landscape: the same document written in landscape), with their texts."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice (LibreOffice) is needed; or pass --no-soffice")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for doc in docs:
            stem = doc["stem"]
            portrait = os.path.join(tmp, stem + ".portrait.docx")
            shutil.copy(os.path.join(HERE, stem + ".docx"), portrait)
            landscape = os.path.join(tmp, stem + ".landscape.docx")
            write_docx(doc, landscape, landscape=True)
            inputs += [portrait, landscape]
        P.soffice_pdf(inputs, tmp)
        for path in inputs:
            name = os.path.basename(path)[:-len(".docx")]
            pdf = os.path.join(HERE, name + ".pdf")
            shutil.copy(os.path.join(tmp, name + ".pdf"), pdf)
            P.extract(pdf, os.path.join(HERE, name))
        odt = os.path.join(tmp, "odt")
        back = os.path.join(tmp, "back")
        srcs = [os.path.join(HERE, d["stem"] + ".docx") for d in docs]
        profile = "-env:UserInstallation=file://" + os.path.join(tmp, "profile")
        subprocess.run([soffice, profile, "--headless", "--convert-to", "odt", "--outdir", odt] + srcs,
                       check=True, capture_output=True)
        odts = [os.path.join(odt, d["stem"] + ".odt") for d in docs]
        subprocess.run([soffice, profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", back] + odts,
                       check=True, capture_output=True)
        for d in docs:
            shutil.copy(os.path.join(back, d["stem"] + ".docx"), os.path.join(HERE, d["stem"] + ".wps.docx"))


# (suffix, format, variant) of every rendering of a list; reportlab ones only for REPORTLAB.
KINDS = [
    (".docx", "docx", "python-docx"),
    (".wps.docx", "docx", "libreoffice"),
    (".html", "html", "utf-8"),
    (".word.html", "html", "word-gb2312"),
    (".csv", "csv", "utf-8-bom"),
    (".tsv", "text", "tsv-word-copy"),
    (".lines.txt", "text", "line-broken"),
    (".xlsx", "xlsx", "openpyxl"),
    (".md", "markdown", "pipe"),
]
for _orient in ("portrait", "landscape"):
    KINDS.append((".%s.pdf" % _orient, "pdf", "libreoffice-" + _orient))
    for _x in ("pdftotext-layout", "pdftotext", "pdfplumber", "pymupdf"):
        KINDS.append((".%s.%s.txt" % (_orient, _x), "text", _x + "-libreoffice-" + _orient))
RL_KINDS = []
for _orient in ("portrait", "landscape"):
    RL_KINDS.append((".reportlab.%s.pdf" % _orient, "pdf", "reportlab-" + _orient))
    for _x in ("pdftotext-layout", "pdftotext", "pdfplumber", "pymupdf"):
        RL_KINDS.append((".reportlab.%s.%s.txt" % (_orient, _x), "text", _x + "-reportlab-" + _orient))


def write_manifest(stems):
    with open(os.path.join(HERE, "manifest.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# path\tstem\tformat\tvariant\tanswer_key\n")
        for stem in stems:
            kinds = KINDS + (RL_KINDS if stem in REPORTLAB else [])
            for suffix, fmt, variant in kinds:
                path = "tests/shapes/" + stem + suffix
                assert os.path.exists(os.path.join(ROOT, path)), path
                f.write("\t".join([path, stem, fmt, variant, "tests/gold/%s.json" % stem]) + "\n")


def main():
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    docs = []
    for path in sorted(glob.glob(os.path.join(HERE, "lists", "s*.py"))):
        doc = document(load_list(path))
        if only and doc["stem"] not in only:
            continue
        render(doc)
        docs.append(doc)
        print(doc["stem"])
    if "--no-soffice" not in sys.argv[1:] and docs:
        soffice_outputs(docs)
    if "--no-soffice" not in sys.argv[1:]:
        stems = [os.path.basename(p)[:-3] for p in sorted(glob.glob(os.path.join(HERE, "lists", "s*.py")))]
        write_manifest(stems)


if __name__ == "__main__":
    main()
