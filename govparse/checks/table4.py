"""Rules on table 四 (行政复议、行政诉讼情况), format-spec §5."""

from __future__ import annotations

from govparse.checks.registry import Context, rule
from govparse.checks.table3 import whole_non_negative

PARTS = ["upheld", "corrected", "other", "pending"]
GROUPS = {"review": "行政复议", "suit_direct": "行政诉讼/未经复议直接起诉",
          "suit_after_review": "行政诉讼/复议后起诉"}


def _group_identity(ctx: Context, group: str) -> None:
    ctx.identity(GROUPS[group], [f"t4.{group}.{p}" for p in PARTS], [f"t4.{group}.total"])


@rule("T4-REV")
def review_total(ctx: Context) -> None:
    _group_identity(ctx, "review")


@rule("T4-LD")
def direct_suit_total(ctx: Context) -> None:
    _group_identity(ctx, "suit_direct")


@rule("T4-LR")
def suit_after_review_total(ctx: Context) -> None:
    _group_identity(ctx, "suit_after_review")


@rule("T4-DOM")
def domain(ctx: Context) -> None:
    whole_non_negative(ctx, "t4.")


@rule("T4-PLA")
def cases_without_applications(ctx: Context) -> None:
    totals = [f"t4.{g}.total" for g in GROUPS]
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
