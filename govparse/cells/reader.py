"""One table's cells and warnings as they are read: each placed cell kept with how it was
placed (govparse.cells.placement), every form cell in form order at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from govparse.cells.placement import Identity, Placed, RowEvidence, place
from govparse.cells.readings import row_readings
from govparse.cells.rows import RowMatch, SplitRow, cell_name
from govparse.document.transform import TextCell
from govparse.forms import FormCell, Row, Template, load_templates
from govparse.model import MISSING, RUN_LAYOUT, UNREADABLE, Cell, ReportWarning
from govparse.words import TABLE_NAMES, listing, quoted


@dataclass
class TableReader:
    """Collects the cells and warnings of one table, and the rows it matched (what
    `govparse explain` shows)."""

    template: Template
    table: int
    tables_present: bool = False
    cells: dict[str, Cell] = field(default_factory=dict)
    warnings: list[ReportWarning] = field(default_factory=list)
    collapsed: dict[str, Row] = field(default_factory=dict)  # printed instead of their parts
    matched: list[RowMatch] = field(default_factory=list)
    # rows whose labels were printed in one cell with another's (cells.rows.match_rows):
    # their numbers cannot be placed, and their cells are unreadable
    merged_rows: list[tuple[Row, int]] = field(default_factory=list)

    def warn(self, code: str, message: str, line: int | None = None,
             cell: str | None = None) -> None:
        self.warnings.append(ReportWarning(code, message, line, self.table, cell))

    def put(self, form: FormCell, placed: Placed) -> None:
        piece = placed.piece
        where = f"表{TABLE_NAMES[self.table]}{quoted(cell_name(form.row, form.col))}一格"
        if piece.status == UNREADABLE and piece.raw is not None:
            why = piece.note or "不是数字"
            self.warn("cell_unreadable", f"{where}：印的是{quoted(piece.raw[:40])}，{why}",
                      piece.line, form.key)
        elif piece.note:
            self.warn("cell_written_otherwise",
                      f"{where}：{quoted(piece.raw)}读作 {piece.value}（{piece.note}）",
                      piece.line, form.key)
        self.cells[form.key] = Cell(
            self.table, form.key, form.row, form.col, piece.value, piece.raw, piece.status,
            piece.unit or form.unit, piece.line, placed=placed.how,
            candidates=list(placed.candidates) or None)

    def unreadable(self, form: FormCell, line: int) -> None:
        self.cells[form.key] = Cell(self.table, form.key, form.row, form.col, None, None,
                                    UNREADABLE, form.unit, line)

    def place_rows(self, rows: list[RowEvidence],
                   identities: list[Identity] | Callable[[], list[Identity]],
                   forms: dict[str, FormCell]) -> None:
        """Solve the table (govparse.cells.placement) and keep each cell with how it was placed."""
        outcome = place(rows, identities)
        for row in rows:
            readings = outcome.ambiguous.get(row.name)
            if readings is not None:
                shown = "；".join(readings[:6]) + ("……" if len(readings) > 6 else "")
                why = (f"有 {len(readings)} 种符合规定表格的读法（{shown}），读法不同的格无法读取"
                       if readings else "无论怎样读都不符合规定表格，该行各格无法读取")
                self.warn("row_ambiguous" if readings else "row_unreadable",
                          f"表{TABLE_NAMES[self.table]}{quoted(row.name)}一行："
                          f"{printed_numbers(row)}{why}", row.line)
            for key in row.keys:
                self.put(forms[key], outcome.cells[key])

    def finish(self, forms: list[FormCell]) -> list[Cell]:
        """Every form cell, in form order; those never seen are `missing`."""
        out = []
        absent_rows: dict[str | None, None] = {}
        covered = {f"t{self.table}.{part}." for row in self.collapsed.values()
                   for part in row.parts}
        for form in forms:
            cell = self.cells.get(form.key)
            if cell is None:
                if form.key[:form.key.rindex(".") + 1] not in covered:
                    absent_rows.setdefault(form.row)
                cell = Cell(self.table, form.key, form.row, form.col, None, None, MISSING,
                            form.unit, None)
            out.append(cell)
        keys = {f.key for f in forms}
        out += [c for k, c in self.cells.items() if k not in keys]  # collapsed rows
        if absent_rows and (self.tables_present
                            or len(absent_rows) < len({f.row for f in forms})):
            names = "；".join(quoted(r) if r else "数据行" for r in absent_rows)
            self.warn("row_missing", f"表{TABLE_NAMES[self.table]}中未找到：{names}")
        return out


def forms_of(template: Template, table: int) -> list[FormCell]:
    return list(_form_cells(template.id, table))


@lru_cache(maxsize=16)
def _form_cells(template_id: str, table: int) -> tuple[FormCell, ...]:
    return tuple(c for c in load_templates()[template_id].cells if c.table == table)


def printed_numbers(row: RowEvidence) -> str:
    raws = [p.raw for p in row.candidates[0] if p.raw] if row.candidates else []
    return f"印出的数字 {listing(raws)} " if raws else "各格"


def row_evidence(keys: list[str], units: list[str | None], split: SplitRow, how: str,
              name: str, layout: str, signed: list[bool] | None = None,
              cells: list[TextCell] | None = None) -> RowEvidence:
    """`signed`: the columns that may be negative (None: none may); `cells`: the row's
    cells at its columns' positions in a grid that keeps its places (cells.grid)."""
    if cells is not None:
        return RowEvidence(tuple(keys), row_readings(cells, units), how, split.line, name)
    candidates = row_readings(split.values, units, run=layout == RUN_LAYOUT,
                              merged_first=layout in ("tsv", "markdown"),
                              signed=signed or [False] * len(units))
    return RowEvidence(tuple(keys), candidates, how, split.line, name)
