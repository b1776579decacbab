"""Which of the form's tables each printed table is, by what it prints: its header and row
labels (第二十条… for 表二; 申请人情况, 本年新收… for 表三; 行政复议 … 结果维持 for 表四), wherever
it stands and whatever heading is above it.

The six-part outline serves the prose. A table printed under another section than the
form's (a numbering of the agency's own that restarts at 一、, a misspelt or reworded
heading) is still read, and where it stood is an outline finding of the report, never a
lost table. A table whose labels say nothing (a fragment of numbers) belongs to the form's
table of the section it stands in; in a prose section it is not one of the form's tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from govparse.cells.rows import table_rows
from govparse.cells.values import is_value_text
from govparse.document.transform import SECTION_TABLE, RawSection, RawTable
from govparse.forms import SECTION_NUMERALS, load_templates
from govparse.model import ReportWarning
from govparse.sources.runon import table_openings
from govparse.text.normalize import label_key
from govparse.words import TABLE_NAMES, quoted

# Labels a table must print, at least, to be told by them.
_DECISIVE = 2
_TRAILING_NUMBERS = re.compile(r"[\d.,\-—/%()（）]+$")


@dataclass
class Located:
    by_table: dict[int, list[RawTable]] = field(default_factory=dict)
    warnings: list[ReportWarning] = field(default_factory=list)
    # tables that are none of the form's (in the prose sections, or before the first
    # heading: section None)
    not_form: list[tuple[RawSection | None, RawTable]] = field(default_factory=list)


def locate_tables(sections: list[RawSection], head_tables: list[RawTable] = ()) -> Located:
    """Each table of the sections, and those before the first heading (`head_tables`),
    given to the form's table it is. A table printed away from its section counts only when
    that section holds none of its own: a table of the agency's own in the prose that
    happens to print the form's labels never stands in for, or beside, the real one."""
    out = Located()
    home: dict[int, list[RawTable]] = {}
    away: dict[int, list[tuple[RawSection | None, RawTable]]] = {}
    for table in (part for printed in head_tables for part in _parts(printed)):
        told = which_table(table)  # before any heading: only its own labels can tell
        if told is None:
            out.not_form.append((None, table))
        else:
            away.setdefault(told, []).append((None, table))
    for section in sections:
        own = SECTION_TABLE.get(section.number)
        for table in (part for printed in section.tables for part in _parts(printed)):
            number = which_table(table) or own  # a table its labels do not tell: its section's
            if number is None:
                out.not_form.append((section, table))
            elif number == own:
                home.setdefault(number, []).append(table)
            else:
                away.setdefault(number, []).append((section, table))
    for number in (2, 3, 4):
        if number in home:
            out.by_table[number] = home[number]
            out.not_form += away.get(number, [])
            continue
        for section, table in away.get(number, []):
            out.by_table.setdefault(number, []).append(table)
            where = (f"第{SECTION_NUMERALS[section.number - 1]}部分{quoted(section.heading)}之下"
                     if section is not None else "第一个部分标题之前")
            out.warnings.append(ReportWarning(
                "table_elsewhere", f"表{TABLE_NAMES[number]}印在{where}，而不在规定的第"
                f"{SECTION_NUMERALS[number - 1]}部分：按其表头和行名认作表"
                f"{TABLE_NAMES[number]}（报告的提纲与规定格式不符）", table.rows[0].line,
                number))
    return out


def _parts(table: RawTable) -> list[RawTable]:
    """The table cut where another of the form's tables starts inside it (a spreadsheet's
    one sheet holding all three): at a row that begins with a table's own opening words
    (sources/runon.yml `table_start_lines`: 第二十条…, 申请人情况, 行政复议 …)."""
    parts: list[RawTable] = []
    current = None
    for row in table.rows:
        first = next((c.text for c in row.cells if c.text), "")
        key = label_key(first)
        starts = next((n for n, words in _openings().items() if key.startswith(words)), None)
        if not parts or (starts is not None and starts != current):
            parts.append(RawTable(table.layout, [], table.numbers_only))
            current = starts if starts is not None else current
        parts[-1].rows.append(row)
    return parts if len(parts) > 1 else [table]  # uncut: the table itself


@lru_cache(maxsize=1)
def _openings() -> dict[int, tuple[str, ...]]:
    """The words each of the form's tables opens with, as label keys."""
    return {n: tuple(label_key(w) for w in words) for n, words in table_openings().items()}


def which_table(table: RawTable) -> int | None:
    """The form's table whose own labels this table prints, when they tell."""
    named: dict[int, set[str]] = {2: set(), 3: set(), 4: set()}
    for printed in _printed_labels(table):
        for number, label in _labels_ending(printed):
            named[number].add(label)
    scores = {n: len(labels) for n, labels in named.items()}
    best = max(scores, key=scores.get)  # type: ignore[arg-type]
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] >= _DECISIVE and ranked[0] > ranked[1]:
        return best
    return None


def _printed_labels(table: RawTable) -> set[str]:
    out = set()
    for row in table_rows([table]):
        for cell in row.cells:
            if cell.text and not is_value_text(cell.text):
                key = _TRAILING_NUMBERS.sub("", label_key(cell.text))
                if len(key) >= 2:
                    out.add(key)
    return out


@lru_cache(maxsize=8192)  # the same labels come back in report after report
def _labels_ending(printed: str) -> tuple[tuple[int, str], ...]:
    """The form's labels (with their table) that `printed` is or ends with."""
    return tuple((n, label) for n, labels in _labels_by_table().items() for label in labels
                 if printed.endswith(label))


@lru_cache(maxsize=1)
def _labels_by_table() -> dict[int, frozenset[str]]:
    """The labels each of the form's tables prints and the other two do not (both forms)."""
    every: dict[int, set[str]] = {2: set(), 3: set(), 4: set()}
    for t in load_templates().values():
        for sub in t.table2:
            every[2].add(label_key(sub.caption))
            every[2].update(label_key(x.label) for x in (*sub.columns, *sub.rows))
        every[3].update(label_key(x) for x in (*(r.label for r in t.t3_rows),
                                               *(c.label for c in t.t3_columns),
                                               *t.t3_header_labels, *t.t3_group_labels))
        every[4].update(label_key(x) for x in (*(c.label for c in t.t4_columns),
                                               *t.t4_header_labels))
    return {n: frozenset(k for k in keys if len(k) >= 2 and not any(
        k in every[m] for m in every if m != n)) for n, keys in every.items()}
