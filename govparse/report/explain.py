"""Why a file read as it did, for a maintainer facing a new layout (`govparse explain FILE`):
what the grammar took each line for; for each table row, the form's row it became and why;
for each unreadable or missing cell, the readings that were left."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from govparse.cells.reader import TableReader
from govparse.document.transform import Document
from govparse.errors import ReportError
from govparse.forms import SECTION_NUMERALS, Row, load_templates
from govparse.model import MISSING, UNREADABLE, VALUE, Cell, Report
from govparse.report.parse import Trace, parse_file
from govparse.text.normalize import NormalizedText
from govparse.words import TABLE_NAMES, listing, quoted, shown, words

VIEWS = ("lines", "rows", "cells")
# Warnings about a table's rows, shown under the table: the rows the reader did not use.
_ROW_WARNINGS = {"unknown_row", "duplicate_row", "row_ambiguous", "row_unreadable",
                 "header_unknown", "table_malformed", "extra_rows", "row_missing",
                 "table_missing", "caption_missing", "form_variant"}


def explain(path: str | Path, views: Iterable[str] = VIEWS, lines: range | None = None,
            **options: object) -> str:
    """The three views of one file, as text; `lines` limits the first view."""
    trace = Trace()
    try:
        report = parse_file(path, trace=trace, **options)  # type: ignore[arg-type]
    except ReportError as exc:  # what the grammar made of it still shows where it went wrong
        if trace.document is None:
            raise
        return "\n".join([f"{path}：无法作为报告读取：{exc}", "",
                          "== 逐行：语法把每一行读作什么 ==", *line_view(trace, None, lines)])
    out = [f"{path}：{report.agency or '机关未知'} {report.year or '年度未知'}，"
           f"{report.template} 年版格式，表格排版："
           f"{words('layout').get(report.layout or '', report.layout or '无表格')}"]
    if "lines" in views:
        out += ["", "== 逐行：语法把每一行读作什么 ==", *line_view(trace, report, lines)]
    if "rows" in views:
        out += ["", "== 表格各行：成为规定表格的哪一行，为什么 ==", *row_view(trace, report)]
    if "cells" in views:
        out += ["", "== 无法读取和缺失的格：剩下的读法 ==", *cell_view(report)]
    return "\n".join(out)


def line_view(trace: Trace, report: Report | None, only: range | None = None) -> list[str]:
    """Each line of the text: what the grammar (or normalisation before it) took it for."""
    assert trace.document is not None and trace.normalized is not None
    said = _what_each_line_is(trace.document, trace.normalized)
    notes = defaultdict(list)
    for w in report.warnings if report is not None else []:
        if w.line:
            notes[w.line].append(f"[{w.code}] {w.message}")
    out = []
    lines = list(trace.lines)
    if lines and not lines[-1]:
        lines.pop()  # the text's last line break ends a line, it does not start one
    for n, text in enumerate(lines, start=1):
        if only is not None and n not in only:
            continue
        what = said.get(n) or ("空行" if not text.strip() else "（未归入任何结构）")
        out.append(f"{n:>6}  {_padded(what, 36)}  {shown(text.strip())[:60]}")
        out += [f"{'':>6}  ↳ {note}" for note in notes.get(n, [])]
    return out


def _padded(text: str, width: int) -> str:
    """The text padded to `width` terminal columns, a Chinese character taking two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


def _what_each_line_is(document: Document, doc: NormalizedText) -> dict[int, str]:
    said: dict[int, str] = {}
    for n, _text, why in doc.removed:
        said[n] = ("页面杂项，已删除（text/chrome.yml）" if why == "page chrome"
                   else f"并入第 {why.rsplit(' ', 1)[-1]} 行（被截断的标签）")
    said.update((n, "标题") for n in document.title_lines)
    said.update((n, "前言") for n in document.preamble_lines)
    for section in document.sections:
        numeral = SECTION_NUMERALS[section.number - 1]
        said[section.line] = f"第{numeral}部分标题 H{section.number}"
        said.update((b.line, words("block").get(b.kind, b.kind)) for b in section.blocks)
        for table in section.tables:
            layout = words("layout").get(table.layout, table.layout)
            for row in table.rows:
                for cell in row.cells:
                    said[cell.line] = f"第{numeral}部分的表格行（{layout}）"
    for error in document.skipped:
        said[error.line] = f"跳过：{error.message}"
    return said


def row_view(trace: Trace, report: Report) -> list[str]:
    """Per table: each printed row, the form's row it became, how, and how its cells were
    placed; then what the reader said of the rows it did not use."""
    cells = {c.key: c for c in report.cells}
    out: list[str] = []
    for number, reader in sorted(trace.readers.items()):
        out.append(f"表{TABLE_NAMES[number]}：")
        for match in reader.matched:
            row = match.row
            became = f"{row.id} {row.path}" if row is not None else "（表四的数据行）"
            out.append(f"  第 {match.line} 行 {quoted(match.printed[:30])} → {became}，"
                       f"{words('matched')[match.how]}")
            row_cells = _cells_of(cells, number, row.id if row else None)
            out.append(f"      {_placed(row_cells, number)}")
        unused = _row_warnings(reader)
        out += [f"  未采用或有疑问（第 {w.line or '-'} 行）[{w.code}] {w.message}"
                for w in unused]
        if not reader.matched and not unused:
            out.append("  （没有读到任何一行）")
    return out


def _cells_of(cells: dict[str, Cell], table: int, row: str | None) -> list[Cell]:
    prefix = f"t{table}." + (f"{row}." if row else "")
    return [c for k, c in cells.items() if k.startswith(prefix)]


def _placed(cells: list[Cell], table: int) -> str:
    marks = words("status_mark")
    values = listing(c.raw or c.value if c.status == VALUE else marks.get(c.status, c.status)
                     for c in cells)
    how = Counter(c.placed for c in cells if c.placed)
    # table 二 has no sums: its order is the form's, unconfirmed (the short word says so)
    said = words("placed", long=table != 2)
    placed = "，".join(f"{said.get(k, k)} {n} 格" for k, n in how.items())
    return f"各格：{values}" + (f"（{placed}）" if placed else "")


def _row_warnings(reader: TableReader) -> list:
    return [w for w in reader.warnings if w.code in _ROW_WARNINGS]


def _collapsed(report: Report) -> list[Row]:
    """The rows printed instead of their parts in this report (R21_23)."""
    form = load_templates().get(report.template or "")
    printed = {c.key.split(".")[1] for c in report.cells if c.table == 3}
    return [r for r in form.t3_collapsed if r.id in printed] if form else []


def cell_view(report: Report) -> list[str]:
    """Every cell that is unreadable (with the readings left and why) or missing (by row)."""
    out = []
    notes = defaultdict(list)
    for w in report.warnings:
        if w.cell:
            notes[w.cell].append(w.message)
    missing: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for cell in report.cells:
        if cell.status == UNREADABLE:
            left = (f"剩下的读法：{listing(cell.candidates)}" if cell.candidates
                    else "没有一种读法符合规定表格")
            name = f"{cell.row}/{cell.col}" if cell.row else cell.col
            out.append(f"  {cell.key} {name}（第 {cell.line or '-'} 行）"
                       f"：{words('status')[UNREADABLE]}，{left}")
            out += [f"      {note}" for note in notes.get(cell.key, [])]
        elif cell.status == MISSING:
            missing[(cell.table, cell.row or "")].append(cell)
    collapsed = {part: row for row in _collapsed(report) for part in row.parts}
    for (table, row), group in missing.items():
        part_of = collapsed.get(group[0].key.split(".")[1]) if table == 3 else None
        why = (f"由合印的一行 {part_of.id}“{part_of.label}”代表" if part_of
               else "报告中没有找到这一行，没有可读的数字")
        out.append(f"  表{TABLE_NAMES[table]} {quoted(row) if row else '的数据行'}：{len(group)} 格"
                   f"{words('status')[MISSING]}（{why}）")
    return out or ["  （没有）"]
