"""The list of tests/regression.rs `r_header_unit_*`: a 服务标准 column whose header gives the unit
("补贴标准（元/人·月）") and whose cells are bare numbers. Writes header_unit.docx (python-docx; its table has
no borders and its cells are written from the top) and header_unit.xlsx (openpyxl) here; the PDF
and its `pdftotext -layout` text come from the .docx; the text renderings of the test are built
by the test itself.

    cd tests/units && python3 generate.py
    soffice --headless --convert-to pdf header_unit.docx && mv header_unit.pdf header_unit.borderless.pdf
    pdftotext -layout header_unit.borderless.pdf header_unit.borderless.pdftotext-layout.txt

header_unit_above.docx and header_unit_above.xlsx are the same list with the unit on a line of its
own above the table ("单位：元/人·月", right-aligned in the .docx, a row of its own in the .xlsx)
and a bare 补贴标准 header.
"""
import docx, openpyxl, csv
from docx.shared import Pt
title = ["舟山市定海区", "基本养老服务清单"]
header = ["序号", "服务项目", "服务对象", "补贴标准（元/人·月）", "牵头单位"]
rows = [
 ["1", "高龄津贴", "80周岁及以上老年人", "100", "区民政局"],
 ["2", "护理补贴", "经认定的失能老年人", "200", "区民政局"],
 ["3", "养老服务补贴", "经济困难老年人", "80", "区民政局"],
 ["4", "困难老年人慰问", "特困老年人", "50-100", "区民政局"],
 ["5", "健康管理", "65周岁及以上老年人", "免费", "区卫生健康局"],
 ["6", "居家养老服务", "独居老年人", "每人每月不低于120元", "区民政局"],
]
d = docx.Document()
for t in title: d.add_paragraph(t)
tb = d.add_table(rows=1+len(rows), cols=len(header))
for j,h in enumerate(header): tb.cell(0,j).text = h
for i,r in enumerate(rows):
    for j,c in enumerate(r): tb.cell(i+1,j).text = c
d.save("header_unit.docx")
wb = openpyxl.Workbook(); ws = wb.active
ws.append([title[0]+title[1]]); ws.append(header)
for r in rows: ws.append([int(c) if c.isdigit() else c for c in r])
wb.save("header_unit.xlsx")

# The unit on a line above the table, the header bare.
from docx.enum.text import WD_ALIGN_PARAGRAPH
above = [h if h != header[3] else "补贴标准" for h in header]
d = docx.Document()
for t in title: d.add_paragraph(t)
d.add_paragraph("单位：元/人·月").alignment = WD_ALIGN_PARAGRAPH.RIGHT
tb = d.add_table(rows=1+len(rows), cols=len(above))
tb.style = "Table Grid"
for j,h in enumerate(above): tb.cell(0,j).text = h
for i,r in enumerate(rows):
    for j,c in enumerate(r): tb.cell(i+1,j).text = c
d.save("header_unit_above.docx")
wb = openpyxl.Workbook(); ws = wb.active
ws.append([title[0]+title[1]]); ws.append([None, None, None, None, "单位：元/人·月"]); ws.append(above)
for r in rows: ws.append([int(c) if c.isdigit() else c for c in r])
wb.save("header_unit_above.xlsx")
