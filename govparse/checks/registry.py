"""The rule registry: rule metadata from rules.yml, logic from functions decorated @rule.

A rule function receives a Context and reports each instance it checks through it
(`ctx.passed()`, `ctx.identity(...)`, `ctx.fail(...)`, `ctx.not_assessable(...)`), so the
outcome of every rule is known, while only failures, not-assessable results and inferred
values become findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from govparse.data import load
from govparse.model import BLANK, UNREADABLE, VALUE, Cell, Metric, Report
from govparse.words import TABLE_NAMES, words

SEVERITY = {"STRICT": "error", "NEAR": "warning", "SOFT": "info"}
FAIL, NOT_ASSESSABLE, INFERRED, PASS, NOT_APPLICABLE = (
    "fail", "not_assessable", "inferred", "pass", "not_applicable")
# Causes of findings about the report's structure as we could read it (a table we could not
# read, a heading we did not find), never about the agency's numbers: they are kept apart
# from the STRICT failures everywhere (strict_failures, the site, the question box).
STRUCTURE_CAUSES = frozenset({"structure", "table_malformed"})
# Parser warnings that mean a table's layout, not its numbers, is broken.
STRUCTURAL = {"table_malformed", "row_unreadable", "table_missing", "header_unknown",
              "row_missing", "extra_rows", "row_ambiguous"}


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    applies: str
    scope: str  # report; corpus: against the year before; nearest: the nearest earlier
    zh: str
    en: str
    params: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def severity(self) -> str:
        return SEVERITY[self.level]

    def applies_to(self, template: str | None) -> bool:
        return self.applies == "both" or self.applies == template


@dataclass
class CellRef:
    """A cell a finding rests on, with enough to find it in the report."""

    key: str
    row: str | None
    col: str
    value: int | float | None
    status: str
    line: int | None
    report: str | None = None  # sha256, for cross-year findings that cite two reports
    year: int | None = None

    @classmethod
    def of(cls, cell: Cell, report: Report | None = None) -> CellRef:
        return cls(cell.key, cell.row, cell.col, cell.value, cell.status, cell.line,
                   report.sha256 if report else None, report.year if report else None)


@dataclass
class Finding:
    rule: str
    level: str
    severity: str
    outcome: str  # fail | not_assessable | inferred
    message: str
    cells: list[CellRef] = field(default_factory=list)
    expected: int | float | None = None
    found: int | float | None = None
    lines: list[int] = field(default_factory=list)
    table: int | None = None
    inferred_value: int | None = None
    cause: str | None = None  # "table_malformed" when the layout, not the numbers, failed


RuleFunction = Callable[["Context"], None]
FUNCTIONS: dict[str, RuleFunction] = {}


def rule(rule_id: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(fn: RuleFunction) -> RuleFunction:
        FUNCTIONS[rule_id] = fn
        return fn
    return register


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    data = load(__package__, "rules.yml")
    return {rid: Rule(rid, d["level"], str(d["applies"]), d.get("scope", "report"), d["zh"],
                      d["en"], d.get("params") or {}) for rid, d in data.items()}


def _sum(values: Iterable[int | float]) -> int | float:
    total = sum(values)
    return round(total, 6) if isinstance(total, float) else total


@dataclass(frozen=True)
class ReportIndex:
    """What every rule looks up in a report, built once per report, not once per rule."""

    cells: dict[str, Cell]
    broken_tables: frozenset[int]

    @classmethod
    def of(cls, report: Report) -> ReportIndex:
        # Only a table whose header contradicts the form may have numbers in the wrong
        # columns; any other cell is placed with certainty or is unreadable
        # (govparse.cells.placement), so the identities over the cells read can be checked.
        return cls({c.key: c for c in report.cells},
                   frozenset(w.table for w in report.warnings
                             if w.code == "table_malformed" and w.table))


class Context:
    """What one rule sees of one report, and where it records its outcomes."""

    def __init__(self, report: Report, rule: Rule, index: ReportIndex | None = None) -> None:
        self.report = report
        self.rule = rule
        index = index or ReportIndex.of(report)
        self.cells = index.cells
        self.broken_tables = index.broken_tables
        self.outcomes: list[str] = []
        self.findings: list[Finding] = []

    @property
    def metrics(self) -> list[Metric]:
        """The figures of the report's prose (spaCy is imported on first use)."""
        from govparse.narrative import metrics_of

        return metrics_of(self.report)

    def has(self, key: str) -> bool:
        return key in self.cells

    def cell(self, key: str) -> Cell:
        return self.cells[key]

    def value(self, key: str) -> int | float | None:
        cell = self.cells.get(key)
        return cell.value if cell is not None and cell.status == VALUE else None

    # outcomes
    def passed(self) -> None:
        self.outcomes.append(PASS)

    def fail(self, message: str, cells: list[Cell] = (), *, expected=None, found=None,
             severity: str | None = None, table: int | None = None,
             lines: list[int] | None = None, cause: str | None = None) -> None:
        self._add(FAIL, message, cells, expected, found, severity or self.rule.severity,
                  table, lines, cause=cause)

    def not_assessable(self, message: str, cells: list[Cell] = (), *,
                       table: int | None = None, lines: list[int] | None = None,
                       cause: str | None = None) -> None:
        self._add(NOT_ASSESSABLE, message, cells, None, None, "info", table, lines,
                  cause=cause)

    def inferred(self, message: str, cells: list[Cell], value: int | float,
                 lines: list[int] | None = None) -> None:
        """A likely value that was not printed unambiguously: a finding, never a value."""
        self._add(INFERRED, message, cells, None, None, "info", None, lines, value)

    def _add(self, outcome, message, cells, expected, found, severity, table, lines,
             inferred=None, cause=None) -> None:
        self.outcomes.append(outcome)
        refs = [CellRef.of(c) for c in cells]
        self.findings.append(Finding(
            self.rule.id, self.rule.level, severity, outcome, message, refs, expected, found,
            lines if lines is not None else sorted({r.line for r in refs if r.line}),
            table if table is not None else (cells[0].table if cells else None), inferred,
            cause))

    def identity(self, what: str, parts: list[str], totals: list[str],
                 total_label: str = "总计") -> None:
        """Check sum(parts) == sum(totals); infer a single blank operand of a STRICT rule."""
        part_cells = [self.cells[k] for k in parts]
        total_cells = [self.cells[k] for k in totals]
        cells = part_cells + total_cells
        unknown = [c for c in cells if c.status != VALUE]
        table = cells[0].table
        if table in self.broken_tables:  # its numbers may sit in the wrong columns
            self.not_assessable(f"表{TABLE_NAMES[table]}结构异常，无法核对", unknown or cells,
                                table=table, cause="table_malformed")
            return
        if not unknown:
            expected = _sum(c.value for c in part_cells)  # type: ignore[misc]
            found = _sum(c.value for c in total_cells)  # type: ignore[misc]
            if expected == found:
                self.passed()
            else:
                shown = "+".join(_fmt(c.value) for c in part_cells)
                self.fail(f"{what}：{shown} = {_fmt(expected)}，但{total_label}为 {_fmt(found)}",
                          cells, expected=expected, found=found)
            return
        names = "、".join(f"{c.row or ''}/{c.col}（{_STATUS_ZH[c.status]}）" for c in unknown)
        if (len(unknown) == 1 and unknown[0].status in (BLANK, UNREADABLE)
                and self.rule.level == "STRICT"):
            implied = self._implied(unknown[0], part_cells, total_cells)
            if implied is not None:
                self._add(INFERRED, f"{what}：{names} 未印出数值；按本规则推算应为 "
                          f"{implied}（推算值，不作为报告数据）", cells, None, None, "info",
                          table, None, implied)
                return
        self.not_assessable(f"{what}：{names}，无法核对", unknown)

    @staticmethod
    def _implied(missing: Cell, parts: list[Cell], totals: list[Cell]) -> int | None:
        known_parts = _sum(c.value for c in parts if c is not missing)  # type: ignore[misc]
        known_totals = _sum(c.value for c in totals if c is not missing)  # type: ignore[misc]
        implied = (known_totals - known_parts) if missing in parts else (known_parts - known_totals)
        if implied < 0 or implied != int(implied):
            return None  # no whole, non-negative number makes the identity hold
        return int(implied)


_STATUS_ZH = words("status")


def _fmt(value: int | float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def collapse_broken(findings: list[Finding]) -> list[Finding]:
    """One not-assessable finding per rule and broken table instead of one per instance."""
    out: list[Finding] = []
    seen: dict[tuple[str, int | None], Finding] = {}
    for f in findings:
        if f.cause != "table_malformed":
            out.append(f)
            continue
        key = (f.rule, f.table)
        if key in seen:
            seen[key].cells += f.cells
            seen[key].lines = sorted(set(seen[key].lines) | set(f.lines))
            continue
        seen[key] = f
        out.append(f)
    return out
