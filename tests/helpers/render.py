"""Render a seed report into other formats, as agencies publish them: an HTML page with
rowspan/colspan tables among page chrome, a Word .docx with merged cells, other encodings.

The structure comes from the grammar's own reading of the seed (the lines outside tables
and the cells of each table row), so the renderings say the same thing as the text.
"""

from __future__ import annotations

import html
import io
import re

from govparse.document.parser import parse_document
from govparse.text.normalize import normalize, split_lines

_DIGIT = re.compile(r"\d")
Block = tuple[str, object]  # ("line", text) or ("table", rows of cell texts)


def blocks(text: str) -> list[Block]:
    """The seed as text lines and tables, in order."""
    doc = normalize(text)
    document = parse_document(doc, None)
    original = split_lines(text)
    tables = []
    for section in document.sections:
        for table in section.tables:
            lines = [c.line for row in table.rows for c in row.cells] + \
                    [row.line for row in table.rows]
            tables.append((min(lines), max(lines), [row.texts for row in table.rows]))
    out: list[Block] = []
    n = 1
    while n <= len(original):
        table = next((t for t in tables if t[0] == n), None)
        if table:
            out.append(("table", table[2]))
            n = table[1] + 1
            continue
        if original[n - 1].strip():
            out.append(("line", original[n - 1].strip()))
        n += 1
    return out


# Column-group heads and the columns they cover on the form: a text layout prints them as
# one cell, a web page or Word table merges them over their columns.
GROUP_WIDTH = {"法人或其他组织": 5, "未经复议直接起诉": 5, "复议后起诉": 5, "行政复议": 5,
               "行政诉讼": 10}


def widen(rows: list[list[str]]) -> list[list[str]]:
    """Header rows with their group heads spread over the columns they cover, as far as
    the table is wide."""
    width = max(len(r) for r in rows)
    out = []
    for row in rows:
        wide = row
        if not any(_DIGIT.search(x) for x in row):
            wide = [y for x in row for y in [x] + [""] * (GROUP_WIDTH.get(x, 1) - 1)]
        out.append(wide if len(wide) <= width else row)
    return out


def spans(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) -> (rowspan, colspan) for label cells whose neighbours are blank, as
    government pages merge them: a group label over the rows below it, a column-group head
    over the columns beside it. Positions covered by a span are absent from the result."""
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    covered: set[tuple[int, int]] = set()
    out = {}
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if (r, c) in covered or not text or _DIGIT.search(text):
                continue
            down = 1
            while (r + down < len(grid) and not grid[r + down][c]
                   and any(grid[r + down][c + 1:])
                   and all(not _DIGIT.search(x) for x in grid[r + down][:c + 1])):
                down += 1
            across = 1
            if not any(_DIGIT.search(x) for x in row):  # header rows only
                while (c + across < width and not row[c + across]
                       and (r, c + across) not in covered
                       and (any(row[c + across + 1:]) or text in GROUP_WIDTH)):
                    across += 1
            if down > 1:
                across = 1
            for dr in range(down):
                for dc in range(across):
                    if dr or dc:
                        covered.add((r + dr, c + dc))
            out[(r, c)] = (down, across)
    return {k: v for k, v in out.items() if k not in covered} | {
        (r, c): (1, 1) for r, row in enumerate(grid) for c in range(width)
        if (r, c) not in covered and (r, c) not in out}


def to_html(text: str) -> str:
    body = []
    for kind, item in blocks(text):
        if kind == "line":
            body.append(f"<p style='text-indent:2em'>{html.escape(item)}&nbsp;</p>")
            continue
        rows = widen(item)
        span = spans(rows)
        trs = []
        for r, row in enumerate(rows):
            tds = []
            for c in range(max(len(x) for x in rows)):
                if (r, c) not in span:
                    continue
                down, across = span[(r, c)]
                cell = row[c] if c < len(row) else ""
                attrs = (f" rowspan='{down}'" if down > 1 else "") + \
                        (f" colspan=\"{across}\"" if across > 1 else "")
                tds.append(f"<td{attrs}><p>{html.escape(cell) or '&nbsp;'}</p></td>")
            trs.append("<tr>" + "".join(tds) + "</tr>")
        body.append("<table border='1'><tbody>" + "\n".join(trs) + "</tbody></table>")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>政务公开</title>"
            "<script>document.write('不是报告的一部分')</script><style>p{margin:0}</style>"
            "</head><body><div class='nav'><a href='/'>首页</a> &gt; 政务公开 &gt; 年报</div>"
            "<div class='main'><div class='content'>" + "\n".join(body) + "</div></div>"
            "<div class='footer'>网站标识码 1234 打印 关闭</div></body></html>")


def to_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for kind, item in blocks(text):
        if kind == "line":
            document.add_paragraph(item)
            continue
        rows = widen(item)
        width = max(len(x) for x in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for (r, c), (down, across) in spans(rows).items():
            cell = table.cell(r, c)
            if down > 1 or across > 1:
                cell = cell.merge(table.cell(r + down - 1, c + across - 1))
            cell.text = rows[r][c] if c < len(rows[r]) else ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
