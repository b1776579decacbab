"""The Report model: plain dataclasses, every number with its source line."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Cell status vocabulary (architecture.md). Blank is not zero is not "not applicable".
VALUE = "value"
BLANK = "blank"
NOT_APPLICABLE = "not_applicable"
UNREADABLE = "unreadable"
MISSING = "missing"  # the row or table is absent from the printed report
INFERRED = "inferred"  # reserved for the checks (never a printed value)

# Tables whose cells a text dump ran together (govparse.sources.runon): each value cell
# holds a run of digits that govparse.cells.readings splits.
RUN_LAYOUT = "run-together"


@dataclass
class ReportWarning:
    """Something the reader of the report should know; never fatal."""

    code: str
    message: str
    line: int | None = None
    table: int | None = None
    cell: str | None = None  # the key of the cell it is about, when it is about one


@dataclass
class Cell:
    """One numeric cell of the form: a table 二/三/四 value with its provenance."""

    table: int
    key: str
    row: str | None
    col: str
    value: int | float | None
    raw: str | None
    status: str
    unit: str | None
    line: int | None
    origin: str | None = None  # where in a PDF, HTML or Word file: "第3页", "表格2第5行"
    # How the number was put in this cell (govparse.cells.placement): "header" (the table's
    # header names the column), "order" (the form's column order), "identity" (the form's
    # arithmetic chose among the readings of the row, or gave a lost cell's value).
    placed: str | None = None
    # For an unreadable cell: the values the source and the form leave possible.
    candidates: list[int | float | str] | None = None


@dataclass
class Section:
    number: int
    heading: str
    text: str
    first_line: int
    last_line: int
    lines: list[int] = field(default_factory=list)  # original line of each line of `text`

    def line_of(self, offset: int) -> int | None:
        """The original line holding character `offset` of `text`."""
        if not self.lines:
            return None
        return self.lines[min(self.text.count("\n", 0, offset), len(self.lines) - 1)]


@dataclass
class Metric:
    """A figure stated in the prose ("发布各类信息9754篇"), with where it was said."""

    section: int
    line: int | None
    start: int  # character offsets in the section's text
    end: int
    text: str  # as printed: 1.5万人次
    value: int | float | None
    unit: str | None
    qualifier: str | None  # 近 约 超过 共 其中 余 …
    subject: str | None  # what is counted, as worded: 发布各类信息
    kind: str | None  # an id of govparse/narrative/figures.yml, None when unknown
    sentence: str
    part_of: int | None = None  # index in Report.metrics of the whole this is part of
    relation: str | None = None  # "part" (其中…) or "inclusion" (包含…, an aside)
    origin: str | None = None  # where in a PDF, HTML or Word file: "第1页"


@dataclass
class Report:
    path: str | None
    sha256: str
    agency: str | None
    year: int | None
    title: str | None
    template: str | None
    layout: str | None
    source: dict[str, str | None] = field(default_factory=dict)
    preamble: str | None = None
    sections: list[Section] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)
    encoding: str | None = None  # of the file it was read from
    format: str = "text"  # text, html, docx or pdf: what govparse.sources read
    # For formats other than text: where each line of the canonical text the grammar read
    # came from in the original file ("第3页"); line numbers index it from 1.
    origins: list[str] | None = None
    # Figures of the prose; None until govparse.narrative.metrics_of() has read them.
    metrics: list[Metric] | None = None

    def cell(self, key: str) -> Cell:
        for c in self.cells:
            if c.key == key:
                return c
        raise KeyError(key)

    def origin(self, line: int | None) -> str | None:
        if line is None or not self.origins or not 0 < line <= len(self.origins):
            return None
        return self.origins[line - 1]

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def value(self, key: str) -> int | float | None:
        return self.cell(key).value

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
