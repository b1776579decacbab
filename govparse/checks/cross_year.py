"""Rules across consecutive reports of one agency (year N against year N−1)."""

from __future__ import annotations

from govparse.checks.registry import CellRef, Context, rule
from govparse.checks.table3 import COLUMN_ZH, COLUMNS
from govparse.model import VALUE, Cell, Report


def needed_across_years(key: str) -> bool:
    """Whether a cell is read by the rules below (a batch keeps only these for every report)."""
    return key.startswith("t2.") or key.startswith(("t3.R02.", "t3.R25."))


class YearPair(Context):
    """A Context on year N that can also read the previous year's report."""

    def __init__(self, report: Report, previous: Report, rule_) -> None:
        super().__init__(report, rule_)
        self.previous = previous
        self.previous_cells = {c.key: c for c in previous.cells}

    def compare(self, what: str, now: list[tuple[Cell, int]], before: list[tuple[Cell, int]]
                ) -> None:
        """sum(sign * now) == sum(sign * before), each side a list of (cell, sign)."""
        cells = [c for c, _ in now + before]
        if any(c.status != VALUE for c in cells):
            self._record("not_assessable", f"{what}：有数值未能读取，无法比对", now, before)
            return
        found = sum(s * c.value for c, s in now)  # type: ignore[misc]
        expected = sum(s * c.value for c, s in before)  # type: ignore[misc]
        if found == expected:
            self.passed()
        else:
            self._record("fail", f"{what}：按{self.previous.year}年报告应为 {expected:g}，"
                         f"{self.report.year}年报告为 {found:g}", now, before, expected, found)

    def _record(self, outcome, message, now, before, expected=None, found=None) -> None:
        if outcome == "fail":
            self.fail(message, [c for c, _ in now], expected=expected, found=found)
        else:
            self.not_assessable(message, [c for c, _ in now])
        finding = self.findings[-1]
        finding.cells = ([CellRef.of(c, self.report) for c, _ in now]
                         + [CellRef.of(c, self.previous) for c, _ in before])


@rule("T3-XY")
def carried_over(ctx: YearPair) -> None:
    for c in COLUMNS:
        ctx.compare(f"{COLUMN_ZH[c]}列 上年结转 与上年报告的结转下年度",
                    [(ctx.cell(f"t3.R02.{c}"), 1)], [(ctx.previous_cells[f"t3.R25.{c}"], 1)])


@rule("T2-XY")
def documents_in_force(ctx: YearPair) -> None:
    for row in ("rules", "normative"):
        ctx.compare(f"{ctx.cell(f't2.{row}.in_force').row} 现行有效件数",
                    [(ctx.cell(f"t2.{row}.in_force"), 1), (ctx.cell(f"t2.{row}.issued"), -1),
                     (ctx.cell(f"t2.{row}.repealed"), 1)],
                    [(ctx.previous_cells[f"t2.{row}.in_force"], 1)])


@rule("T2b-XY")
def previous_items(ctx: YearPair) -> None:
    for row in ("licensing", "other_services", "punishment", "coercion", "fees"):
        ctx.compare(f"{ctx.cell(f't2.{row}.prev_items').row} 上一年项目数量",
                    [(ctx.cell(f"t2.{row}.prev_items"), 1)],
                    [(ctx.previous_cells[f"t2.{row}.prev_items"], 1),
                     (ctx.previous_cells[f"t2.{row}.change"], 1)])
