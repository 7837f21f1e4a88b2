"""A list's .docx with its table's borders and style taken out and its cells written from the
top (as Word's default table), for a PDF with no rulings: `s03_nanping_jianyang.borderless.pdf`
is tests/shapes/s03_nanping_jianyang.docx through this and LibreOffice.

    python3 borderless.py ../shapes/s03_nanping_jianyang.docx
    soffice --headless --convert-to pdf s03_nanping_jianyang.bl.docx
    mv s03_nanping_jianyang.bl.pdf s03_nanping_jianyang.borderless.pdf

s04_linyi_yinan.borderless.pdf (and its `pdftotext -layout` text) and
s01_suqian_sihong.wps.borderless.pdf (from tests/shapes/s01_suqian_sihong.wps.docx),
000_e26b50a82a71a634.borderless.pdf (from tests/formats/) and tests/pdf/l0*.borderless.pdf
(from tests/formats/l0*.docx) are made the same way.
"""
import sys, docx
from docx.oxml.ns import qn
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT as V
for src in sys.argv[1:]:
    d = docx.Document(src)
    for t in d.tables:
        tblPr = t._tbl.tblPr
        for b in tblPr.findall(qn('w:tblBorders')): tblPr.remove(b)
        st = tblPr.find(qn('w:tblStyle'))
        if st is not None: tblPr.remove(st)
        for row in t.rows:
            for c in row.cells:
                tcPr = c._tc.get_or_add_tcPr()
                for b in tcPr.findall(qn('w:tcBorders')): tcPr.remove(b)
                c.vertical_alignment = V.TOP
    out = src.split('/')[-1].replace('.docx', '.bl.docx')
    d.save(out)
