"""Rules across reports of one agency: year N against year N−1 (scope `corpus`), or
against the agency's nearest earlier report (scope `nearest`)."""

from __future__ import annotations

from govparse.checks.registry import CellRef, Context, rule
from govparse.checks.table3 import form_of
from govparse.model import VALUE, Cell, Report


def needed_across_years(key: str) -> bool:
    """Whether a cell is read by the rules below (a batch keeps only these for every report)."""
    return key.startswith("t2.") or key.startswith(("t3.R02.", "t3.R25.")) or _headline(key)


def _headline(key: str) -> bool:
    """A count XY-JUMP follows: a row's 总计 in table 三, a group's 总计 in table 四 (and
    table 二's counts, kept for the rules above)."""
    return (key.startswith("t3.") and key.endswith(".C7")) or \
        (key.startswith("t4.") and key.endswith(".total"))


def _followed(cell: Cell) -> bool:
    return _headline(cell.key) or (cell.table == 2 and cell.unit in ("件", "项", "个"))


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
            self.record("not_assessable", f"{what}：有数值未能读取，无法比对", now, before)
            return
        found = sum(s * c.value for c, s in now)  # type: ignore[misc]
        expected = sum(s * c.value for c, s in before)  # type: ignore[misc]
        if found == expected:
            self.passed()
        else:
            self.record("fail", f"{what}：按{self.previous.year}年报告应为 {expected:g}，"
                         f"{self.report.year}年报告为 {found:g}", now, before, expected, found)

    def record(self, outcome, message, now, before, expected=None, found=None) -> None:
        if outcome == "fail":
            self.fail(message, [c for c, _ in now], expected=expected, found=found)
        else:
            self.not_assessable(message, [c for c, _ in now])
        finding = self.findings[-1]
        finding.cells = ([CellRef.of(c, self.report) for c, _ in now]
                         + [CellRef.of(c, self.previous) for c, _ in before])


@rule("T3-XY")
def carried_over(ctx: YearPair) -> None:
    for col in form_of(ctx.report).t3_columns:
        ctx.compare(f"{col.label}列 上年结转 与上年报告的结转下年度",
                    [(ctx.cell(f"t3.R02.{col.id}"), 1)],
                    [(ctx.previous_cells[f"t3.R25.{col.id}"], 1)])


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


@rule("XY-JUMP")
def implausible_change(ctx: YearPair) -> None:
    factor, least = ctx.rule.params["factor"], ctx.rule.params["at_least"]
    for cell in ctx.report.cells:
        before = ctx.previous_cells.get(cell.key)
        if not _followed(cell) or before is None:
            continue
        if cell.status != VALUE or before.status != VALUE:
            ctx.record("not_assessable", f"{_named(cell)}：本年或{ctx.previous.year}年未能读出"
                        "数值，无法比较", [(cell, 1)], [(before, 1)])
            continue
        big, small = max(cell.value, before.value), min(cell.value, before.value)
        if big >= least and big >= factor * max(small, 1):
            rose = cell.value > before.value
            times = (f"为原来的 {big / small:.1f} 倍" if rose else f"为原来的 1/{big / small:.1f}"
                     ) if small else ("原为 0" if rose else "降为 0")
            ctx.record("fail", f"{_named(cell)}：由{ctx.previous.year}年的 {before.value:g}"
                        f" 变为{ctx.report.year}年的 {cell.value:g}（{times}），请核对",
                        [(cell, 1)], [(before, 1)], before.value, cell.value)
        else:
            ctx.passed()


def _named(cell: Cell) -> str:
    where = f"{cell.row}/{cell.col}" if cell.row else cell.col
    return f"表{'二三四'[cell.table - 2]}“{where}”"
