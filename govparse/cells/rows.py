"""A table's printed rows: cut into labels and values, and matched to the form's rows by their
labels (an anchor), or by the form's order between two anchors when labels were cut."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from govparse.cells.values import is_value_text
from govparse.document.transform import RawTable, TableRow, TextCell
from govparse.forms import LabelIndex, Row
from govparse.words import listing, quoted

if TYPE_CHECKING:
    from govparse.cells.reader import TableReader


@dataclass(frozen=True)
class RowMatch:
    """A printed row and the form's row it became: by its own label ("label"), by the form's
    order between two rows that are named ("order": its label cut or lost), or as the one
    row of numbers table 四 has ("only")."""

    line: int
    printed: str
    row: Row | None
    how: str


@dataclass
class SplitRow:
    """A row cut into its label cells and the value cells after the last label."""

    row: TableRow
    labels: list[TextCell]
    values: list[TextCell]

    @property
    def line(self) -> int:
        """Where the row is named: its (last) label, else its first cell."""
        return self.labels[-1].line if self.labels else self.row.line

    @property
    def numbers(self) -> list[str]:
        return [c.text for c in self.values if c.text]


def split_row(row: TableRow) -> SplitRow:
    last_label = max((i for i, c in enumerate(row.cells) if not is_value_text(c.text)),
                     default=-1)
    labels = [c for c in row.cells[: last_label + 1] if c.text]
    return SplitRow(row, labels, row.cells[last_label + 1:])


# Where a second numbered label starts inside a label: "5.属于三类内部事务信息6.属于四类…".
_SECOND_NUMBER = re.compile(
    r"(?<=\D)(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十]{1,2}[)）])(?=\D)")


def _merged_with(label: str, found: Row, index: LabelIndex) -> Row | None:
    """The form's other row whose label ends the text before a second numbered label inside
    `label` (two label cells run together, as a scan's missed rule leaves them)."""
    for m in _SECOND_NUMBER.finditer(label):
        other = index.find_suffix(label[:m.start()])
        if other is not None and other is not found:
            return other
    return None


@lru_cache(maxsize=64)
def label_index(items: tuple) -> LabelIndex:
    return LabelIndex(list(items))


def table_rows(tables: list[RawTable]) -> list[TableRow]:
    return [row for t in tables for row in t.rows]


def layout_of(tables: list[RawTable]) -> str:
    return tables[0].layout if tables else ""


def row_name(split: SplitRow) -> str:
    return "/".join(c.text for c in split.labels) or "（无行名）"


def cell_name(row: str | None, col: str) -> str:
    return f"{row} / {col}" if row else col


def match_rows(rows: list[Row], index: LabelIndex, data: list[SplitRow],
               reader: TableReader, what: str, groups: list[Row] | None = None
               ) -> list[tuple[Row, SplitRow]]:
    """Each printed row with the form's row it is, in the form's order.

    A row whose label ends in one of the form's labels is that row (an anchor). Rows
    between two anchors whose labels are cut or missing (PDF extraction) are the form's
    rows between them, in order, when there are exactly as many of each and every cut label
    is part of its row's label. Anything else is reported and not used.
    """
    position = {r.id: i for i, r in enumerate(rows)}
    extent: dict[str, tuple[int, int]] = {r.id: (position[r.id], position[r.id]) for r in rows}
    collapsed = label_index(tuple(groups)) if groups else None
    for group in groups or []:
        parts = [position[p] for p in group.parts if p in position]
        if parts:
            extent[group.id] = (min(parts), max(parts))
    anchors: list[Row | None] = []
    merged: dict[int, Row] = {}  # a printed row whose label holds two of the form's rows
    for n, split in enumerate(data):
        label = split.labels[-1].text if split.labels else ""
        found = index.find_suffix(label) if label else None
        if found is None and label and collapsed is not None and split.numbers:
            found = collapsed.find(label)
        other = _merged_with(label, found, index) if found is not None else None
        if other is not None and position.get(other.id, -1) < position.get(found.id, -1):
            merged[n] = other
        anchors.append(found)
    out: list[tuple[Row, SplitRow]] = []
    last = -1
    i = 0
    while i < len(data):
        found = anchors[i]
        if i in merged:  # whose numbers these are cannot be told: both rows unreadable
            other = merged[i]
            reader.merged_rows += [(other, data[i].line), (found, data[i].line)]
            reader.warn("merged_labels", f"表{what}：{quoted(row_name(data[i]))}把两行的行名"
                        f"{quoted(other.label)}和{quoted(found.label)}并在一个单元格里，无法"
                        "判断其数字属于哪一行；这两行记为无法读出", data[i].line)
            last = max(last, extent[found.id][1])
            i += 1
            continue
        if found is not None:
            first, end = extent[found.id]
            if first <= last:
                reader.warn("duplicate_row", f"表{what}：{quoted(found.label)}一行重复出现，"
                            "或不合规定表格的行序；采用第一次出现的那一行", data[i].line)
            else:
                out.append((found, data[i]))
                reader.matched.append(RowMatch(data[i].line, row_name(data[i]), found, "label"))
                last = end
            i += 1
            continue
        j = i
        while j < len(data) and anchors[j] is None:
            j += 1
        following = extent[anchors[j].id][0] if j < len(data) else len(rows)  # type: ignore[union-attr]
        run = data[i:j]
        free = _rows_between(rows[last + 1:following], len(run), groups or [])
        if len(run) == len(free) and all(not s.labels or LabelIndex.fragment_of(
                s.labels[-1].text, r) for s, r in zip(run, free, strict=True)):
            out += list(zip(free, run, strict=True))
            reader.matched += [RowMatch(s.line, row_name(s), r, "order")
                               for r, s in zip(free, run, strict=True)]
            last = following - 1
        else:
            for split in run:
                if split.numbers:
                    shown = listing(split.numbers[:12]) + (
                        f"……（共 {len(split.numbers)} 个数字）" if len(split.numbers) > 12 else "")
                    reader.warn("unknown_row", f"表{what}：{quoted(row_name(split))}一行不在"
                                "规定表格中，或无法判断是哪一行；其数字 "
                                f"{shown} 未采用", split.line)
        i = j
    return out


def _rows_between(free: list[Row], printed: int, groups: list[Row]) -> list[Row]:
    """The form's rows that `printed` rows without labels stand for: `free` itself, or, when
    one printed row fewer per part shows a group printed as one row (the 2019 form's way),
    `free` with that group's parts replaced by the group; only when exactly one group fits."""
    if printed == len(free):
        return free
    ids = [r.id for r in free]
    fits = [g for g in groups if g.parts and all(p in ids for p in g.parts)
            and len(free) - len(g.parts) + 1 == printed]
    if len(fits) != 1:
        return free
    group = fits[0]
    at = min(ids.index(p) for p in group.parts)
    return [*free[:at], group, *(r for r in free[at:] if r.id not in group.parts)]
