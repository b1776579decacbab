"""Rules on table 二 (主动公开政府信息情况) of both forms, format-spec §5."""

from __future__ import annotations

from govparse.checks.registry import Context, rule
from govparse.model import VALUE

# Above this many 万元 (10 billion yuan) a fee amount is almost surely in 元.
_IMPLAUSIBLE_WAN = 1_000_000


def _cells(ctx: Context, *suffixes: str):
    return [c for c in ctx.report.cells if c.table == 2 and c.status == VALUE
            and c.key.endswith(suffixes)]


def _at_least(ctx: Context, bigger: str, parts: list[tuple[str, int]], what: str) -> None:
    """ctx.value(bigger) >= sum(sign * value(key)) for (key, sign) in parts."""
    keys = [bigger] + [k for k, _ in parts]
    cells = [ctx.cell(k) for k in keys]
    if any(c.status != VALUE for c in cells):
        ctx.not_assessable(f"{what}：有数值未能读取，无法核对",
                           [c for c in cells if c.status != VALUE])
        return
    floor = sum(sign * ctx.value(k) for k, sign in parts)  # type: ignore[operator]
    if ctx.value(bigger) < floor:  # type: ignore[operator]
        ctx.fail(f"{what}：{cells[0].col} {cells[0].raw} 小于 {floor}", cells,
                 expected=floor, found=ctx.value(bigger))
    else:
        ctx.passed()


def _nothing_readable(ctx: Context) -> bool:
    if any(c.table == 2 and c.status == VALUE for c in ctx.report.cells):
        return False
    ctx.not_assessable("表二中没有可读取的数值", table=2)
    return True


@rule("T2-DOM")
def domain_2021(ctx: Context) -> None:
    if _nothing_readable(ctx):
        return
    for cell in _cells(ctx, ".issued", ".repealed", ".in_force", ".decisions"):
        if cell.value < 0 or cell.value != int(cell.value):  # type: ignore[operator]
            ctx.fail(f"{cell.row}/{cell.col}：{cell.raw} 不是非负整数", [cell], found=cell.value)
        else:
            ctx.passed()
    for cell in _cells(ctx, "fees.amount"):
        if cell.value < 0:  # type: ignore[operator]
            ctx.fail(f"{cell.row}：收费金额 {cell.raw} 为负数", [cell], found=cell.value)
        elif cell.unit != "万元" or cell.value > _IMPLAUSIBLE_WAN:  # type: ignore[operator]
            ctx.fail(f"{cell.row}：收费金额 {cell.raw} 疑似单位有误（表格单位为万元）", [cell],
                     found=cell.value, severity="info")
        else:
            ctx.passed()


@rule("T2-VAL")
def in_force_2021(ctx: Context) -> None:
    for row in ("rules", "normative"):
        _at_least(ctx, f"t2.{row}.in_force",
                  [(f"t2.{row}.issued", 1), (f"t2.{row}.repealed", -1)],
                  f"{ctx.cell(f't2.{row}.in_force').row} 现行有效件数 ≥ 本年制发 − 本年废止")


@rule("T2b-DOM")
def domain_2019(ctx: Context) -> None:
    if _nothing_readable(ctx):
        return
    for cell in _cells(ctx, ".new_made", ".new_published", ".total_published", ".prev_items",
                       ".decisions", ".items", ".amount"):
        if cell.value < 0:  # type: ignore[operator]
            ctx.fail(f"{cell.row}/{cell.col}：{cell.raw} 为负数", [cell], found=cell.value)
        else:
            ctx.passed()


@rule("T2b-PUB")
def published_2019(ctx: Context) -> None:
    for row in ("rules", "normative"):
        _at_least(ctx, f"t2.{row}.total_published", [(f"t2.{row}.new_published", 1)],
                  f"{ctx.cell(f't2.{row}.total_published').row} 对外公开总数量 ≥ 本年新公开数量")


@rule("T2b-MIS")
def decisions_look_like_items(ctx: Context) -> None:
    for row in ("licensing", "other_services", "punishment", "coercion"):
        keys = [f"t2.{row}.prev_items", f"t2.{row}.change", f"t2.{row}.decisions"]
        prev, change, decisions = (ctx.value(k) for k in keys)
        if None in (prev, change, decisions):
            ctx.not_assessable("有数值未能读取，无法判断", [ctx.cell(k) for k in keys
                                                      if ctx.value(k) is None])
        elif prev + change > 0 and decisions == prev + change:  # type: ignore[operator]
            ctx.fail(f"{ctx.cell(keys[2]).row}：处理决定数量 {decisions} 恰好等于上一年项目数量 "
                     f"{prev} 加本年增减 {change}，疑似填入了事项数量",
                     [ctx.cell(k) for k in keys], expected=None, found=decisions)
        else:
            ctx.passed()
