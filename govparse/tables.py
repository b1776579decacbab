"""Table rows (as laid out in the report) -> the form's canonical cells.

Rows are recognised by their labels, never by position, and a number is only placed in a
column when the table's header declares the form's columns and the row has exactly one
value per column. Otherwise the row's cells are `unreadable` (value None) and a warning
names the row and the numbers it holds: a broken table is a structure problem, not the
agency's arithmetic (seed 003's table 三 is the real case).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from govparse.model import MISSING, UNREADABLE, Cell, ReportWarning
from govparse.normalize import label_key
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
from govparse.transform import RawTable, TableRow, TextCell
from govparse.values import has_number, is_value_text, read_value

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


def fit_values(values: list[TextCell], width: int, layout: str) -> list[TextCell] | None:
    """The row's value cells if there is exactly one per column, else None.

    Empty cells beyond the width are layout padding (TSV rows padded with TABs, merged
    label cells left empty) only when they sit at one end: empties at both ends could be
    padding on either side, so the columns are unknown. In the layouts that spell out
    empty cells for merged labels (TSV, markdown), an empty first value is just as likely
    a merged label as a blank cell, so that is unknown too.
    """
    values = list(values)
    extra = len(values) - width
    if extra > 0:
        head = len(values) - len(_lstrip_empty(values))
        tail = len(values) - len(_rstrip_empty(values))
        if tail >= extra and head == 0:
            values = values[:width]
        elif head >= extra and tail == 0:
            values = values[extra:]
        else:
            return None
    if len(values) != width:
        return None
    if layout in ("tsv", "markdown") and not values[0].text and values[-1].text:
        return None
    return values


def _lstrip_empty(values: list[TextCell]) -> list[TextCell]:
    i = 0
    while i < len(values) and not values[i].text:
        i += 1
    return values[i:]


def _rstrip_empty(values: list[TextCell]) -> list[TextCell]:
    i = len(values)
    while i > 0 and not values[i - 1].text:
        i -= 1
    return values[:i]


@dataclass
class TableReader:
    """Collects the cells and warnings of one table."""

    template: Template
    table: int
    tables_present: bool = False
    cells: dict[str, Cell] = field(default_factory=dict)
    warnings: list[ReportWarning] = field(default_factory=list)
    collapsed: dict[str, Row] = field(default_factory=dict)  # printed instead of their parts

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        self.warnings.append(ReportWarning(code, message, line, self.table))

    def place(self, form: FormCell, text: TextCell) -> None:
        read = read_value(text.text, form.unit)
        if read.status == UNREADABLE:
            self.warn("cell_unreadable",
                      f"table {TABLE_NAMES[self.table]} cell {form.row or ''} / {form.col}: "
                      f"{text.text!r} is not a number", text.line)
        self.cells[form.key] = Cell(self.table, form.key, form.row, form.col, read.value,
                                    text.text, read.status, read.unit, text.line)

    def unreadable(self, form: FormCell, line: int) -> None:
        self.cells[form.key] = Cell(self.table, form.key, form.row, form.col, None, None,
                                    UNREADABLE, form.unit, line)

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
            names = "; ".join(r or "data row" for r in absent_rows)
            self.warn("row_missing", f"table {TABLE_NAMES[self.table]}: not found: {names}")
        return out


@lru_cache(maxsize=64)
def _index(items: tuple) -> LabelIndex:
    return LabelIndex(list(items))


def _forms(template: Template, table: int) -> list[FormCell]:
    return [c for c in template.cells if c.table == table]


def _rows(tables: list[RawTable]) -> list[TableRow]:
    return [row for t in tables for row in t.rows]


def _layout(tables: list[RawTable]) -> str:
    return tables[0].layout if tables else ""


def _row_name(split: SplitRow) -> str:
    return "/".join(c.text for c in split.labels) or "(no label)"


# ---- table 二 ------------------------------------------------------------------------------

def read_table2(template: Template, tables: list[RawTable]) -> TableReader:
    reader = TableReader(template, 2)
    captions = _index(tuple(template.table2))
    forms = {f.key: f for f in _forms(template, 2)}
    sub = None
    header: list[Column] | None = None
    for row in _rows(tables):
        split = split_row(row)
        if not split.labels:
            continue
        found = next((s for s in template.table2
                      if captions.find(split.labels[0].text) is s), None)
        if found is not None or label_key(split.labels[0].text).startswith("第二十条"):
            sub, header = found, None
            if found is None:
                reader.warn("unknown_caption", f"table 二: caption {split.labels[0].text!r} "
                            f"is not in the {template.id} form", split.line)
            continue
        if sub is None:
            if split.numbers:
                reader.warn("unknown_row", f"table 二: row {_row_name(split)!r} comes before "
                            "any 第二十条 caption; its numbers are not used", split.line)
            continue
        if label_key(split.labels[0].text) == "信息内容":
            header = _table2_header(reader, sub, split)
            continue
        match = _index(sub.rows).find(split.labels[-1].text)
        if match is None:
            if split.numbers:
                reader.warn("unknown_row", f"table 二 {sub.caption}: row {_row_name(split)!r} "
                            "is not in the form; its numbers are not used", split.line)
            continue
        cols = list(sub.columns)
        values = fit_values(split.values, len(header), _layout(tables)) if header else None
        if values is None:
            why = ("no header row declares its columns" if header is None else
                   f"{len(split.numbers)} numbers for {len(header)} columns")
            reader.warn("row_unreadable", f"table 二 {sub.caption}/{match.label}: {why}; "
                        f"numbers {split.numbers} are not placed", split.line)
            for col in cols:
                reader.unreadable(forms[t2_key(match, col)], split.line)
            continue
        if t2_key(match, cols[0]) in reader.cells:
            reader.warn("duplicate_row", f"table 二 {sub.caption}/{match.label}: the row appears "
                        "again; the first one is used", split.line)
            continue
        for col, text in zip(header, values, strict=True):  # type: ignore[arg-type]
            reader.place(forms[t2_key(match, col)], text)
    return reader


def _table2_header(reader: TableReader, sub: SubTable, split: SplitRow) -> list[Column] | None:
    index = _index(sub.columns)
    names = [c.text for c in split.labels[1:]]
    header = [index.find(n) for n in names]
    unknown = [n for n, col in zip(names, header, strict=True) if col is None]
    if unknown or len(set(header)) != len(header):
        reader.warn("header_unknown", f"table 二 {sub.caption}: header {names} does not match "
                    f"the form's columns {[c.label for c in sub.columns]}", split.line)
        return None
    return header  # type: ignore[return-value]


# ---- table 三 ------------------------------------------------------------------------------

def read_table3(template: Template, tables: list[RawTable]) -> TableReader:
    reader = TableReader(template, 3)
    forms = {f.key: f for f in _forms(template, 3)}
    rows_index = _index(tuple(template.t3_rows))
    groups = {label_key(g) for g in template.t3_group_labels}
    collapsed = _index(tuple(template.t3_collapsed))
    data: list[tuple[Row, SplitRow]] = []
    header_labels: list[str] = []
    for row in _rows(tables):
        split = split_row(row)
        if not split.labels:
            continue
        match = rows_index.find(split.labels[-1].text)
        if match is None and split.numbers:
            match = collapsed.find(split.labels[-1].text)
        if match is None:
            if not data:
                header_labels += [c.text for c in split.labels]
            elif split.numbers or label_key(split.labels[-1].text) not in groups:
                reader.warn("unknown_row", f"table 三: row {_row_name(split)!r} is not in the "
                            f"{template.id} form; its numbers are not used", split.line)
            continue
        if any(m is match for m, _ in data):
            reader.warn("duplicate_row", f"table 三: row {match.label!r} appears again; "
                        "the first one is used", split.line)
            continue
        data.append((match, split))
    if not data:
        return reader
    missing = header_problems(template.t3_columns, template.t3_header_labels, header_labels)
    if missing:
        reader.warn("table_malformed",
                    f"table 三 is malformed: its header has {'; '.join(missing)}, so no number "
                    "in it can be placed in a column with certainty", data[0][1].line)
    width = len(template.t3_columns)
    for match, split in data:
        values = None if missing else fit_values(split.values, width, _layout(tables))
        if values is None:
            reader.warn("row_unreadable", f"table 三 row {match.path!r}: "
                        f"{len(split.numbers)} numbers {split.numbers} for {width} columns; "
                        "their columns cannot be determined", split.line)
            for col in template.t3_columns:
                reader.unreadable(_t3_form(forms, match, col), split.line)
            continue
        for col, text in zip(template.t3_columns, values, strict=True):
            reader.place(_t3_form(forms, match, col), text)
        if match.parts:
            reader.collapsed[match.id] = match
            reader.warn("form_variant", f"table 三 prints {match.label} as one row, as the "
                        f"2019 form did: its numbers are kept as {match.id}, its parts "
                        f"{', '.join(match.parts)} are not itemised", split.line)
    return reader


def _t3_form(forms: dict[str, FormCell], row: Row, col: Column) -> FormCell:
    """The form's cell, or one of a collapsed row (not a cell of the form itself)."""
    key = t3_key(row, col)
    return forms.get(key) or FormCell(3, key, row.path, col.path, "件")


def header_problems(columns: list[Column], known: list[str],
                    header_labels: list[str]) -> list[str]:
    """What keeps the header from proving the form's column order; [] when it does.

    Column labels must appear in the form's order, either flat or in the official
    two-row layout (ungrouped columns such as 总计 in the first row, then the grouped
    ones); a label the form does not print (an added 小计) makes the order unknown.
    """
    missing = _missing_columns(columns, header_labels)
    if missing:
        return [f"no column {missing}"]
    col_keys = {label_key(c.label) for c in columns}
    other = [label_key(k) for k in known] + [label_key(c.group.split("/")[-1])
                                             for c in columns if c.group]
    unknown = [h for h in header_labels if label_key(h) not in col_keys
               and not any(label_key(h).lstrip("(").startswith(o) for o in other)]
    if unknown:
        return [f"labels not in the form {unknown}"]
    order = [label_key(h) for h in header_labels if label_key(h) in col_keys]
    flat = [label_key(c.label) for c in columns]
    two_rows = ([label_key(c.label) for c in columns if not c.group]
                + [label_key(c.label) for c in columns if c.group])
    if order not in (flat, two_rows):
        return [f"columns in an order the form does not have {order}"]
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


# ---- table 四 ------------------------------------------------------------------------------

def read_table4(template: Template, tables: list[RawTable]) -> TableReader:
    reader = TableReader(template, 4)
    forms = _forms(template, 4)
    header_labels: list[str] = []
    data: list[SplitRow] = []
    for row in _rows(tables):
        split = split_row(row)
        if split.numbers:
            data.append(split)
        else:
            header_labels += [c.text for c in split.labels]
    if not data:
        return reader
    if len(data) > 1:
        reader.warn("extra_rows", f"table 四 has {len(data)} rows of numbers; the form has one. "
                    "The first is used", data[1].line)
    split = data[0]
    columns = template.t4_columns
    groups = [h for h in template.t4_header_labels
              if label_key(h) not in {label_key(x) for x in header_labels}]
    missing = groups + header_problems(columns, template.t4_header_labels, header_labels)
    values = None if missing else fit_values(split.values, len(columns), _layout(tables))
    if values is None:
        why = (f"its header has no {missing}" if missing else
               f"{len(split.numbers)} numbers for {len(columns)} columns")
        reader.warn("row_unreadable", f"table 四: {why}; numbers {split.numbers} cannot be "
                    "placed in columns with certainty", split.line)
        for form in forms:
            reader.unreadable(form, split.line)
        return reader
    for col, text in zip(columns, values, strict=True):
        reader.place(next(f for f in forms if f.key == t4_key(col)), text)
    return reader


# ---- the whole report ------------------------------------------------------------------------

READERS = {2: read_table2, 3: read_table3, 4: read_table4}


def read_tables(template: Template, by_table: dict[int, list[RawTable]]
                ) -> tuple[list[Cell], list[ReportWarning]]:
    cells: list[Cell] = []
    warnings: list[ReportWarning] = []
    for number, read in READERS.items():
        tables = by_table.get(number, [])
        reader = read(template, tables)
        reader.tables_present = bool(tables)
        if not tables:
            reader.warn("table_missing", f"table {TABLE_NAMES[number]} not found")
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
