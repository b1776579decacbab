"""Rules on table 三 (收到和处理政府信息公开申请情况), format-spec §5."""

from __future__ import annotations

from govparse.checks.registry import Context, rule
from govparse.forms import load_templates
from govparse.model import VALUE

COLUMNS = [f"C{i}" for i in range(1, 8)]
COLUMN_ZH = {"C1": "自然人", "C2": "商业企业", "C3": "科研机构", "C4": "社会公益组织",
             "C5": "法律服务机构", "C6": "其他", "C7": "总计"}


def key(row: str, col: str) -> str:
    return f"t3.{row}.{col}"


def row_ids(ctx: Context) -> list[str]:
    """The table's rows in this report's form, in order (R01…R25, T2019 without R22/R23)."""
    return list(dict.fromkeys(k.split(".")[1] for k in ctx.cells if k.startswith("t3.")))


def outcome_rows(ctx: Context) -> list[str]:
    """（一）…（六）: the rows whose sum is （七）总计. A group printed as one row (R21_23)
    stands for its parts, which that report does not itemise."""
    return [r for r in printed_rows(ctx) if "R03" <= r <= "R23"]


def printed_rows(ctx: Context) -> list[str]:
    """row_ids without the parts of a group the report prints as one row (the template's
    `collapsed` rows, e.g. R21_23 for R21-R23)."""
    rows = row_ids(ctx)
    template = load_templates().get(ctx.report.template or "")
    collapsed = {r.id: r.parts for r in template.t3_collapsed} if template else {}
    parts = {p for r in rows for p in collapsed.get(r, ())}
    return [r for r in rows if r not in parts]


@rule("T3-BAL")
def balance(ctx: Context) -> None:
    for c in COLUMNS:
        ctx.identity(f"{COLUMN_ZH[c]}列 本年新收+上年结转 与 办理结果总计+结转下年度",
                     [key("R01", c), key("R02", c)], [key("R24", c), key("R25", c)],
                     total_label="办理结果总计+结转下年度")


@rule("T3-SUM")
def outcome_sum(ctx: Context) -> None:
    rows = outcome_rows(ctx)
    for c in COLUMNS:
        ctx.identity(f"{COLUMN_ZH[c]}列 （一）至（六）之和", [key(r, c) for r in rows],
                     [key("R24", c)], total_label="（七）总计")


@rule("T3-ROW")
def row_sum(ctx: Context) -> None:
    for r in printed_rows(ctx):
        row = ctx.cell(key(r, "C1")).row
        ctx.identity(f"{row} 行", [key(r, c) for c in COLUMNS[:6]], [key(r, "C7")])


def whole_non_negative(ctx: Context, prefix: str) -> None:
    values = [c for c in ctx.report.cells if c.key.startswith(prefix) and c.status == VALUE]
    if not values:  # blank, unreadable or missing cells have no domain to be outside of
        table = int(prefix[1])
        ctx.not_assessable("表中没有可读取的数值", table=table,
                           cause="table_malformed" if table in ctx.broken_tables else None)
    for cell in values:
        if cell.value < 0 or cell.value != int(cell.value):  # type: ignore[operator]
            ctx.fail(f"{cell.row or ''}/{cell.col}：{cell.raw} 不是非负整数", [cell],
                     found=cell.value)
        else:
            ctx.passed()


@rule("T3-DOM")
def domain(ctx: Context) -> None:
    whole_non_negative(ctx, "t3.")
