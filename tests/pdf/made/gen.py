"""Makes the service lists in this folder with reportlab (not LibreOffice): PDFs, their
`pdftotext -layout` texts (made by the caller) and the answers (`*.answers.json`).

    python3 gen.py && for f in *.pdf; do pdftotext -layout "$f" "${f%.pdf}.pdftotext-layout.txt"; done
"""
import json
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.lib import colors

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
FONT = "STSong-Light"

NAMES = ["高龄津贴", "护理补贴", "养老服务补贴", "特困人员供养", "最低生活保障", "医疗救助",
         "临时救助", "家庭医生签约", "健康体检", "老年教育", "法律援助", "助餐服务",
         "居家上门服务", "适老化改造", "紧急救援", "文化体育", "公交优待", "景区优待",
         "探访关爱", "心理慰藉", "长期护理保险", "家庭养老床位", "失能照护", "康复辅具租赁",
         "防诈宣传", "志愿服务", "老年优待证", "基本养老金", "居民养老保险", "殡葬补贴"]
TARGETS = ["80周岁及以上老年人", "经济困难的失能老年人", "特困老年人", "低保家庭老年人",
           "60周岁及以上老年人", "独居、空巢老年人", "65周岁及以上老年人"]
DEPTS = ["区民政局", "区卫健局", "区医保局", "区人社局", "区司法局", "区文旅局", "区交通局"]
TYPES = ["物质帮助", "照护服务", "关爱服务"]


def rows(n, long_every=0):
    out = []
    for i in range(n):
        name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i // len(NAMES) + 1))
        target = TARGETS[(i * 3) % len(TARGETS)]
        dept = DEPTS[(i * 5) % len(DEPTS)]
        content = "为符合条件的老年人提供" + name
        if long_every and i % long_every == 0:
            content += "，按规定程序申请、审核、发放，并接受社会监督"
        standard = "每人每月%d元" % (50 + 10 * (i % 9))
        out.append(dict(seq=i + 1, type=TYPES[(i * 3) // n], name=name, target=target,
                        content=content, standard=standard, departments=[dept]))
    return out


def style(size):
    return ParagraphStyle("c", fontName=FONT, fontSize=size, leading=size * 1.2, wordWrap="CJK")


def make(path, data, *, land=False, size=9, pad=1, layout="plain", title="某某区基本养老服务清单"):
    ps = style(size)
    P = lambda t: Paragraph(t, ps)
    page = landscape(A4) if land else A4
    doc = SimpleDocTemplate(path, pagesize=page, leftMargin=30, rightMargin=30,
                            topMargin=30, bottomMargin=30)
    spans = []
    if layout == "plain":
        head = [["序号", "服务项目", "服务对象", "服务内容", "服务标准", "牵头部门"]]
        body = [[str(r["seq"]), P(r["name"]), P(r["target"]), P(r["content"]),
                 P(r["standard"]), P("、".join(r["departments"]))] for r in data]
        widths = [30, 80, 90, 160, 90, 70]
    elif layout == "wrapped-seq-type":
        # 序号 in a column so narrow that its header wraps (序 / 号); a narrow merged 服务类型
        # column whose text comes out one character a line; 服务对象 placed last.
        head = [[P("序号"), P("服务类型"), "服务项目", "服务内容", "服务标准", "牵头部门", "服务对象"]]
        body = []
        for r in data:
            body.append([str(r["seq"]), P(r["type"]), P(r["name"]), P(r["content"]),
                         P(r["standard"]), P("、".join(r["departments"])), P(r["target"])])
        widths = [16, 14, 80, 170, 90, 70, 100]
    elif layout == "merged-type":
        # The type column merged over each type's rows: one cell, its text one character a line.
        head = [["序号", P("服务类型"), "服务项目", "服务内容", "服务标准", "牵头部门", "服务对象"]]
        big = style(size + 4)
        body = [[str(r["seq"]), Paragraph(r["type"], big), P(r["name"]), P(r["content"]),
                 P(r["standard"]), P("、".join(r["departments"])), P(r["target"])] for r in data]
        first = 0
        for i in range(1, len(data) + 1):
            if i == len(data) or data[i]["type"] != data[first]["type"]:
                spans.append(("SPAN", (1, first + 1), (1, i)))
                first = i
        widths = [24, 14, 80, 170, 90, 70, 100]
    elif layout == "two-row-header":
        head = [["序号", "服务项目", "服务对象", "服务内容及标准", "", "责任单位"],
                ["", "", "", "服务内容", "服务标准", "牵头部门"]]
        spans = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (2, 1)),
                 ("SPAN", (3, 0), (4, 0))]
        body = [[str(r["seq"]), P(r["name"]), P(r["target"]), P(r["content"]),
                 P(r["standard"]), P("、".join(r["departments"]))] for r in data]
        widths = [30, 80, 90, 200, 110, 80]
    t = Table(head + body, colWidths=widths, repeatRows=len(head))
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ] + spans))
    doc.build([Paragraph(title, style(14)), t])
    answers = [dict(seq=r["seq"], name=r["name"], target=r["target"],
                    departments=r["departments"]) for r in data]
    with open(path[:-4] + ".answers.json", "w") as f:
        json.dump(answers, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    make("tight30.portrait.pdf", rows(30), size=8, pad=0)
    make("plain80.portrait.pdf", rows(80, long_every=7), size=9, pad=2)
    make("plain80.landscape.pdf", rows(80, long_every=5), land=True, size=9, pad=2)
    make("wrapped45.portrait.pdf", rows(45, long_every=4), layout="wrapped-seq-type", size=8, pad=2)
    make("wrapped45.landscape.pdf", rows(45, long_every=4), land=True, layout="wrapped-seq-type", size=9, pad=1)
    make("tworow60.landscape.pdf", rows(60, long_every=6), land=True, layout="two-row-header", size=9, pad=2)
    make("merged30.portrait.pdf", rows(30), layout="merged-type", size=8, pad=0)
    make("merged30.landscape.pdf", rows(30), land=True, layout="merged-type", size=9, pad=0)
    make("tworow60.portrait.pdf", rows(60), layout="two-row-header", size=7, pad=0)
