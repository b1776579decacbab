"""The measures a question may name, derived from the forms themselves (govparse/forms).

Every row of table 三, every group of its rows, every row of table 二 and every group of
table 四 is a measure; every column of its table is a column a question may add (自然人,
结果纠正, 现行有效件数). Their names are the printed labels, with and without the
enumerator, the group and the parenthesised remarks; vocabulary.yml adds the paraphrases
people use. So a new form, or a new row, is askable the day its template is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from govparse.forms import Column, SubTable, Template, load_templates, t2_key, t3_key
from govparse.forms import t4_key as _t4_key
from govparse.text.normalize import strip_enumerator
from govparse.words import words

TABLE_ZH = words("table")


@dataclass(frozen=True)
class Cells:
    """The cells one column of a measure stands for, in one form: summed when several."""

    keys: tuple[str, ...]
    unit: str | None
    column: str  # as said: 总计, 自然人, 法人或其他组织（五栏之和）
    # A group some reports print as one row, its parts not itemised (t2021.yml `collapsed`):
    # the keys of that row, read when every part is missing.
    instead: tuple[str, ...] = ()


@dataclass(eq=False)
class Measure:
    id: str
    names: list[str]
    label: str  # how an answer says it
    definition: str = ""  # cell measures: see definition_of()
    table: int | None = None
    grid: dict[str, dict[str, Cells]] = field(default_factory=dict)  # form -> column -> cells
    default: dict[str, str] = field(default_factory=dict)  # form -> column said by default
    where: dict[str, str] = field(default_factory=dict)  # form -> the printed label(s)
    rate: str | None = None
    figure: str | None = None
    findings: bool = False
    row: bool = False  # one row of the form (not a sum of rows, a rate, a figure)
    parts: tuple[str, ...] = ()  # a sum of vocabulary.yml: the measures it adds up
    note: str | None = None
    see_also: str | None = None

    def cells(self, form: str | None, column: frozenset[str] | None) -> Cells | None:
        """The cells of `column` (or the default column) in `form`; None: the form has none."""
        grid = self.grid.get(form or "")
        if not grid:
            return None
        if column is None:
            return grid.get(self.default.get(form or "", ""))
        found = [grid[c] for c in sorted(column) if c in grid]
        return found[0] if len(found) == 1 else None

    def columns(self) -> list[str]:
        """Every column this measure has in some form, in the form's order."""
        return list(dict.fromkeys(c for grid in self.grid.values() for c in grid))

    def definition_of(self, form: str | None, column: frozenset[str] | None) -> str:
        if not self.grid:
            return self.definition
        cells = self.cells(form, column)
        where = self.where.get(form or "", self.label)
        said = f"{TABLE_ZH.get(self.table, '')}{where}" + \
            (f"的“{cells.column}”" if cells and cells.column else "")
        return said + (f"，{self.note}" if self.note else "")


def fold(text: str) -> str:
    """How names and questions are compared: width folded, no spaces, no quotation marks."""
    return _UNSAID.sub("", unicodedata.normalize("NFKC", text))


_UNSAID = re.compile(r"[\s\"'“”‘’「」『』]")
_REMARK = re.compile(r"\([^)]*\)$")
_MIN_BARE = 3  # as govparse.forms.LabelIndex: a bare 其他 or 总计 is a column header


def label_names(label: str) -> list[str]:
    """A printed label and the shorter ways it is said: without its enumerator, its remark
    in brackets, a leading 本年 or a trailing 数量/件数."""
    full = fold(label)
    names = [full]
    bare = strip_enumerator(full)
    for name in (bare, _REMARK.sub("", bare)):
        if name != full and len(name) >= _MIN_BARE:
            names.append(name)
    for name in list(names[1:] or names):
        for short in (re.sub(r"^本年度?", "", name), re.sub(r"(数量|件数)$", "", name),
                      re.sub(r"(数量|件数)$", "", re.sub(r"^本年度?", "", name))):
            if len(short) >= 2:
                names.append(short)
    return list(dict.fromkeys(names))


def bare(label: str) -> str:
    return _REMARK.sub("", strip_enumerator(fold(label))) or fold(label)


def template_measures() -> tuple[dict[str, Measure], dict[str, set[str]]]:
    """Measures of every form, merged across forms by what they are, and the column names:
    name -> the columns (by label) it may mean."""
    measures: dict[str, Measure] = {}
    columns: dict[str, set[str]] = {}
    for form in reversed(list(load_templates().values())):  # oldest first: newest wins
        _table3(form, measures, columns)
        _table4(form, measures, columns)
        _table2(form, measures, columns)
    return measures, columns


def _measure(measures: dict[str, Measure], mid: str, table: int, label: str) -> Measure:
    m = measures.setdefault(mid, Measure(mid, [], label, table=table))
    m.label = label
    return m


def _add_names(m: Measure, *labels: str) -> None:
    for label in labels:
        m.names.extend(n for n in label_names(label) if n not in m.names)


def _column_names(columns: dict[str, set[str]], col: Column, concept: str) -> None:
    for label in (col.label, *col.aliases):
        for name in label_names(label):
            columns.setdefault(name, set()).add(concept)
        if col.group:
            columns.setdefault(fold(col.group.split("/")[-1] + label), set()).add(concept)


def _table3(form: Template, measures: dict[str, Measure], columns: dict[str, set[str]]) -> None:
    grid_of_row: dict[str, dict[str, Cells]] = {}
    for row in form.t3_rows:
        grid: dict[str, Cells] = {}
        groups: dict[str, list[Column]] = {}
        for col in form.t3_columns:
            concept = fold(col.label)
            grid[concept] = Cells((t3_key(row, col),), "件", col.label)
            _column_names(columns, col, concept)
            if col.group:
                groups.setdefault(col.group, []).append(col)
        for group, cols in groups.items():
            concept = fold(group)
            grid[concept] = Cells(tuple(t3_key(row, c) for c in cols), "件",
                                  f"{group}（{'、'.join(c.label for c in cols)}{len(cols)}栏之和）")
            columns.setdefault(concept, set()).add(concept)
        grid_of_row[row.id] = grid
        mid = f"{bare(row.group)}/{bare(row.label)}" if row.group else bare(row.label)
        m = _measure(measures, mid, 3, bare(row.label))
        m.row = True
        _add_names(m, row.label, *row.aliases)
        if row.group:
            m.names += [n for n in (fold(row.group) + fold(row.label),
                                    bare(row.group) + bare(row.label)) if n not in m.names]
            m.label = f"{bare(row.group)}：{bare(row.label)}"
        m.grid[form.id], m.default[form.id] = grid, fold("总计")
        m.where[form.id] = f"“{row.path.replace('/', '”中“')}”"
    for group in form.t3_group_labels:
        rows = [r for r in form.t3_rows if r.group == group]
        if not rows:
            continue
        m = _measure(measures, bare(group), 3, bare(group))
        _add_names(m, group)
        m.grid[form.id] = _summed([grid_of_row[r.id] for r in rows], f"{len(rows)}项")
        for one in (r for r in form.t3_collapsed if r.label == group):
            m.grid[form.id] = {c: replace(cells, instead=tuple(dict.fromkeys(
                re.sub(r"^t3\.[^.]+\.", f"t3.{one.id}.", k) for k in cells.keys)))
                for c, cells in m.grid[form.id].items()}
        m.default[form.id] = fold("总计")
        m.where[form.id] = f"“{group}”下{len(rows)}项"


def _summed(grids: list[dict[str, Cells]], parts: str) -> dict[str, Cells]:
    """Grids of several rows (or groups) added up column by column."""
    out = {}
    for concept in grids[0]:
        if all(concept in g for g in grids):
            keys = tuple(k for g in grids for k in g[concept].keys)
            first = grids[0][concept]
            out[concept] = Cells(keys, first.unit, f"{first.column}（{parts}之和）")
    return out


def _table4(form: Template, measures: dict[str, Measure], columns: dict[str, set[str]]) -> None:
    groups: dict[str, dict[str, Cells]] = {}
    for col in form.t4_columns:
        concept = fold(col.label)
        groups.setdefault(col.group or "", {})[concept] = Cells((_t4_key(col),), "件", col.label)
        for label in (col.label, *col.aliases):
            for name in label_names(label):
                columns.setdefault(name, set()).add(concept)
    parents: dict[str, list[str]] = {}
    for path, grid in groups.items():
        *parent, name = path.split("/")
        m = _measure(measures, name, 4, name)
        m.row = True
        _add_names(m, name, path.replace("/", ""))
        m.grid[form.id], m.default[form.id] = grid, fold("总计")
        m.where[form.id] = f"“{path.replace('/', '”中“')}”"
        if parent:
            parents.setdefault(parent[0], []).append(path)
    for parent, paths in parents.items():  # 行政诉讼: its two kinds added up, said so
        m = _measure(measures, parent, 4, parent)
        _add_names(m, parent)
        kinds = [p.split("/")[-1] for p in paths]
        m.grid[form.id] = _summed([groups[p] for p in paths], "、".join(kinds) + "两类")
        m.default[form.id] = fold("总计")
        m.where[form.id] = f"“{parent}”（{'与'.join(f'“{k}”' for k in kinds)}之和）"


def _table2(form: Template, measures: dict[str, Measure], columns: dict[str, set[str]]) -> None:
    for sub in form.table2:
        for row in sub.rows:
            m = _measure(measures, f"t2.{row.id}", 2, row.label)
            m.row = True
            _add_names(m, row.label, *row.aliases, sub.caption + row.label)
            m.grid[form.id] = {fold(c.label): Cells((t2_key(row, c),), c.unit, c.label)
                               for c in sub.columns}
            for col in sub.columns:
                _column_names(columns, col, fold(col.label))
            m.default[form.id] = _default_column(sub)
            m.where[form.id] = f"{sub.caption}“{row.label}”"


def _default_column(sub: SubTable) -> str:
    """The column a question means when it names none: the only one, else the only count of
    件 (2019's 行政许可 -> 处理决定数量); none when only a choice could say (规范性文件: 制发,
    废止 or 现行有效; 2019's 收费)."""
    if len(sub.columns) == 1:
        return fold(sub.columns[0].label)
    counted = [c for c in sub.columns if c.unit == "件"]
    return fold(counted[0].label) if len(counted) == 1 else ""


__all__ = ["Cells", "Measure", "fold", "label_names", "template_measures"]
