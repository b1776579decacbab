"""Word .docx -> canonical text: paragraphs and tables in document order.

Merged cells keep the grid: a gridSpan or a continued vMerge is an empty position, as in
the TSV the grammar reads. python-docx parses with entity resolution off.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from govparse.errors import ReportError
from govparse.sources.canonical import Canonical
from govparse.sources.limits import LimitError, current
from govparse.sources.text import SourceText


def read_docx(data: bytes, path: str | None, digest: str) -> SourceText:
    import docx
    from docx.oxml.ns import qn

    check_unzipped(data, path, "Word")
    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors …
        raise ReportError(f"Word 文档无法读取：{type(exc).__name__}: {exc}",
                          path=path) from None
    out = Canonical()
    paragraphs = tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraphs += 1
            out.line(_text(child, qn), f"段落{paragraphs}")
        elif child.tag == qn("w:tbl"):
            tables += 1
            out.table(_grid(child, tables, qn))
    return SourceText(path, out.text(), None, digest, "docx", out.origins)


def check_unzipped(data: bytes, path: str | None, what: str) -> None:
    """A zip bomb is small on disk: the sizes its parts declare are checked before any is
    unzipped (zipfile never inflates a part past its declared size). `what`: the format."""
    limit = current().unzipped_bytes
    size = sum(info.file_size for info in zipfile.ZipFile(BytesIO(data)).infolist())
    if size > limit:
        raise LimitError(f"{what} 文件解压后为 {size / 2**20:,.0f} MB，超过单份报告 "
                         f"{limit // 2**20} MB 的上限（是压缩炸弹吗？）", path=path)


def _text(element, qn) -> str:
    """All the text runs of a paragraph or cell; a tab or break is a space."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:p")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:p") and parts:
            parts.append("\n")  # paragraphs inside one cell
        elif node.tag != qn("w:p"):
            parts.append(" ")
    return "".join(parts)


def _grid(table, number: int, qn) -> list[tuple[list[str], str]]:
    rows = []
    expanded, limit = 0, current().table_cells
    for r, tr in enumerate(table.iterchildren(qn("w:tr")), 1):
        cells: list[str] = []
        for tc in tr.iterchildren(qn("w:tc")):
            span = min(max(tc.grid_span, 1), 100)
            expanded += span
            if expanded > limit:
                raise LimitError(f"Word 表格{number}展开合并单元格后超过 {limit:,} 格："
                                 "不是报告的表格")
            cells.append("" if tc.vMerge == "continue" else _text(tc, qn))
            cells += [""] * (span - 1)
        rows.append((cells, f"表格{number}第{r}行"))
    return rows
