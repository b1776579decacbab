"""Rules on table 四 (行政复议、行政诉讼情况), format-spec §5. Its sums are the form's own
(`identities: table4` in govparse/forms/t20xx.yml)."""

from __future__ import annotations

from govparse.checks.registry import Context, rule
from govparse.checks.table3 import form_of, whole_non_negative


def _group_sum(ctx: Context, rule_id: str) -> None:
    """A group's results and its 总计, named by the group its total column is under."""
    form = form_of(ctx.report)
    spec = next(i for i in form.identities["table4"] if i["rule"] == rule_id)
    group = next(c.group for c in form.t4_columns if c.id == spec["total"][0])
    ctx.identity(group or "", [f"t4.{k}" for k in spec["parts"]],
                 [f"t4.{k}" for k in spec["total"]])


@rule("T4-REV")
def review_total(ctx: Context) -> None:
    _group_sum(ctx, "T4-REV")


@rule("T4-LD")
def direct_suit_total(ctx: Context) -> None:
    _group_sum(ctx, "T4-LD")


@rule("T4-LR")
def suit_after_review_total(ctx: Context) -> None:
    _group_sum(ctx, "T4-LR")


@rule("T4-DOM")
def domain(ctx: Context) -> None:
    whole_non_negative(ctx, "t4.")


@rule("T4-PLA")
def cases_without_applications(ctx: Context) -> None:
    totals = [f"t4.{k}" for i in form_of(ctx.report).identities["table4"] for k in i["total"]]
    applications = ["t3.R01.C7", "t3.R02.C7"]
    values = [ctx.value(k) for k in totals + applications]
    if any(v is None for v in values):
        unknown = [ctx.cell(k) for k, v in zip(totals + applications, values, strict=True)
                   if v is None]
        ctx.not_assessable("复议、诉讼或申请总数未能读取，无法判断", unknown)
        return
    cases, apps = sum(values[:3]), sum(values[3:])  # type: ignore[arg-type]
    if cases > 0 and apps == 0:
        ctx.fail(f"复议和诉讼共 {cases} 件，而本年新收和上年结转申请均为 0（案件可能来自往年）",
                 [ctx.cell(k) for k in totals + applications], expected=0, found=cases)
    else:
        ctx.passed()
