"""Table rows (as laid out in the report) -> the form's canonical cells.

Rows are recognised by their labels, never by position, and a number is only placed in a
column when the table's header declares the form's columns and the row has exactly one
value per column. Otherwise the row's cells are `unreadable` (value None) and a warning
names the row and the numbers it holds: a broken table is a structure problem, not the
agency's arithmetic (seed 003's table 三 is the real case).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from govparse.model import MISSING, UNREADABLE, Cell, ReportWarning
from govparse.normalize import label_key
from govparse.placement import LOST, Identity, Placed, RowEvidence, place
from govparse.readings import row_readings
from govparse.templates import (
    Column,
    FormCell,
    LabelIndex,
    Row,
    SubTable,
    Template,
    load_templates,
    t2_key,
    t3_key,
    t4_key,
)
from govparse.transform import RUN_LAYOUT, RawTable, TableRow, TextCell
from govparse.values import has_number, is_value_text, read_value
from govparse.wording import listing, quoted, quoted_list

TABLE_NAMES = {2: "二", 3: "三", 4: "四"}


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


@dataclass
class TableReader:
    """Collects the cells and warnings of one table."""

    template: Template
    table: int
    tables_present: bool = False
    cells: dict[str, Cell] = field(default_factory=dict)
    warnings: list[ReportWarning] = field(default_factory=list)
    collapsed: dict[str, Row] = field(default_factory=dict)  # printed instead of their parts

    def warn(self, code: str, message: str, line: int | None = None,
             cell: str | None = None) -> None:
        self.warnings.append(ReportWarning(code, message, line, self.table, cell))

    def put(self, form: FormCell, placed: Placed) -> None:
        piece = placed.piece
        where = f"表{TABLE_NAMES[self.table]}{quoted(_cell_name(form.row, form.col))}一格"
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
        """Solve the table (govparse.placement) and keep each cell with how it was placed."""
        outcome = place(rows, identities)
        for row in rows:
            readings = outcome.ambiguous.get(row.name)
            if readings is not None:
                shown = "；".join(readings[:6]) + ("……" if len(readings) > 6 else "")
                why = (f"有 {len(readings)} 种符合规定表格的读法（{shown}），读法不同的格无法读取"
                       if readings else "无论怎样读都不符合规定表格，该行各格无法读取")
                self.warn("row_ambiguous" if readings else "row_unreadable",
                          f"表{TABLE_NAMES[self.table]}{quoted(row.name)}一行："
                          f"{_printed(row)}{why}", row.line)
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


@lru_cache(maxsize=64)
def _index(items: tuple) -> LabelIndex:
    return LabelIndex(list(items))


def _forms(template: Template, table: int) -> list[FormCell]:
    return list(_form_cells(template.id, table))


@lru_cache(maxsize=16)
def _form_cells(template_id: str, table: int) -> tuple[FormCell, ...]:
    return tuple(c for c in load_templates()[template_id].cells if c.table == table)


def _rows(tables: list[RawTable]) -> list[TableRow]:
    return [row for t in tables for row in t.rows]


def _layout(tables: list[RawTable]) -> str:
    return tables[0].layout if tables else ""


def _row_name(split: SplitRow) -> str:
    return "/".join(c.text for c in split.labels) or "（无行名）"


def _cell_name(row: str | None, col: str) -> str:
    return f"{row} / {col}" if row else col


# ---- rows of the form -------------------------------------------------------------------------

# How a header's problem is worded (Header.problem) when the header is only partial: the
# form's order may still place its numbers.
NO_COLUMN = "缺少"
UNKNOWN_LABELS = "含规定表格中没有的标签"

@dataclass(frozen=True)
class Header:
    """What a table's header says about its columns."""

    how: str | None  # "header": it names the form's columns in order; "order": it is
    # silent, garbled or partial, so the form's order is all there is; None: it contradicts
    # the form (another order, a column the form does not have), so nothing is placed.
    problem: str | None = None


def header_verdict(columns: list[Column], known: list[str], header_labels: list[str],
                   extra: list[str]) -> Header:
    return _verdict(tuple(columns), tuple(known), tuple(header_labels), tuple(extra))


@lru_cache(maxsize=1024)  # the same headers come back in report after report
def _verdict(columns: tuple[Column, ...], known: tuple[str, ...], header_labels: tuple[str, ...],
             extra: tuple[str, ...]) -> Header:
    problems = header_problems(list(columns), list(known), list(header_labels))
    if not problems:
        return Header("header")
    keys = [label_key(h) for h in header_labels]
    extra_keys = {label_key(x) for x in extra}
    added = [h for h, k in zip(header_labels, keys, strict=True) if k in extra_keys]
    if added:
        return Header(None, f"有规定表格所没有的列{quoted_list(added)}")
    col_keys = {label_key(c.label) for c in columns}
    order = [k for k in keys if k in col_keys]
    flat = [label_key(c.label) for c in columns]
    two_rows = ([label_key(c.label) for c in columns if not c.group]
                + [label_key(c.label) for c in columns if c.group])
    if not (_subsequence(order, flat) or _subsequence(order, two_rows)):
        return Header(None, f"各列顺序（{listing(order)}）与规定表格不同")
    return Header("order", problems[0])


def run_together_header(text: str, columns: list[Column], known: list[str]) -> list[str]:
    """A header whose cells ran together ("行政复议行政诉讼结果维持结果纠正…") cut back into
    the form's labels, longest first, each given as the form spells it; [] when any of it
    is not a label of the form (then the header proves nothing). A note in brackets that
    is no label (the 勾稽关系 note) is passed over."""
    text = label_key(text)
    words: dict[str, str] = {}
    for c in columns:
        for spelling in (c.label, *c.aliases):
            words.setdefault(label_key(spelling), c.label)
        if c.group:
            words.setdefault(label_key(c.group.split("/")[-1]), c.group.split("/")[-1])
    for k in known:
        words.setdefault(label_key(k), k)
    ordered = sorted(words, key=len, reverse=True)
    out: list[str] = []
    at = 0
    while at < len(text):
        word = next((w for w in ordered if text.startswith(w, at)), None)
        if word is not None:
            out.append(words[word])
            at += len(word)
        elif text[at] == "(" and ")" in text[at:]:
            at = text.index(")", at) + 1
        else:
            return []
    return out


def _subsequence(items: list[str], of: list[str]) -> bool:
    it = iter(of)
    return all(x in it for x in items)


def _printed(row: RowEvidence) -> str:
    raws = [p.raw for p in row.candidates[0] if p.raw] if row.candidates else []
    return f"印出的数字 {listing(raws)} " if raws else "各格"


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
    collapsed = _index(tuple(groups)) if groups else None
    for group in groups or []:
        parts = [position[p] for p in group.parts if p in position]
        if parts:
            extent[group.id] = (min(parts), max(parts))
    anchors: list[Row | None] = []
    for split in data:
        label = split.labels[-1].text if split.labels else ""
        found = index.find_suffix(label) if label else None
        if found is None and label and collapsed is not None and split.numbers:
            found = collapsed.find(label)
        anchors.append(found)
    out: list[tuple[Row, SplitRow]] = []
    last = -1
    i = 0
    while i < len(data):
        found = anchors[i]
        if found is not None:
            first, end = extent[found.id]
            if first <= last:
                reader.warn("duplicate_row", f"表{what}：{quoted(found.label)}一行重复出现，"
                            "或不合规定表格的行序；采用第一次出现的那一行", data[i].line)
            else:
                out.append((found, data[i]))
                last = end
            i += 1
            continue
        j = i
        while j < len(data) and anchors[j] is None:
            j += 1
        following = extent[anchors[j].id][0] if j < len(data) else len(rows)  # type: ignore[union-attr]
        free = rows[last + 1:following]
        run = data[i:j]
        if len(run) == len(free) and all(not s.labels or LabelIndex.fragment_of(
                s.labels[-1].text, r) for s, r in zip(run, free, strict=True)):
            out += list(zip(free, run, strict=True))
            last = following - 1
        else:
            for split in run:
                if split.numbers:
                    shown = listing(split.numbers[:12]) + (
                        f"……（共 {len(split.numbers)} 个数字）" if len(split.numbers) > 12 else "")
                    reader.warn("unknown_row", f"表{what}：{quoted(_row_name(split))}一行不在"
                                "规定表格中，或无法判断是哪一行；其数字 "
                                f"{shown} 未采用", split.line)
        i = j
    return out


def _identities(template: Template, table: int, printed: set[str]) -> list[Identity]:
    """The form's identities over the cells this table prints (templates/*.yml)."""
    spec = template.identities
    out: list[Identity] = []
    if table == 3:
        collapsed = {r.id: r.parts for r in template.t3_collapsed if r.id in printed}
        standing = {p: r for r, parts in collapsed.items() for p in parts}

        def rows_of(ids: list[str]) -> list[str]:
            return list(dict.fromkeys(standing.get(i, i) for i in ids
                                      if standing.get(i, i) in printed))

        each = spec.get("table3_each_row")
        if each:
            for r in sorted(printed):
                out.append(Identity(tuple(f"t3.{r}.{c}" for c in each["parts"]),
                                    tuple(f"t3.{r}.{c}" for c in each["total"])))
        form_rows = {r.id for r in template.t3_rows}
        for ident in spec.get("table3_each_column", []):
            needed = [r for r in (*ident["parts"], *ident["total"]) if r in form_rows]
            if any(standing.get(r, r) not in printed for r in needed):
                continue  # a row of the sum is not printed: the identity says nothing
            parts, total = rows_of(ident["parts"]), rows_of(ident["total"])
            for col in template.t3_columns:
                out.append(Identity(tuple(f"t3.{r}.{col.id}" for r in parts),
                                    tuple(f"t3.{r}.{col.id}" for r in total)))
    elif table == 4:
        for ident in spec.get("table4", []):
            out.append(Identity(tuple(f"t4.{k}" for k in ident["parts"]),
                                tuple(f"t4.{k}" for k in ident["total"])))
    return out


def _evidence(keys: list[str], units: list[str | None], split: SplitRow, how: str,
              name: str, layout: str) -> RowEvidence:
    candidates = row_readings(split.values, units, run=layout == RUN_LAYOUT,
                              merged_first=layout in ("tsv", "markdown"))
    return RowEvidence(tuple(keys), candidates, how, split.line, name)


# ---- table 二 ------------------------------------------------------------------------------

def read_table2(template: Template, tables: list[RawTable],
                strays: list[tuple[TextCell, str | None]] = ()) -> TableReader:
    """`strays`: numbers printed on lines of their own in section 二, each with the note
    after it ("22" + "（其中修订 16 件）"): cells a PDF extraction pulled out of their rows."""
    reader = TableReader(template, 2)
    captions = _index(tuple(template.table2))
    forms = {f.key: f for f in _forms(template, 2)}
    layout = _layout(tables)
    blocks: list[tuple[SubTable, list[SplitRow], Header]] = []
    sub: SubTable | None = None
    for row in _rows(tables):
        split = split_row(row)
        if not split.labels:
            if sub is not None and split.numbers:
                blocks[-1][1].append(split)  # a row that lost its label
            continue
        first = label_key(split.labels[0].text)
        found = next((s for s in template.table2
                      if captions.find(split.labels[0].text) is s), None)
        if found is not None or first.startswith("第二十条"):
            sub = found
            if found is None:
                reader.warn("unknown_caption", f"表二：表题{quoted(split.labels[0].text)}"
                            f"不在 {template.id} 年版格式中", split.line)
            else:
                blocks.append((found, [], Header("order", "没有表头行")))
            continue
        if sub is None:
            sub = _caption_of_row(template, split)
            if sub is None:
                if split.numbers:
                    reader.warn("unknown_row", f"表二：{quoted(_row_name(split))}一行出现在"
                                "所有“第二十条”表题之前，且不在规定表格中；其数字未采用",
                                split.line)
                continue
            blocks.append((sub, [], Header("order", "没有表题和表头行")))
            _caption_missing(reader, sub, split)
        if first.startswith("信息内容"):
            rest = first[len("信息内容"):]
            names = [c.text for c in split.labels[1:]] or run_together_header(
                rest, list(sub.columns), []) or [rest]
            blocks[-1] = (sub, blocks[-1][1], header_verdict(
                list(sub.columns), [], names, template.extra_columns))
            continue
        other = _caption_of_row(template, split)
        if other is not None and other is not sub and _index(sub.rows).find_suffix(
                split.labels[-1].text) is None:
            sub = other  # a caption was lost: the row names its block (行政处罚 …)
            blocks.append((sub, [], Header("order", "没有表题和表头行")))
            _caption_missing(reader, sub, split)
        blocks[-1][1].append(split)
    evidence: list[RowEvidence] = []
    for sub, data, header in blocks:
        if header.how is None:
            reader.warn("header_unknown", f"表二{sub.caption}：表头{header.problem}，"
                        "这部分的数字不放入表格", data[0].line if data else None)
            continue
        if header.how == "order" and header.problem and header.problem.startswith(
                (NO_COLUMN, UNKNOWN_LABELS)) and data and layout != RUN_LAYOUT:
            reader.warn("header_unknown", f"表二{sub.caption}：表头（{header.problem}）"
                        "不能证明各列，数字按规定表格的列序放入", data[0].line)
        cols = list(sub.columns)
        for match, split in match_rows(list(sub.rows), _index(sub.rows), data, reader,
                                           f"二{sub.caption}"):
            keys = [t2_key(match, c) for c in cols]
            if keys[0] in {k for e in evidence for k in e.keys}:
                reader.warn("duplicate_row", f"表二{sub.caption}/{match.label}：该行重复出现，"
                            "采用第一次出现的那一行", split.line)
                continue
            evidence.append(_evidence(keys, [c.unit for c in cols], split, header.how,
                                      f"{sub.caption}/{match.label}", layout))
    pulled = _pulled_out(evidence, strays, blocks)
    reader.place_rows(evidence, [], forms)
    for key, (cell, note) in pulled.items():
        placed = reader.cells[key]
        placed.candidates = [read_value(cell.text).value]  # type: ignore[list-item]
        reader.warn("cell_inferred", f"表二{quoted(_cell_name(placed.row, placed.col))}一格："
                    f"可能是 {cell.text}（第 {cell.line} 行，与所在行分开印出，其后的附注"
                    f"{quoted(note)}指明了这一列）；不是印出的数值", cell.line, key)
    return reader


def _pulled_out(evidence: list[RowEvidence], strays: list[tuple[TextCell, str | None]],
                blocks: list[tuple[SubTable, list[SplitRow], Header]]
                ) -> dict[str, tuple[TextCell, str | None]]:
    """Cells pulled out of their rows: as many numbers printed apart as the rows lost, in
    order, each with a note that names its column (the column's `cues`). The rows are then
    read by the form's order around the lost cell; the cell itself stays unread, its likely
    value given as inferred."""
    short = [e for e in evidence if e.candidates and all(
        any(p.status == LOST for p in c) for c in e.candidates)]
    if not strays or len(strays) != len(short):
        return {}
    columns = {t2_key(r, c): c for sub, _, _ in blocks for r in sub.rows for c in sub.columns}
    out = {}
    for row, (cell, note) in zip(short, strays, strict=True):
        named = [i for i, k in enumerate(row.keys)
                 if note and any(cue in note for cue in columns[k].cues)]
        if len(named) != 1:
            continue
        keep = [c for c in row.candidates if c[named[0]].status == LOST]
        if len(keep) == 1:
            row.candidates = keep
            out[row.keys[named[0]]] = (cell, note)
    return out


def _caption_missing(reader: TableReader, sub: SubTable, split: SplitRow) -> None:
    reader.warn("caption_missing", f"表二：{quoted(_row_name(split))}一行上方没有"
                f"{quoted(sub.caption)}的表题，按行名放入", split.line)


def _caption_of_row(template: Template, split: SplitRow) -> SubTable | None:
    """The block whose rows include this one (a table 二 without its captions)."""
    label = split.labels[-1].text
    found = [s for s in template.table2 if _index(s.rows).find_suffix(label) is not None]
    return found[0] if len(found) == 1 else None


# ---- table 三 ------------------------------------------------------------------------------

def read_table3(template: Template, tables: list[RawTable]) -> TableReader:
    reader = TableReader(template, 3)
    forms = {f.key: f for f in _forms(template, 3)}
    for group in template.t3_collapsed:  # cells of a row printed instead of its parts
        forms.update((t3_key(group, c), FormCell(3, t3_key(group, c), group.path, c.path, "件"))
                     for c in template.t3_columns)
    rows_index = _index(tuple(template.t3_rows))
    data: list[SplitRow] = []
    header_labels: list[str] = []
    for row in _rows(tables):
        split = split_row(row)
        label = split.labels[-1].text if split.labels else ""
        if (label and rows_index.find_suffix(label) is not None) or split.numbers:
            data.append(split)  # a row of the form, or one whose label was cut or lost
        elif not data:
            header_labels += [c.text for c in split.labels]
    if not data:
        return reader
    if not header_labels and data[0].labels:  # a header run into the first row's label
        row = rows_index.find_suffix(data[0].labels[-1].text)
        text = label_key(data[0].labels[-1].text)
        cut = text[:len(text) - len(label_key(row.label))] if row else ""
        header_labels = run_together_header(cut, template.t3_columns,
                                            template.t3_header_labels)
    header = header_verdict(template.t3_columns, template.t3_header_labels, header_labels,
                            template.extra_columns)
    if header.how is None:
        reader.warn("table_malformed", f"表三结构有误：表头{header.problem}，"
                    "因此表中没有一个数字能确定地放入某一列", data[0].line)
        for split in data:
            match = rows_index.find_suffix(split.labels[-1].text) if split.labels else None
            if match is not None:
                for col in template.t3_columns:
                    reader.unreadable(forms[t3_key(match, col)], split.line)
        return reader
    if header.how == "order" and header_labels:
        reader.warn("header_unknown", f"表三：表头（{header.problem}）不能证明各列；"
                    "数字按规定表格的列序放入，以规定表格的勾稽关系能够印证的为限",
                    data[0].line)
    matched = match_rows(template.t3_rows, rows_index, data, reader, "三",
                         template.t3_collapsed)
    evidence = []
    for match, split in matched:
        keys = [t3_key(match, c) for c in template.t3_columns]
        evidence.append(_evidence(keys, ["件"] * len(keys), split, header.how, match.path,
                                  _layout(tables)))
        if match.parts:
            reader.collapsed[match.id] = match
            reader.warn("form_variant", f"表三将{quoted(match.label)}印作一行（2019 年版格式"
                        f"即是如此）：其数字记为 {match.id}，不再分列其组成部分 "
                        f"{listing(match.parts)}", split.line)
    printed = {m.id for m, _ in matched}
    reader.place_rows(evidence, lambda: _identities(template, 3, printed), forms)
    return reader


# ---- table 四 ------------------------------------------------------------------------------

def read_table4(template: Template, tables: list[RawTable]) -> TableReader:
    reader = TableReader(template, 4)
    forms = {f.key: f for f in _forms(template, 4)}
    header_labels: list[str] = []
    data: list[SplitRow] = []
    for row in _rows(tables):
        split = split_row(row)
        if split.numbers:
            data.append(split)
        elif not data:
            header_labels += [c.text for c in split.labels]
    if not data:
        return reader
    if len(data) > 1:
        reader.warn("extra_rows", f"表四有 {len(data)} 行数字，规定表格只有一行；采用第一行",
                    data[1].line)
    columns = template.t4_columns
    if not header_labels and data[0].labels:  # the header run into the row of numbers
        header_labels = run_together_header(label_key(data[0].labels[-1].text), columns,
                                            template.t4_header_labels)
    header = header_verdict(columns, template.t4_header_labels, header_labels,
                            template.extra_columns)
    keys = [t4_key(c) for c in columns]
    if header.how is None:
        reader.warn("row_unreadable", f"表四：表头{header.problem}，数字 "
                    f"{listing(data[0].numbers)} 不能确定地放入各列", data[0].line)
        for key in keys:
            reader.unreadable(forms[key], data[0].line)
        return reader
    evidence = [_evidence(keys, ["件"] * len(keys), data[0], header.how, "行政复议、行政诉讼",
                          _layout(tables))]
    reader.place_rows(evidence, lambda: _identities(template, 4, set()), forms)
    return reader


def header_problems(columns: list[Column], known: list[str],
                    header_labels: list[str]) -> list[str]:
    """What keeps the header from proving the form's column order; [] when it does.

    Column labels must appear in the form's order, either flat or in the official
    two-row layout (ungrouped columns such as 总计 in the first row, then the grouped
    ones); a label the form does not print (an added 小计) makes the order unknown.
    """
    missing = _missing_columns(columns, header_labels)
    if missing:
        return [f"{NO_COLUMN}{quoted_list(missing)}列"]
    col_keys = {label_key(c.label) for c in columns}
    other = [label_key(k) for k in known] + [label_key(c.group.split("/")[-1])
                                             for c in columns if c.group]
    unknown = [h for h in header_labels if label_key(h) not in col_keys
               and not any(label_key(h).lstrip("(").startswith(o) for o in other)]
    if unknown:
        return [f"{UNKNOWN_LABELS}{quoted_list(unknown)}"]
    order = [label_key(h) for h in header_labels if label_key(h) in col_keys]
    flat = [label_key(c.label) for c in columns]
    two_rows = ([label_key(c.label) for c in columns if not c.group]
                + [label_key(c.label) for c in columns if c.group])
    if order not in (flat, two_rows):
        return [f"各列顺序（{listing(order)}）与规定表格不同"]
    return []


def _missing_columns(columns: list[Column], header_labels: list[str]) -> list[str]:
    """Form columns whose label the header never prints (each label counted per use)."""
    seen = Counter(label_key(h) for h in header_labels)
    need = Counter(label_key(c.label) for c in columns)
    missing = []
    for col in columns:
        key = label_key(col.label)
        if seen[key] < need[key] and col.label not in missing:
            missing.append(col.label)
    return missing


# ---- the whole report ------------------------------------------------------------------------

READERS = {2: read_table2, 3: read_table3, 4: read_table4}


def read_tables(template: Template, by_table: dict[int, list[RawTable]],
                strays: list[tuple[TextCell, str | None]] = ()
                ) -> tuple[list[Cell], list[ReportWarning]]:
    """Every cell of the form; `strays`: see read_table2."""
    cells: list[Cell] = []
    warnings: list[ReportWarning] = []
    for number, read in READERS.items():
        tables = by_table.get(number, [])
        reader = read_table2(template, tables, strays) if number == 2 else read(template,
                                                                                   tables)
        reader.tables_present = bool(tables)
        if not tables:
            reader.warn("table_missing", f"未找到表{TABLE_NAMES[number]}")
        cells += reader.finish(_forms(template, number))
        warnings += reader.warnings
    return cells, warnings


def detect_template(by_table: dict[int, list[RawTable]]) -> Template | None:
    """The form whose distinctive labels the tables print most; None if none shows."""
    printed = {label_key(c.text) for tables in by_table.values() for row in _rows(tables)
               for c in row.cells if c.text and not has_number(c.text)}
    best, best_score = None, 0
    for template, labels in _distinctive_labels():
        score = len(printed & labels)
        if score > best_score:
            best, best_score = template, score
    return best


@lru_cache(maxsize=1)
def _distinctive_labels() -> list[tuple[Template, frozenset[str]]]:
    """Each form with the labels that no other form prints."""
    templates = list(load_templates().values())
    return [(t, frozenset(t.labels() - set().union(*(o.labels() for o in templates
                                                      if o is not t))))
            for t in templates]
