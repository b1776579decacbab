"""The report forms as data: t2019.yml and t2021.yml, read into plain objects.

A maintainer adds an alias or a whole new form by editing or adding a YAML file here; the
Python below only reads them. `FormCell` is the list every report's cells are laid out by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from govparse.data import load
from govparse.text.normalize import label_key, strip_enumerator


class _Labelled:
    """A row or column of the form, named by its label under its group."""

    label: str
    group: str | None

    @property
    def path(self) -> str:
        return f"{self.group}/{self.label}" if self.group else self.label


@dataclass(frozen=True)
class Column(_Labelled):
    id: str
    label: str
    unit: str | None = None
    group: str | None = None
    signed: bool = False
    aliases: tuple[str, ...] = ()
    # Words of a note that only this column's cells carry ("含自然失效29件" is about 废止):
    # they tell which column a cell printed apart from its row belongs to.
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row(_Labelled):
    id: str
    label: str
    group: str | None = None
    aliases: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # a collapsed group: the rows it sums, not itemised


@dataclass(frozen=True)
class SubTable:
    """One caption block of table 二 (第二十条第（N）项)."""

    caption: str
    group: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    @property
    def label(self) -> str:
        return self.caption


@dataclass(frozen=True)
class FormCell:
    table: int
    key: str
    row: str | None
    col: str
    unit: str | None


@dataclass
class Template:
    id: str
    name: str
    first_year: int
    table2: list[SubTable]
    t3_columns: list[Column]
    t3_rows: list[Row]
    t3_header_labels: list[str]
    t3_group_labels: list[str]
    t4_columns: list[Column]
    t4_header_labels: list[str]
    # Groups some reports print as one row instead of their parts (see t2021.yml).
    t3_collapsed: list[Row] = field(default_factory=list)
    # The form's identities as written in the YAML (`identities`), expanded into sums of
    # cells by govparse.cells.identities.form_identities and read by the rules.
    identities: dict[str, Any] = field(default_factory=dict)
    # Header labels of columns the form does not have (an added 小计): a table that prints
    # one cannot be read by the form's column order.
    extra_columns: list[str] = field(default_factory=list)
    cells: list[FormCell] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cells = list(self._form_cells())

    def _form_cells(self):
        for sub in self.table2:
            for row in sub.rows:
                for col in sub.columns:
                    yield FormCell(2, t2_key(row, col), f"{sub.caption}/{row.label}",
                                   col.label, col.unit)
        for row in self.t3_rows:
            for col in self.t3_columns:
                yield FormCell(3, t3_key(row, col), row.path, col.path, "件")
        for col in self.t4_columns:
            yield FormCell(4, t4_key(col), None, col.path, "件")

    def labels(self) -> set[str]:
        """Every label this form prints, as label keys (used to tell the forms apart)."""
        found: set[str] = set()
        for sub in self.table2:
            found.add(label_key(sub.caption))
            found.update(label_key(x.label) for x in (*sub.columns, *sub.rows))
        found.update(label_key(r.label) for r in self.t3_rows)
        return found


def t2_key(row: Row, col: Column) -> str:
    return f"t2.{row.id}.{col.id}"


def t3_key(row: Row, col: Column) -> str:
    return f"t3.{row.id}.{col.id}"


def t4_key(col: Column) -> str:
    return f"t4.{col.id}"


_MIN_BARE = 3


class LabelIndex:
    """Find the template item a printed label stands for.

    A label matches when, ignoring width and whitespace, it equals the official label or an
    alias, with or without its leading enumerator ("(一)", "1."). Without the enumerator a
    label must be at least _MIN_BARE characters: a bare "其他" or "总计" is a column header
    of table 三, not its rows "3.其他" and "(七)总计".
    """

    def __init__(self, items: list[Any]) -> None:
        self._exact: dict[str, Any] = {}
        self._bare: dict[str, Any] = {}
        self._suffix: dict[str, Any] = {}
        for item in items:
            for label in (item.label, *getattr(item, "aliases", ())):
                key = label_key(label)
                self._exact.setdefault(key, item)
                bare = strip_enumerator(key)
                if len(bare) >= _MIN_BARE:
                    self._bare.setdefault(bare, item)

    def find(self, label: str) -> Any | None:
        key = label_key(label)
        return self._exact.get(key) or self._bare.get(strip_enumerator(key))

    def find_suffix(self, label: str) -> Any | None:
        """The item whose label ends the text: a row label run into its group's label or
        the table head ("三、本年度办理结果(一)予以公开" -> (一)予以公开)."""
        if label in self._suffix:  # labels repeat in every report of a corpus
            return self._suffix[label]
        found = self.find(label)
        if found is None:
            key = label_key(label)
            length = 0
            for known, item in (*self._exact.items(), *self._bare.items()):
                if len(known) > length and key.endswith(known):
                    found, length = item, len(known)
        if len(self._suffix) < 4096:
            self._suffix[label] = found
        return found

    @staticmethod
    def fragment_of(label: str, item: Any) -> bool:
        """A cut label ("行政机关不再处理其政府信息公") that is part of the item's label."""
        key = strip_enumerator(label_key(label))
        return len(key) >= 2 and any(key in label_key(x)
                                     for x in (item.label, *getattr(item, "aliases", ())))


def _column(d: dict[str, Any]) -> Column:
    return Column(d["id"], d["label"], d.get("unit"), d.get("group"), bool(d.get("signed")),
                  tuple(d.get("aliases", ())), tuple(d.get("cues", ())))


def _row(d: dict[str, Any]) -> Row:
    return Row(d["id"], d["label"], d.get("group"), tuple(d.get("aliases", ())),
               tuple(d.get("parts", ())))


def _read(name: str) -> dict[str, Any]:
    return load(__name__, name)


def _build(data: dict[str, Any], base: dict[str, Any] | None) -> Template:
    t3 = dict(base["table3"]) if base else {}
    t3_local = data.get("table3", {})
    rows = [r for r in t3.get("rows", []) if r["id"] not in t3_local.get("drop_rows", [])]
    rows = sorted([*rows, *t3_local.get("add_rows", []), *t3_local.get("rows", [])],
                  key=lambda r: r["id"])
    groups = [g for g in t3_local.get("group_labels", t3.get("group_labels", []))
              if g not in t3_local.get("drop_group_labels", [])]
    t3_columns = t3_local.get("columns", t3.get("columns"))
    t3_header = t3_local.get("header_labels", t3.get("header_labels", []))
    t4 = data.get("table4") or base["table4"]  # type: ignore[index]
    return Template(
        id=str(data["id"]), name=data["name"], first_year=int(data["first_year"]),
        table2=[SubTable(s["caption"], s["group"], tuple(_column(c) for c in s["columns"]),
                         tuple(_row(r) for r in s["rows"])) for s in data["table2"]],
        t3_columns=[_column(c) for c in t3_columns], t3_rows=[_row(r) for r in rows],
        t3_header_labels=list(t3_header), t3_group_labels=groups,
        t4_columns=[_column(c) for c in t4["columns"]],
        t4_header_labels=list(t4.get("header_labels", [])),
        t3_collapsed=[_row(r) for r in t3_local.get("collapsed", t3.get("collapsed", []))],
        identities=data.get("identities") or (base or {}).get("identities") or {},
        extra_columns=list(data.get("extra_columns") or (base or {}).get("extra_columns")
                           or []),
    )


@lru_cache(maxsize=1)
def load_templates() -> dict[str, Template]:
    """All forms by id ("2019", "2021"), newest first."""
    raw = {}
    for entry in resources.files(__name__).iterdir():
        if entry.name.startswith("t") and entry.name.endswith(".yml"):
            data = _read(entry.name)
            raw[str(data["id"])] = data
    built = {tid: _build(d, raw.get(str(d["base"])) if d.get("base") else None)
             for tid, d in raw.items()}
    return dict(sorted(built.items(), key=lambda kv: -kv[1].first_year))


def template_for_year(year: int | None) -> Template | None:
    if year is None:
        return None
    for template in load_templates().values():
        if year >= template.first_year:
            return template
    return None


SECTION_NUMERALS = "一二三四五六"


@lru_cache(maxsize=1)
def sections() -> dict[int, dict[str, Any]]:
    """The six sections by number: the cues and wordings of their headings (sections.yml)."""
    return {int(n): s for n, s in load(__name__, "sections.yml")["sections"].items()}


@lru_cache(maxsize=2)
def heading_patterns(whole_line: bool = True) -> dict[int, str]:
    """Each section's heading as a regular expression (sections.yml): the numeral, then a
    cue within `before_cue` characters, and (`whole_line`) the rest of a line without
    sentence punctuation. The grammar's H1..H6, a spreadsheet's heading rows and the
    headings counted in a page's text (up to the cue: a page's text has no lines) use it."""
    line = r"[^\t\n|,。;]"
    return {n: f"(?:#{{1,6}} *)?{SECTION_NUMERALS[n - 1]} *[、.．] *"
               f"{line}{{0,{s['before_cue']}}}?(?:{'|'.join(map(re.escape, s['cues']))})"
               + (f"{line}{{0,30}}" if whole_line else "")
            for n, s in sections().items()}
