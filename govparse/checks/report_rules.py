"""Rules on the report as a whole: structure, form, year and the 信息处理费 statement."""

from __future__ import annotations

import re
from collections import Counter

from govparse.checks.fees import fee_statement
from govparse.checks.registry import STRUCTURAL, Context, _fmt, rule
from govparse.data import load
from govparse.forms import SECTION_NUMERALS, template_for_year
from govparse.report.metadata import from_title
from govparse.words import TABLE_NAMES

# The parse warnings a structure finding quotes, in words (the codes stay in parse_warnings).
_WARNING_ZH: dict[str, str] = load(__package__, "warning_codes.yml")
_PERIOD = re.compile(r"统计期限为\s*(\d{4})\s*年")
_YEAR = re.compile(r"(20\d{2})\s*年")


@rule("X-STR")
def structure(ctx: Context) -> None:
    present = [s.number for s in ctx.report.sections]
    missing = [SECTION_NUMERALS[n - 1] for n in range(1, 7) if n not in present]
    if missing:
        ctx.fail(f"缺少第{'、'.join(missing)}部分", expected=6, found=len(present),
                 lines=[w.line for w in ctx.report.warnings
                        if w.code == "section_missing" and w.line], cause="structure")
    else:
        ctx.passed()
    for w in ctx.report.warnings:
        if w.code == "table_elsewhere":  # read where it stood: the outline is the finding
            ctx.fail(w.message.split("：")[0] + "（报告的提纲与规定格式不符）", table=w.table,
                     lines=[w.line] if w.line else None, cause="structure")
        if w.code == "cell_inferred":  # a cell printed apart from its row (see tables)
            cell = ctx.cell(w.cell)
            ctx.inferred(f"表{TABLE_NAMES[w.table]} {cell.row}/{cell.col}：可能为 "
                         f"{_fmt(cell.candidates[0])}（该数字与所在行分开印出，附注写明其列；"
                         "推算值，不作为报告数据）", [cell], cell.candidates[0],
                         lines=[w.line] if w.line else None)
    for table in (2, 3, 4):
        problems = [w for w in ctx.report.warnings if w.table == table and w.code in STRUCTURAL]
        unplaced = [c for c in ctx.report.cells if c.table == table
                    and c.status in ("unreadable", "missing")]
        if not problems or not unplaced:  # a header that did not spell the columns, say,
            ctx.passed()  # when the form's order and arithmetic placed every number
            continue
        codes = "、".join(dict.fromkeys(_WARNING_ZH.get(w.code, w.code) for w in problems))
        ctx.fail(f"表{TABLE_NAMES[table]}结构不完整：{len(unplaced)} 个单元格无法确定所在列或缺失"
                 f"（解析警告：{codes}）", table=table, expected=0, found=len(unplaced),
                 lines=sorted({w.line for w in problems if w.line}), cause="structure")


@rule("X-TPL")
def form_matches_year(ctx: Context) -> None:
    expected = template_for_year(ctx.report.year)
    if expected is None:
        ctx.not_assessable("报告年度未知，无法判断应使用的格式")
    elif expected.id != ctx.report.template:
        ctx.fail(f"{ctx.report.year}年度报告应使用{expected.id}年格式（{expected.name}），"
                 f"实际使用{ctx.report.template}年格式", expected=int(expected.id),
                 found=int(ctx.report.template or 0))
    else:
        ctx.passed()


@rule("X-YR")
def years_agree(ctx: Context) -> None:
    report = ctx.report
    years: dict[str, int] = {}
    title_year = from_title(report.title)[1]
    if title_year:
        years["标题"] = title_year
    elif report.year:  # no title: the year the manifest or the caller gives
        years["报告年度"] = report.year
    one = report.section(1)
    for text in (report.preamble or "", one.text if one else ""):
        m = _PERIOD.search(text)
        if m and "统计期限" not in years:
            years["统计期限"] = int(m.group(1))
    if one is not None:
        counted = Counter(int(y) for y in _YEAR.findall(_PERIOD.sub("", one.text)))
        if counted:
            years["正文"] = counted.most_common(1)[0][0]
    if len(years) < 2:
        ctx.not_assessable(f"只找到{'、'.join(years) or '零'}处年度，无法比对")
    elif len(set(years.values())) > 1:
        shown = "，".join(f"{k} {v}" for k, v in years.items())
        ctx.fail(f"年度不一致：{shown}", expected=title_year, found=years.get("正文"))
    else:
        ctx.passed()


def _applications(ctx: Context) -> int | None:
    values = [ctx.value("t3.R01.C7"), ctx.value("t3.R02.C7")]
    return None if None in values else sum(values)  # type: ignore[arg-type]


@rule("X-FEE2")
def fee_needs_applications(ctx: Context) -> None:
    fee = fee_statement(ctx.report)
    if fee.collected is None:
        ctx.not_assessable("第六部分未说明信息处理费，无法判断")
    elif not fee.collected:
        ctx.passed()
    elif (apps := _applications(ctx)) is None:
        ctx.not_assessable("申请总数未能读取，无法判断", [ctx.cell("t3.R01.C7")])
    elif apps == 0:
        ctx.fail(f"第六部分称收取信息处理费 {fee.amount:g}{fee.unit}，但本年没有任何申请",
                 [ctx.cell("t3.R01.C7"), ctx.cell("t3.R02.C7")], found=fee.amount,
                 lines=[fee.line] if fee.line else None)
    else:
        ctx.passed()


@rule("X-FEE3")
def unpaid_fee_notices(ctx: Context) -> None:
    dropped = ctx.value("t3.R22.C7")
    if dropped is None:
        ctx.not_assessable("“逾期未按收费通知要求缴纳费用”一行未能读取", [ctx.cell("t3.R22.C7")])
        return
    fee = fee_statement(ctx.report)
    if dropped > 0 and not fee.collected:
        said = f"却称“{fee.text}”" if fee.text else "却未说明收费情况"
        ctx.fail(f"有 {dropped} 件申请因逾期未缴纳信息处理费而不再处理，说明发出过收费通知；"
                 f"第六部分{said}（仅当无人缴费时才成立）", [ctx.cell("t3.R22.C7")],
                 found=dropped, lines=[ctx.cell("t3.R22.C7").line, *([fee.line] if fee.line
                                                                      else [])])
    else:
        ctx.passed()


@rule("X-FEE4")
def fee_is_stated(ctx: Context) -> None:
    six = ctx.report.section(6)
    if six is None:
        ctx.not_assessable("报告没有第六部分（见 X-STR）")
    elif fee_statement(ctx.report).collected is None:
        ctx.fail("第六部分未说明信息处理费的收取情况（金额或未收取）", lines=[six.first_line])
    else:
        ctx.passed()
