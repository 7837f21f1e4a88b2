"""Writes the workbooks of this folder with openpyxl (run: python3 generate.py; the files are
committed, CI never runs Python).

notes_sheet.xlsx: a list on its first sheet (a title merged across the table, a header, six
rows, the last row whole) and a second sheet 说明 holding only notes: 注：… lines, one a row,
and a longer paragraph merged across columns, as offices attach their explanations. The list
is complete: nothing in it is cut short.
"""

from openpyxl import Workbook
from openpyxl.styles import Alignment

HEADER = ["序号", "服务项目", "服务对象", "服务内容", "服务标准", "牵头部门"]
ROWS = [
    ["1", "高龄津贴", "80周岁及以上老年人", "按月发放高龄津贴", "每人每月100元", "区民政局"],
    ["2", "护理补贴", "经济困难的失能老年人", "按月发放护理补贴", "每人每月200元", "区民政局"],
    ["3", "城乡居民基本养老保险", "年满60周岁的参保城乡居民", "按月发放基础养老金", "每人每月不低于190元", "区人力资源和社会保障局"],
    ["4", "老年人能力综合评估", "有需求的老年人", "免费提供能力综合评估", "", "区民政局"],
    ["5", "健康管理服务", "65周岁及以上老年人", "每年提供1次免费健康体检", "", "区卫生健康局"],
    ["6", "老年教育", "60周岁及以上老年人", "区老年大学学费减免", "每人每学年不超过200元", "区教育局"],
]
NOTES = [
    "注：1. 本清单所列项目根据上级政策和区经济社会发展水平适时调整。",
    "2. 服务标准中的金额为最低标准，各街道可适当提高。",
    "3. 本清单由区民政局负责解释。",
]


def main() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "清单"
    sheet.append(["大同市平城区基本养老服务清单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    notes = book.create_sheet("说明")
    for line in NOTES:
        notes.append([line])
    notes.append([])
    notes.append(["备注：各项服务的申请条件和办理流程详见区政府门户网站公布的办事指南。"])
    last = notes.max_row
    notes.merge_cells(start_row=last, start_column=1, end_row=last, end_column=4)
    book.save("notes_sheet.xlsx")


if __name__ == "__main__":
    main()
