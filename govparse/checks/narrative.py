"""Prose against tables (T3-TXT, T4-TXT, T2-TXT) and prose against itself (N-PART).

The figures come from govparse.narrative (spaCy, imported on first use); which cells a
figure of each kind states is data, in text_cells.yml.
"""

from __future__ import annotations

from functools import lru_cache

from govparse.checks.registry import Context, _fmt, _sum, rule
from govparse.data import load
from govparse.model import VALUE, Metric
from govparse.narrative.taxonomy import taxonomy  # figures.yml only: no spaCy
from govparse.words import TABLE_NAMES


@lru_cache(maxsize=1)
def text_cells() -> dict[str, dict[str, dict]]:
    return load(__package__, "text_cells.yml")


def _quote(m: Metric) -> str:
    about = f"（{m.subject}）" if m.subject else ""
    return f"正文第{m.line}行“{m.text}”{about}"


def _inexact(m: Metric) -> bool:
    """约/近/余/超过…: a figure the report itself does not state exactly."""
    return m.qualifier in taxonomy().inexact


def _compare(ctx: Context, metric: Metric, keys: list[str], what: str) -> None:
    if not all(ctx.has(k) for k in keys):
        ctx.not_assessable(f"{_quote(metric)}：报告中没有对应的表格单元格", lines=[metric.line])
        return
    cells = [ctx.cell(k) for k in keys]
    table = cells[0].table
    lines = [metric.line] + [c.line for c in cells if c.line]
    if metric.value is None:
        ctx.not_assessable(f"{_quote(metric)}：数字无法识别，无法核对", cells, lines=lines)
        return
    if table in ctx.broken_tables:
        ctx.not_assessable(f"{_quote(metric)}：表{TABLE_NAMES[table]}结构异常，无法核对", cells,
                           table=table, lines=lines, cause="table_malformed")
        return
    unknown = [c for c in cells if c.status != VALUE]
    if unknown:
        ctx.not_assessable(f"{_quote(metric)}：{what}未印出数值，无法核对", unknown, lines=lines)
        return
    found = _sum(c.value for c in cells)  # type: ignore[misc]
    if found == metric.value:
        ctx.passed()
        return
    shown = "+".join(_fmt(c.value) for c in cells)
    total = f"{shown} = {_fmt(found)}" if len(cells) > 1 else _fmt(found)
    ctx.fail(f"{_quote(metric)}与表{TABLE_NAMES[table]}不符：{what}为 {total}", cells,
             expected=found, found=metric.value, lines=lines)


def _parts(metrics: list[Metric]) -> dict[int, list[Metric]]:
    """The parts of each whole by the whole's index, in the order of the text: one pass,
    where looking for each whole's parts among all figures took the square of their number."""
    parts: dict[int, list[Metric]] = {}
    for m in metrics:
        if m.part_of is not None:
            parts.setdefault(m.part_of, []).append(m)
    return parts


def _check_kinds(ctx: Context) -> None:
    spec = text_cells()[ctx.rule.id]
    metrics = ctx.metrics
    parts = _parts(metrics)
    for i, m in enumerate(metrics):
        kind = spec.get(m.kind or "")
        if kind is None or _inexact(m):
            continue
        whole = metrics[m.part_of] if m.part_of is not None else None
        if whole is not None and whole.kind == m.kind:
            continue  # a part of a figure of the same kind: checked with its whole below
        mine = parts.get(i, [])
        narrowed = next((p for p in mine if p.relation == "part" and any(
            w in (p.subject or "") for w in kind.get("narrowed_by", []))), None)
        figure = narrowed or m
        if _inexact(figure):
            continue
        keys, labels = list(kind["cells"]), [m.kind]
        for aside in mine:
            extra = kind.get("includes", {}).get(aside.kind)
            if extra and not _inexact(aside):
                keys += extra
                labels.append(f"含{aside.kind}")
        _compare(ctx, figure, keys, "、".join(labels))
        for part in mine:
            if part is narrowed or part.kind != m.kind or part.relation != "part" \
                    or _inexact(part):
                continue
            outcome = next((w for w in kind.get("parts", {}) if w in (part.subject or "")), None)
            if outcome is not None:
                _compare(ctx, part, kind["parts"][outcome], f"{m.kind}中“{outcome}”")


@rule("T3-TXT")
def applications_in_text(ctx: Context) -> None:
    _check_kinds(ctx)


@rule("T4-TXT")
def reviews_and_suits_in_text(ctx: Context) -> None:
    _check_kinds(ctx)


@rule("T2-TXT")
def normative_documents_in_text(ctx: Context) -> None:
    _check_kinds(ctx)


@rule("N-PART")
def parts_within_whole(ctx: Context) -> None:
    metrics = ctx.metrics
    parts_of = _parts(metrics)
    for i, whole in enumerate(metrics):
        parts = parts_of.get(i, [])
        if not parts or any(_inexact(m) for m in [whole, *parts]):
            continue  # 共发布信息5000余条，其中…: nothing exact to add up
        unreadable = [m for m in [whole, *parts] if m.value is None]
        if unreadable:
            ctx.not_assessable(f"{_quote(whole)}：{'、'.join(m.text for m in unreadable)} "
                               "数字无法识别，无法核对各部分之和",
                               lines=sorted({m.line for m in [whole, *parts] if m.line}))
            continue
        # Parts that divide the whole's own count (其中部门动态32条，政务公开135条) are summed;
        # asides (包含上年结转5件) and parts of other kinds (其中312件已办结) cut it another
        # way, so each of those is held against the whole alone.
        listed = [p for p in parts if p.relation == "part" and p.kind == whole.kind]
        # The others by the same test: `p not in listed` compared every field of a part
        # with every listed part.
        others = [p for p in parts if not (p.relation == "part" and p.kind == whole.kind)]
        groups = [[p] for p in others] + ([listed] if listed else [])
        for group in groups:
            total = _sum(p.value for p in group)  # type: ignore[misc]
            if total <= whole.value:
                ctx.passed()
                continue
            shown = "+".join(p.text for p in group)
            ctx.fail(f"{_quote(whole)}，其中所列 {shown} 合计 {_fmt(total)}，超过总数",
                     expected=whole.value, found=total,
                     lines=sorted({m.line for m in [whole, *group] if m.line}))
