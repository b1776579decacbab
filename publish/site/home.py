"""The home page for people (what the database holds, what does not add up, where to start)
and the one search box over agency names and report text it leads to."""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone

from markupsafe import Markup, escape

from govparse.ask.lexicon import expand
from govparse.publish.site.pages import region_url

BEIJING = timezone(timedelta(hours=8))
SNIPPET_CHARS = 40  # on each side of the first match
SEARCH_LIMIT = 30
TRIGRAM = 3  # FTS5's trigram tokenizer finds nothing shorter: such words are LIKE-matched
_MARKDOWN = re.compile(r"(?:^|(?<=\s))#{1,6}\s")  # "### （二）…" as a PDF tool wrote it
# Where a title's English half starts: two English words in a row ("A report's table 三").
_ENGLISH = re.compile(r"\s+(?=[A-Za-z]+(?:'s)?\s+[A-Za-z])")


def chinese(text: str | None, sentences: int = 0) -> str:
    """A canned query's title or description as people read it: its Chinese part ("…？
    Reports that …"), the first sentences only if asked."""
    text = _ENGLISH.split(text or "", maxsplit=1)[0].strip()
    if sentences:
        text = "".join(re.findall(r"[^。]*。?", text)[:sentences])
    return text


async def home_context(datasette, db) -> dict:
    """Coverage, the reports whose own numbers do not add up or whose prose contradicts
    their tables, and the ready-made questions, for templates/index.html."""
    # the summary tables a build makes (publish/summaries.yml): a few rows each, whatever
    # the size of the database
    [counts] = (await db.execute("select * from home_counts")).rows
    years = [r[0] for r in (await db.execute("select year from home_years")).rows]
    failing = [dict(r) for r in (await db.execute("select * from home_failing")).rows]
    contradicting = [dict(r) for r in (await db.execute(
        "select * from home_contradicting")).rows]
    provinces = [dict(r) for r in (await db.execute("select * from home_provinces")).rows]
    queries = await datasette.get_canned_queries(db.name, None)
    built = datetime.fromtimestamp(os.stat(db.path).st_mtime, BEIJING) if db.path else None
    return {
        "counts": dict(counts), "years": years, "failing": failing,
        "provinces": [{**p, "url": region_url(p["province"])} for p in provinces],
        "contradicting": contradicting,
        "built": built.strftime("%Y年%m月%d日 %H:%M（北京时间）") if built else None,
        "queries": [{"name": name, "title": chinese(q.get("title")) or name,
                     "description": chinese(q.get("description"), sentences=1)}
                    for name, q in queries.items()],
    }


async def search(db, query: str) -> dict:
    """Agencies whose name contains the words, and report sections whose text does, each
    section with its matches marked. Words of one or two characters are matched with LIKE
    (the trigram index cannot), longer ones through the full-text index."""
    words = query.split()[:8]
    if not words:
        return {"query": query, "agencies": [], "sections": []}
    params = {f"w{i}": w for i, w in enumerate(words)}
    # names as people shorten them: 人社 is 人力资源和社会保障, 县政府 县人民政府
    params |= {f"x{i}": expand(w) for i, w in enumerate(words)}
    likes = " and ".join(f"(instr(name, :w{i}) > 0 or instr(name, :x{i}) > 0)"
                         for i in range(len(words)))
    agencies = [dict(r) for r in (await db.execute(
        f"select name, province, city, county, reports, first_year, last_year from agencies "
        f"where {likes} order by length(name), name limit {SEARCH_LIMIT}", params)).rows]
    if all(len(w) >= TRIGRAM for w in words):
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = (await db.execute(
            "select s.report, s.number, s.heading, s.text, s.first_line, r.agency, r.year "
            "from sections_fts join sections s on s.rowid = sections_fts.rowid "
            "join reports r on r.sha256 = s.report where sections_fts match :match "
            f"order by rank limit {SEARCH_LIMIT}", {"match": match})).rows
    else:  # no order: the scan stops at the first SEARCH_LIMIT sections that match
        where = " and ".join(f"instr(s.text, :w{i}) > 0" for i in range(len(words)))
        rows = (await db.execute(
            "select s.report, s.number, s.heading, s.text, s.first_line, r.agency, r.year "
            f"from sections s join reports r on r.sha256 = s.report where {where} "
            f"limit {SEARCH_LIMIT}", params)).rows
    sections = [{**{k: r[k] for k in ("report", "number", "heading", "first_line", "agency",
                                      "year")}, "snippet": snippet(r["text"] or "", words)}
                for r in rows]
    return {"query": query, "agencies": agencies, "sections": sections}


def snippet(text: str, words: list[str]) -> Markup:
    """The text around the first match, every word marked, everything else escaped."""
    first = min((i for i in (text.find(w) for w in words) if i >= 0), default=0)
    start, end = max(0, first - SNIPPET_CHARS), min(len(text), first + SNIPPET_CHARS * 2)
    piece = _MARKDOWN.sub("", " ".join(text[start:end].split()))
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    out, last = [], 0
    for m in pattern.finditer(piece):
        out.append(escape(piece[last:m.start()]))
        out.append(Markup("<mark>{}</mark>").format(m.group(0)))
        last = m.end()
    out.append(escape(piece[last:]))
    return Markup(("…" if start else "") + "".join(out) + ("…" if end < len(text) else ""))
