"""Citing a figure: a permalink for every cell and every prose figure, the line to copy, the
text govparse read with its line numbers, and report ids short enough to type."""

from __future__ import annotations

import asyncio
import os
import re
from functools import lru_cache

from govparse.publish.site.pages import shown_value
from govparse.sources import read_source
from govparse.words import words

SHORT_ID = re.compile(r"[0-9a-f]{8,63}")  # the 8 characters the site shows, or more
TABLE_ZH = words("table")


async def resolve(db, sha: str) -> list[str]:
    """The reports a full or shortened id names (a short one may name several)."""
    if len(sha) == 64:
        rows = await db.execute("select sha256 from reports where sha256 = :s", {"s": sha})
    else:  # the primary key's index answers a range, not a LIKE
        rows = await db.execute("select sha256 from reports where sha256 >= :lo and "
                                "sha256 < :hi order by sha256 limit 10",
                                {"lo": sha, "hi": sha + "g"})
    return [r[0] for r in rows.rows]


def report_url(sha: str) -> str:
    """/-/report/<sha>, from the site's root: the templates pass it through urls.path, and
    a permalink's base_url (views.cite_page) ends with the base_url setting."""
    return f"/-/report/{sha}"


async def cell_context(db, sha: str, key: str, base_url: str) -> dict | None:
    rows = (await db.execute(
        "select c.*, r.agency, r.year, r.title, r.source_url, r.file from cells c join "
        "reports r on r.sha256 = c.report where c.report = :sha and c.key = :key",
        {"sha": sha, "key": key})).rows
    if not rows:
        return None
    c = dict(rows[0])
    where = f"{TABLE_ZH.get(c['table_no'], '')}“{(c['row_label'] or '').replace('/', '·')}"\
            f"”“{c['col_label'].replace('/', '·')}”"
    value = c["value"] if c["status"] == "value" else shown_value(c["status"], "status")
    url = f"{base_url}{report_url(sha)}/cell/{key}"
    return {"kind": "cell", "item": c, "where": where, "value": value,
            "url": url, "line": c["line"], "origin": c["origin"],
            "citation": _citation(c["agency"], c["year"], where, value, c["unit"], c["line"],
                                  c["origin"], url),
            "report_url": report_url(sha), "anchor": f"cell-{key}"}


async def figure_context(db, sha: str, n: int, base_url: str) -> dict | None:
    rows = (await db.execute(
        "select m.*, r.agency, r.year, r.title, r.source_url, r.file from metrics m join "
        "reports r on r.sha256 = m.report where m.report = :sha and m.n = :n",
        {"sha": sha, "n": n})).rows
    if not rows:
        return None
    m = dict(rows[0])
    where = f"正文第{m['section']}部分“{m['sentence']}”" if m["sentence"] else "正文"
    url = f"{base_url}{report_url(sha)}/figure/{n}"
    return {"kind": "figure", "item": m, "where": where, "value": m["text"], "url": url,
            "line": m["line"], "origin": m["origin"],
            "citation": _citation(m["agency"], m["year"], f"正文所述{m['kind'] or '数字'}",
                                  m["text"], None, m["line"], m["origin"], url),
            "report_url": report_url(sha), "anchor": f"figure-{n}"}


def _citation(agency, year, where, value, unit, line, origin, url) -> str:
    """The line a journalist pastes: who, when, which cell, what it says, where, the URL."""
    place = f"第{line}行" if line else ""
    if origin:
        place = f"{origin}，{place}" if place else origin
    shown = f"{value}{unit or ''}" if value not in ("", None) else "（无数值）"
    return (f"{agency or '未知机关'}《{year or ''}年政府信息公开工作年度报告》{where}："
            f"{shown}（{place}）。{url}")


async def source_lines(path: str | None, sha: str) -> list[str] | None:
    """The text govparse read from the report's file, line by line (what every line number
    on the site counts), or None when the file is gone or no longer the one published."""
    if not path or not os.path.isfile(path):
        return None
    stat = os.stat(path)
    return await asyncio.to_thread(_read, path, stat.st_mtime_ns, stat.st_size, sha)


@lru_cache(maxsize=8)  # a journalist opens one report's text, then its lines, again
def _read(path: str, mtime: int, size: int, sha: str) -> list[str] | None:
    try:
        source = read_source(path)
    except Exception:  # any failure means: not the text that was published
        return None
    return source.text.split("\n") if source.sha256 == sha else None
