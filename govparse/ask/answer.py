"""What `govparse ask` says: the value(s), the exact definition, what the question resolved
to, every source cell, and the SQL a journalist can take over in Datasette."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from govparse.words import words

# How a source's status is said (the data keeps the codes of the cells table): a cell's
# status, or a finding's severity.
STATUS_ZH = {**words("status"), **words("severity")}


@dataclass
class Source:
    """One number the answer used, where it was printed."""

    report: str  # sha256: /-/report/<sha256>
    agency: str
    year: int | None
    file: str | None
    what: str  # 表三 一、本年新收政府信息公开申请数量 / 总计; a rate; a sentence
    value: Any
    status: str | None = None  # value, blank, missing …: blank is not zero
    raw: str | None = None
    line: int | None = None
    origin: str | None = None  # 第3页 for a PDF
    key: str | None = None


@dataclass
class Answer:
    question: str
    kind: str  # value, several, top, compare, trend, check, failing, calc; or ambiguous, refused,
    # no_data
    text: str  # the answer in one or a few Chinese sentences
    value: Any = None
    rows: list[dict[str, Any]] = field(default_factory=list)  # top, compare, trend
    measure: str | None = None
    definition: str | None = None
    agencies: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    sql: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    candidates: list[str] = field(default_factory=list)  # to choose from when ambiguous
    rephrased: list[str] = field(default_factory=list)  # the question with each candidate
    examples: list[str] = field(default_factory=list)  # questions that do work
    notes: list[str] = field(default_factory=list)
    # what the question was understood to ask, said first ("湘潭县人民政府 · 2025年度 · 表三 …")
    understood: str | None = None

    @property
    def answered(self) -> bool:
        return self.kind in ("value", "several", "top", "compare", "trend", "check", "failing",
                             "calc")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """The answer as a terminal shows it."""
        out = [f"理解为：{self.understood}"] if self.understood else []
        out.append(self.text)
        if self.definition:
            out.append(f"口径：{self.definition}")
        out += [f"注意：{n}" for n in self.notes]
        for row in self.rows:
            out.append("  " + "  ".join(f"{k}={'—' if v is None else v}"
                                        for k, v in row.items()))
        for s in self.sources:
            where = f"第{s.line}行" if s.line else ""
            where += f"（{s.origin}）" if s.origin else ""
            status = f" [{STATUS_ZH.get(s.status, s.status)}]" if s.status else ""
            out.append(f"  来源：{s.agency} {s.year or ''} {s.file or ''} {where} "
                       f"{s.what}：{_shown(s)}{status}")
        if self.candidates:
            out += ["  可选：" + "、".join(self.candidates)]
        if self.examples:
            out += ["可以这样问："] + [f"  {e}" for e in self.examples]
        if self.sql:
            out.append(f"SQL：{' '.join(self.sql.split())}  参数：{self.params}")
        return "\n".join(out)


def _shown(s: Source) -> object:
    """A source's value as printed; a dash where there is none (blank is not zero)."""
    return s.raw if s.raw is not None else "—" if s.value is None else s.value
