"""A batch comparison of two years for a region or a list of agencies, in Chinese: who did
not publish, what rose and fell most, whose numbers do not add up, who copied text, which
counts changed tenfold. Each line links to its evidence. `govparse compare` prints it;
/-/compare shows it (publish/site)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from urllib.parse import quote

from govparse.checks.registry import STRUCTURE_CAUSES

# The counts compared, as a journalist names them.
HEADLINES = {"t3.R01.C7": "本年新收申请", "t4.review.total": "行政复议",
             "t4.suit_direct.total": "未经复议直接起诉", "t4.suit_after_review.total": "复议后起诉"}
# Text that repeats this much of the earlier report, or of others' of the year, is told.
COPIED_EARLIER, COPIED_OTHERS = 0.5, 0.3
TOP = 5  # rises and falls told per count


@dataclass
class Line:
    text: str
    link: str | None = None  # a path on the site: /-/report/…


@dataclass
class Part:
    title: str
    lines: list[Line] = field(default_factory=list)
    empty: str = "无"


@dataclass
class Comparison:
    scope: str
    years: tuple[int, int]
    agencies: int
    parts: list[Part]


def _marks(values) -> str:
    """Placeholders for `in (…)` of `values` (an empty list matches nothing)."""
    return ", ".join("?" * len(values)) or "null"


def _agency_link(name: str) -> str:
    return "/-/agency/" + quote(name, safe="")


def _scope(conn: sqlite3.Connection, region: str | None, agencies: list[str] | None
           ) -> tuple[str, list[str]]:
    if agencies:
        found = [r[0] for r in conn.execute(
            f"select name from agencies where name in ({_marks(agencies)}) "
            "order by name", agencies)]
        return "、".join(agencies[:3]) + ("等" if len(agencies) > 3 else ""), found
    names = [r[0] for r in conn.execute(
        "select name from agencies where province = :r or city = :r or county = :r "
        "order by name", {"r": region})]
    return region or "", names


def compare(conn: sqlite3.Connection, years: tuple[int, int], *, region: str | None = None,
            agencies: list[str] | None = None) -> Comparison:
    """The comparison of `years` (earlier, later) for a region's agencies or the ones named."""
    early, late = sorted(years)
    scope, names = _scope(conn, region, agencies)
    reports = {(a, y): sha for sha, a, y in conn.execute(
        f"select sha256, agency, year from reports where agency in ({_marks(names)}) "
        f"and year in (?, ?)", [*names, early, late])}
    later = [reports[(a, late)] for a in names if (a, late) in reports]
    parts = [_published(names, reports, early, late), _moved(conn, names, reports, early, late),
             _failing(conn, later, reports), _copied(conn, later), _jumps(conn, later)]
    return Comparison(scope, (early, late), len(names), parts)


def _published(names, reports, early, late) -> Part:
    part = Part(f"{late}年未见报告（{early}年发布过）")
    for a in names:
        if (a, early) in reports and (a, late) not in reports:
            part.lines.append(Line(f"{a}：{early}年有报告，{late}年未见", _agency_link(a)))
    both = sum((a, early) in reports and (a, late) in reports for a in names)
    part.title += f"；两年都有报告的机关 {both} 个"
    part.empty = f"{early}年发布过报告的机关，{late}年都有报告"
    return part


def _moved(conn, names, reports, early, late) -> Part:
    part = Part(f"{early}年至{late}年变化最大")
    pairs = [(a, reports[(a, early)], reports[(a, late)]) for a in names
             if (a, early) in reports and (a, late) in reports]
    shas = [sha for _, before, now in pairs for sha in (before, now)]
    # `+status`: by the cells' key (report, key), not the index of every printed cell, which
    # SQLite would otherwise walk (0.5 s on 10,000 reports).
    values = {(sha, key): value for sha, key, value in conn.execute(
        f"select report, key, value from cells where +status = 'value' and key in "
        f"({_marks(HEADLINES)}) and report in ({_marks(shas)})", [*HEADLINES, *shas])}
    for key, label in HEADLINES.items():
        moved = []
        for a, before, now in pairs:
            v0, v1 = values.get((before, key)), values.get((now, key))
            if v0 is not None and v1 is not None and v0 != v1:
                moved.append((v1 - v0, a, v0, v1, now))
        moved.sort(key=lambda m: (-abs(m[0]), m[1]))
        for change, a, v0, v1, sha in moved[:TOP]:
            way = "增至" if change > 0 else "降至"
            part.lines.append(Line(f"{a}：{label}由 {v0:g} 件{way} {v1:g} 件（{change:+g}）",
                                   f"/-/report/{sha}/cell/{key}"))
    part.empty = "两年都有报告的机关中，主要件数没有变化"
    return part


def _failing(conn, later: list[str], reports) -> Part:
    part = Part("数字对不上（本机关的数字不符合表格的勾稽关系，解析问题不计）")
    agency_of = {sha: a for (a, _), sha in reports.items()}
    causes = ", ".join(f"'{c}'" for c in sorted(STRUCTURE_CAUSES))
    for sha, n, message in conn.execute(
            f"select report, n, message from findings where report in ({_marks(later)}) "
            f"and +level = 'STRICT' and +outcome = 'fail' "  # by report, as above
            f"and coalesce(cause, '') not in ({causes}) order by report, n", later):
        part.lines.append(Line(f"{agency_of[sha]}：{message}", f"/-/report/{sha}#finding-{n}"))
    part.empty = "都符合"
    return part


def _copied(conn, later: list[str]) -> Part:
    part = Part(f"文字重复（与本机关以前的报告相同 {COPIED_EARLIER:.0%} 以上，"
                f"或与同年其他机关相同 {COPIED_OTHERS:.0%} 以上）")
    for sha, agency, earlier, year, others, other in conn.execute(
            f"select report, agency, earlier_share, earlier_year, same_year_share, "
            f"same_year_agency from text_reuse where report in ({_marks(later)}) and "
            f"(earlier_share >= ? or same_year_share >= ?) order by agency",
            [*later, COPIED_EARLIER, COPIED_OTHERS]):
        said = []
        if earlier and earlier >= COPIED_EARLIER:
            said.append(f"{earlier:.0%} 与本机关{year}年的报告相同")
        if others and others >= COPIED_OTHERS:
            said.append(f"{others:.0%} 与同年{other}等的报告相同")
        part.lines.append(Line(f"{agency}：正文{'，'.join(said)}", f"/-/report/{sha}#reuse"))
    return part


def _jumps(conn, later: list[str]) -> Part:
    part = Part("一年间变化十倍以上的件数（规则 XY-JUMP，请核对原文）")
    for sha, n, agency, message in conn.execute(
            f"select f.report, f.n, r.agency, f.message from findings f join reports r on "
            f"r.sha256 = f.report where f.report in ({_marks(later)}) and f.rule = 'XY-JUMP' "
            f"and f.outcome = 'fail' order by r.agency, f.n", later):
        part.lines.append(Line(f"{agency}：{message}", f"/-/report/{sha}#finding-{n}"))
    return part


def as_text(result: Comparison, base_url: str = "") -> str:
    """The comparison as plain text, each line with its link."""
    early, late = result.years
    out = [f"{result.scope}：{early}年与{late}年比较（{result.agencies} 个机关）", ""]
    for part in result.parts:
        out.append(f"【{part.title}】")
        for line in part.lines or [Line(part.empty)]:
            out.append(f"- {line.text}" + (f"  {base_url}{line.link}" if line.link else ""))
        out.append("")
    return "\n".join(out)
