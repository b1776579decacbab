"""Rules on table 三 (收到和处理政府信息公开申请情况), format-spec §5. The sums are the
form's own (`identities` in govparse/forms/t20xx.yml, which placement solves with too): a rule
here names which one it tests."""

from __future__ import annotations

from govparse.checks.registry import Context, rule
from govparse.forms import Template, load_templates
from govparse.model import VALUE, Report


def key(row: str, col: str) -> str:
    return f"t3.{row}.{col}"


def form_of(report: Report) -> Template:
    """The report's form; the newest when none was detected (the forms share their sums)."""
    templates = load_templates()
    return templates.get(report.template or "") or next(iter(templates.values()))


def row_ids(ctx: Context) -> list[str]:
    """The table's rows in this report's form, in order (R01…R25, T2019 without R22/R23)."""
    return list(dict.fromkeys(k.split(".")[1] for k in ctx.cells if k.startswith("t3.")))


def printed_rows(ctx: Context) -> list[str]:
    """row_ids without the parts of a group the report prints as one row (the template's
    `collapsed` rows, e.g. R21_23 for R21-R23)."""
    rows = row_ids(ctx)
    template = load_templates().get(ctx.report.template or "")
    collapsed = {r.id: r.parts for r in template.t3_collapsed} if template else {}
    parts = {p for r in rows for p in collapsed.get(r, ())}
    return [r for r in rows if r not in parts]


def _column_sum(ctx: Context, rule_id: str) -> None:
    """A sum of rows the form holds in every column (table3_each_column): the printed rows
    among its parts, a group printed as one row (R21_23) standing for its parts."""
    form = form_of(ctx.report)
    spec = next(i for i in form.identities["table3_each_column"] if i["rule"] == rule_id)
    collapsed = {r.id: r.parts for r in form.t3_collapsed}
    parts = set(spec["parts"])
    rows = [r for r in printed_rows(ctx)
            if r in parts or (r in collapsed and set(collapsed[r]) <= parts)]
    for col in form.t3_columns:
        ctx.identity(f"{col.label}列 {spec['name']}", [key(r, col.id) for r in rows],
                     [key(r, col.id) for r in spec["total"]], total_label=spec["total_label"])


@rule("T3-BAL")
def balance(ctx: Context) -> None:
    _column_sum(ctx, "T3-BAL")


@rule("T3-SUM")
def outcome_sum(ctx: Context) -> None:
    _column_sum(ctx, "T3-SUM")


@rule("T3-ROW")
def row_sum(ctx: Context) -> None:
    each = form_of(ctx.report).identities["table3_each_row"]
    for r in printed_rows(ctx):
        row = ctx.cell(key(r, each["parts"][0])).row
        ctx.identity(f"{row} 行", [key(r, c) for c in each["parts"]],
                     [key(r, c) for c in each["total"]])


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
