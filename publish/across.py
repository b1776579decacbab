"""The tables found across reports, once every report is in the database: text reuse
(govparse/across/reuse.py) into `text_reuse` and `reuse_passages`; who published each year
and who did not into `coverage`. (`changes`, each cell against the agency's nearest earlier
report, is one of schema.py's derived tables.)"""

from __future__ import annotations

import sqlite_utils

from govparse.across.reuse import EARLIER, SAME_YEAR, Narrative, find_reuse, sentences_of
from govparse.publish.rows import as_tuples
from govparse.publish.writer import flush


def _narratives(db: sqlite_utils.Database) -> list[Narrative]:
    found: dict[str, Narrative] = {}
    for sha, agency, year, number, text, lines in db.execute(
            "select r.sha256, r.agency, r.year, s.number, s.text, s.line_numbers "
            "from reports r join sections s on s.report = r.sha256 "
            "order by r.sha256, s.number"):
        n = found.setdefault(sha, Narrative(sha, agency, year))
        n.sentences += sentences_of(number, text or "",
                                    [int(x) for x in (lines or "").split(",") if x])
    return list(found.values())


def text_reuse(db: sqlite_utils.Database) -> int:
    """Fill text_reuse (one row per report) and reuse_passages; the passages found."""
    narratives = _narratives(db)
    who = {n.report: (n.agency, n.year) for n in narratives}
    reuse, passages = find_reuse(narratives)
    nobody = (None, None)
    flush(db, as_tuples({"text_reuse": [{
        "report": r.report, "agency": who[r.report][0], "year": who[r.report][1],
        "sentences": r.sentences, "chars": r.chars, "boilerplate": r.boilerplate,
        "earlier_share": _share(r.share(EARLIER)), "earlier_chars": r.copied.get(EARLIER, 0),
        "earlier_report": (earlier := r.main_source(EARLIER)),
        "earlier_year": who.get(earlier, nobody)[1],
        "same_year_share": _share(r.share(SAME_YEAR)),
        "same_year_chars": r.copied.get(SAME_YEAR, 0),
        "same_year_report": (other := r.main_source(SAME_YEAR)),
        "same_year_agency": who.get(other, nobody)[0],
        "same_year_sources": len(r.sources.get(SAME_YEAR, {}))} for r in reuse]}))
    counters: dict[str, int] = {}
    rows = []
    for p in passages:
        n = counters[p.report] = counters.get(p.report, 0) + 1
        rows.append({"report": p.report, "n": n, "relation": p.relation,
                     "section": p.sentence.section, "line": p.sentence.line,
                     "start": p.sentence.start, "end": p.sentence.end, "text": p.sentence.text,
                     "similarity": p.similarity, "source_report": p.source,
                     "source_agency": who[p.source][0], "source_year": who[p.source][1],
                     "source_line": p.source_sentence.line,
                     "source_text": p.source_sentence.text})
    flush(db, as_tuples({"reuse_passages": rows}))
    return len(rows)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _body(agency: dict) -> tuple:
    """One body under its several names (洪泽区人民政府, 淮安市洪泽区人民政府): its region, kind
    and whether it is the government itself, when the region is known; else its name."""
    if agency["region_code"] and agency["kind"] and agency["region_status"] == "resolved":
        return (agency["region_code"], agency["kind"], agency["body"])
    return (agency["name"],)


def coverage(db: sqlite_utils.Database) -> int:
    """Fill `coverage`: for every year of the corpus, each agency that published before and
    whether it published that year (under any of its names), and each region where some
    body published while its own people's government did not."""
    agencies = {a["name"]: a for a in db["agencies"].rows}
    published: dict[tuple, dict[int, tuple[str, str]]] = {}
    for sha, agency, year in db.execute(
            "select sha256, agency, year from reports where agency is not null "
            "and year is not null order by agency, year"):
        published.setdefault(_body(agencies[agency]), {})[year] = (agency, sha)
    years = sorted({y for by_year in published.values() for y in by_year})
    rows = []
    for _, by_year in sorted(published.items()):
        first = min(by_year)
        for year in years:
            if year < first:
                continue
            last = max(y for y in by_year if y <= year)  # this year, when it published
            name, sha = by_year[last]
            rows.append(_coverage_row(agencies[name], year, "published" if year in by_year
                                      else "not_seen", last, sha))
    governments = {(b[0], y) for b, by_year in published.items()
                   if len(b) == 3 and b[2] == "政府" for y in by_year}
    for body, by_year in sorted(published.items()):
        if len(body) != 3 or body[2] == "政府":
            continue
        for year, (name, sha) in sorted(by_year.items()):
            if (body[0], year) not in governments and agencies[name]["level"] != "省级":
                rows.append(_coverage_row(agencies[name], year, "government_not_seen", None,
                                          sha, expected=_government_of(agencies[name])))
    seen = set()
    unique = []
    for r in rows:  # a region's government is missed once a year, whoever noticed
        key = (r["agency"], r["year"])
        if key not in seen:
            seen.add(key)
            unique.append(r)
    flush(db, as_tuples({"coverage": unique}))
    return len(unique)


def _government_of(agency: dict) -> str:
    place = agency["county"] or agency["city"] or agency["province"] or ""
    return f"{place}人民政府"


def _coverage_row(agency: dict, year: int, state: str, last: int | None, sha: str,
                  expected: str | None = None) -> dict:
    return {"agency": expected or agency["name"], "province": agency["province"],
            "city": agency["city"], "county": agency["county"], "year": year, "state": state,
            "last_year": last, "report": sha, "noticed_by": agency["name"] if expected else None}
