"""What the report and agency pages show, read from the published database.

HTML is built here only where text and markup interleave (figures highlighted inside their
sentences); every piece of report text goes through markupsafe.escape first.
"""

from __future__ import annotations

import json
import re
import weakref
from collections import defaultdict
from functools import lru_cache

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from govparse.data import load
from govparse.forms import SECTION_NUMERALS, sections
from govparse.words import words

DATABASE = "reports"  # reports.db: the name preferred when several databases are served
TABLE = "reports"  # what makes a database one govparse built

# Datasette instance → the name of the database its pages read (set at startup).
_names: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()


async def find_database(datasette) -> str | None:
    """The database the pages read, whatever its file is called: the one named reports,
    else the first served that has a reports table, else the first served at all."""
    served = [name for name, db in datasette.databases.items() if name != "_internal"]
    with_reports = [name for name in served
                    if await datasette.databases[name].table_exists(TABLE)]
    candidates = with_reports or served
    name = DATABASE if DATABASE in candidates else (candidates[0] if candidates else None)
    if name is not None:
        _names[datasette] = name
    return name


def database_name(datasette) -> str | None:
    """The name find_database chose (it runs at startup), or None before it has."""
    return _names.get(datasette)

STATUS_SHOWN = words("status_mark")
SEVERITY_ZH = words("severity")
OUTCOME_ZH = words("outcome")
# Each table under its section's heading, as the form words it (forms/sections.yml).
TABLE_ZH = {n: f"{SECTION_NUMERALS[n - 1]}、{sections()[n]['wordings'][0]}" for n in (2, 3, 4)}


def agency_url(name: str) -> str:
    """Datasette paths are tilde-encoded: /-/agency/~E6~B9~98… (from the site's root: the
    templates pass it through urls.path, which adds the base_url setting)."""
    return f"/-/agency/{tilde_encode(name)}"


def sql_url(answer, database_url: str) -> str:
    """The answer's SQL in Datasette's query page, with its parameters filled in."""
    from urllib.parse import urlencode

    params = {k: "" if v is None else v for k, v in answer.params.items()}
    return f"{database_url}?" + urlencode({"sql": answer.sql, **params})


async def _rows(db, sql: str, params: dict | None = None) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params or {})).rows]


async def report_context(db, sha: str) -> dict | None:
    reports = await _rows(db, "select * from reports where sha256 = :sha", {"sha": sha})
    if not reports:
        return None
    report = reports[0]
    cells = await _rows(db, "select * from cells where report = :sha order by position",
                        {"sha": sha})
    findings = await _rows(
        db, "select f.*, r.zh as rule_zh from findings f left join rules r on r.id = f.rule "
            "where f.report = :sha order by f.n", {"sha": sha})
    metrics = await _rows(db, "select * from metrics where report = :sha order by n",
                          {"sha": sha})
    sections = await _rows(db, "select * from sections where report = :sha order by number",
                           {"sha": sha})
    agency = await _rows(db, "select * from agencies where name = :name",
                         {"name": report["agency"]})
    reuse = await _rows(db, "select * from text_reuse where report = :sha", {"sha": sha})
    passages = await _rows(db, "select * from reuse_passages where report = :sha order by n",
                           {"sha": sha})
    flagged = _flagged_cells(findings)
    for f in findings:
        f["severity_zh"] = SEVERITY_ZH.get(f["severity"], f["severity"])
        f["outcome_zh"] = OUTCOME_ZH.get(f["outcome"], f["outcome"])
    for c in cells:
        c["shown"] = c["value"] if c["status"] == "value" else STATUS_SHOWN[c["status"]]
        c["findings"] = flagged.get(c["key"], [])
        c["placed_zh"] = PLACED_ZH.get(c.get("placed") or "")
        c["candidates_zh"] = "、".join(map(str, json.loads(c["candidates"]))) if c.get(
            "candidates") else None
    return {
        "report": report,
        "agency_url": agency_url(report["agency"]) if report["agency"] else None,
        "agency": agency[0] if agency else None,
        "sections": [{**s, "paragraphs": _paragraphs(s, metrics, passages)}
                     for s in sections],
        "reuse": reuse[0] if reuse else None,
        "passages": [{**p, "title": _copied_title(p)} for p in passages],
        "tables": _tables(cells, findings),
        "metrics": metrics,
        "findings": findings,
        "rates": await _rows(db, "select * from rates where report = :sha order by rate",
                             {"sha": sha}),
        "renderings": await _rows(db, "select * from renderings where report = :sha "
                                      "order by role desc, file", {"sha": sha}),
        "warnings": await _rows(db, "select * from parse_warnings where report = :sha "
                                    "order by n", {"sha": sha}),
        "table_zh": TABLE_ZH,
        "warning_zh": warning_names(),
    }


@lru_cache(maxsize=1)
def _values() -> dict[str, dict[str, str]]:
    """Column -> code -> word: values.yml names each column's kind, vocab.yml its words."""
    data = {column: words(kind) for column, kind in load(__package__, "values.yml").items()}
    data["code"] = warning_names()  # parse_warnings.code
    return {column: {str(k): v for k, v in names.items()} for column, names in data.items()}


def shown_value(value, column: str | None) -> str:
    """A stored code as people read it (values.yml, vocab.yml): fail -> 未通过, …"""
    if value is None:
        return value
    return _values().get(column or "", {}).get(str(value), value)


@lru_cache(maxsize=1)
def warning_names() -> dict[str, str]:
    """Parse-warning codes in words (govparse/checks/warning_codes.yml)."""
    return load("govparse.checks", "warning_codes.yml")


# How a number was put in its cell (govparse.cells.placement), as the report page says it.
PLACED_ZH = words("placed", long=True)


def _flagged_cells(findings: list[dict]) -> dict[str, list[int]]:
    flagged: dict[str, list[int]] = defaultdict(list)
    for f in findings:
        for key in json.loads(f["cells"] or "[]"):
            flagged[key].append(f["n"])
    return flagged


def _paragraphs(section: dict, metrics: list[dict], copied: list[dict] = ()) -> list[dict]:
    """The section's lines, each with its source line, its figures highlighted and the
    sentences found in other reports marked (their source in the title)."""
    text = section["text"] or ""
    lines = [int(n) for n in (section["line_numbers"] or "").split(",") if n]
    figures = [m for m in metrics if m["section"] == section["number"]]
    mine = sorted((c for c in copied if c["section"] == section["number"]),
                  key=lambda c: c["start"])
    out, offset = [], 0
    for i, line in enumerate(text.split("\n")):
        end = offset + len(line)
        # "### （一）主动公开情况": a heading mark of the markdown a PDF tool wrote
        mark = _MARKDOWN_HEADING.match(line)
        html, cursor = Markup(""), offset + (mark.end() if mark else 0)
        for c in mine:
            if cursor <= c["start"] and c["end"] <= end:
                html += _with_figures(text, cursor, c["start"], figures)
                html += Markup('<span class="copied" title="{}">{}</span>').format(
                    _copied_title(c), _with_figures(text, c["start"], c["end"], figures))
                cursor = c["end"]
        html += _with_figures(text, cursor, end, figures)
        out.append({"line": lines[i] if i < len(lines) else None, "html": html})
        offset = end + 1
    return out


def _with_figures(text: str, start: int, end: int, figures: list[dict]) -> Markup:
    html, cursor = Markup(""), start
    for m in figures:
        if start <= m["start"] and m["end"] <= end and cursor <= m["start"]:
            title = f"{m['kind'] or '未分类'}：{m['value']}{m['unit'] or ''}（第{m['line']}行）"
            html += escape(text[cursor:m["start"]])
            html += Markup('<mark class="figure" title="{}">{}</mark>').format(
                title, text[m["start"]:m["end"]])
            cursor = m["end"]
    return html + escape(text[cursor:end])


def _copied_title(c: dict) -> str:
    who = "本机关" if c["relation"] == "earlier" else (c["source_agency"] or "另一机关")
    how = "相同（数字除外）" if c["similarity"] >= 1 else f"近似（相似度{c['similarity']:.2f}）"
    return f"与{who}{c['source_year'] or ''}年报告第{c['source_line']}行{how}"


_MARKDOWN_HEADING = re.compile(r"\s*#{1,6}\s+")


def _tables(cells: list[dict], findings: list[dict]) -> dict[int, dict]:
    """Tables 二, 三 and 四 in the official layout: rows of cells under their column heads."""
    tables: dict[int, dict] = {}
    for number in (2, 3, 4):
        mine = [c for c in cells if c["table_no"] == number]
        if not mine:
            continue
        if number == 4:  # one row of 15 cells under a three-level head
            groups: dict[str, list[dict]] = defaultdict(list)
            for c in mine:
                groups[c["col_label"].rsplit("/", 1)[0]].append(c)
            table = {"groups": [{"label": g, "cells": cs} for g, cs in groups.items()]}
        else:
            rows: dict[str, dict] = {}
            columns: list[str] = []
            for c in mine:
                head = c["col_label"]
                if head not in columns:
                    columns.append(head)
                row = rows.setdefault(c["row_id"], {"label": c["row_label"], "cells": {}})
                row["cells"][head] = c
            if number == 2:  # sub-tables: one per caption, each with its own columns
                subs: dict[str, dict] = {}
                for row in rows.values():
                    caption, label = row["label"].split("/", 1)
                    sub = subs.setdefault(caption, {"caption": caption, "columns": [],
                                                    "rows": []})
                    for head in row["cells"]:
                        if head not in sub["columns"]:
                            sub["columns"].append(head)
                    sub["rows"].append({"label": label, "cells": row["cells"]})
                table = {"subtables": list(subs.values())}
            else:
                groups: list[dict] = []  # 法人或其他组织 spans five columns
                for h in columns:
                    group = h.rsplit("/", 1)[0] if "/" in h else ""
                    if groups and group and groups[-1]["label"] == group:
                        groups[-1]["span"] += 1
                    else:
                        groups.append({"label": group, "span": 1})
                previous = None
                for row in rows.values():  # （三）不予公开 heads the rows of its group
                    group = row["label"].rsplit("/", 1)[0] if "/" in row["label"] else None
                    row["group"] = group if group != previous else None
                    previous = group
                table = {"columns": [h.rsplit("/", 1)[-1] for h in columns],
                         "groups": groups, "heads": columns, "rows": list(rows.values())}
        table["findings"] = [f for f in findings if f["table_no"] == number]
        tables[number] = table
    return tables


# Table 三's outcomes, each the sum of its rows' 总计 (a part not printed: no number).
OUTCOMES = {"予以公开": ["R03"], "部分公开": ["R04"],
            "不予公开": [f"R{i:02d}" for i in range(5, 13)],
            "无法提供": ["R13", "R14", "R15"], "不予处理": [f"R{i:02d}" for i in range(16, 21)],
            "其他处理": ["R21", "R22", "R23"], "办结总计": ["R24"]}


async def agency_context(db, name: str) -> dict | None:
    """Every year of one agency: its series, outcomes, rates with their small-number
    flags, the findings linked to their cells, and charts of them."""
    from govparse.publish.site import charts

    agency = await _rows(db, "select * from agencies where name = :name", {"name": name})
    if not agency:
        return None
    years = await _rows(db, "select * from agency_years where 机关 = :name order by 年度",
                        {"name": name})
    reports = [y["report"] for y in years]
    marks = ", ".join(f":r{i}" for i in range(len(reports))) or "null"
    params = {f"r{i}": r for i, r in enumerate(reports)}
    cells = await _rows(db, f"select report, row_id, value, status from cells where report in "
                            f"({marks}) and table_no = 3 and col_id = 'C7'", params)
    by_report: dict[str, dict[str, dict]] = defaultdict(dict)
    for c in cells:
        by_report[c["report"]][c["row_id"]] = c
    outcomes = []
    for y in years:
        row = {"年度": y["年度"], "report": y["report"]}
        for label, ids in OUTCOMES.items():
            mine = by_report[y["report"]]
            parts = [mine.get(i) for i in ids]
            if ids == ["R21", "R22", "R23"] and "R22" not in mine:  # the 2019 form: one row
                parts = [mine.get("R21")]
            elif ids == ["R21", "R22", "R23"] and all(p is None or p["status"] == "missing"
                                                      for p in parts):
                parts = [mine.get("R21_23")]  # the 2021 form's group printed as one row
            row[label] = sum(p["value"] for p in parts) if parts and all(
                p is not None and p["status"] == "value" for p in parts) else None
        outcomes.append(row)
    rates = await _rows(db, f"select t.report, t.name, t.value, t.numerator, t.denominator, "
                            f"t.small_number, t.reason from rates t where t.report in ({marks}) "
                            "and t.rate in ('disclosure_rate', 'review_correction_rate', "
                            "'litigation_correction_rate', 'completion_rate')", params)
    year_of = {y["report"]: y["年度"] for y in years}
    findings = await _rows(db, f"select f.report, f.n, f.rule, f.severity, f.message, f.cells, "
                               f"f.cause, r.zh as rule_zh from findings f left join rules r on "
                               f"r.id = f.rule where f.report in ({marks}) and f.outcome = 'fail' "
                               "order by f.report, f.n", params)
    for f in findings:
        f["年度"] = year_of.get(f["report"])
        f["cell_keys"] = json.loads(f["cells"] or "[]")
        f["severity_zh"] = SEVERITY_ZH.get(f["severity"], f["severity"])
        f["structure"] = f["cause"] in ("structure", "table_malformed")
    label = [str(y["年度"]) for y in years]
    review = [(str(year_of[r["report"]]), r["value"]) for r in rates
              if r["name"] == "复议纠错率"]
    figures = [
        charts.bars("新收政府信息公开申请（件）", list(zip(label, [y["新收申请"] for y in years],
                                                   strict=True))),
        charts.bars("行政复议（件）", list(zip(label, [y["行政复议"] for y in years],
                                              strict=True))),
        charts.bars("行政诉讼（件，直接起诉与复议后起诉之和）", list(zip(label, [
            None if y["直接起诉"] is None or y["复议后起诉"] is None
            else y["直接起诉"] + y["复议后起诉"] for y in years], strict=True))),
    ]
    figures.insert(1, charts.stacked("办理结果（件）", label, {
        name: [o[name] for o in outcomes] for name in OUTCOMES if name != "办结总计"}))
    if review:
        figures.append(charts.bars(
            "复议纠错率（浅色：分母小于10，不宜比较）", sorted(review), rate=True,
            faint={str(year_of[r["report"]]) for r in rates
                   if r["name"] == "复议纠错率" and r["small_number"]}))
    for r in rates:
        r["年度"] = year_of.get(r["report"])
    # The largest changes of each report against its nearest earlier one, counts and rates.
    changes = await _rows(db, "select * from (select c.*, row_number() over (partition by "
                              "c.report order by abs(coalesce(c.ratio, 99) - 1) desc) as k from "
                              "changes c where c.agency = :name and c.unit != '万元' and "
                              "c.unit != '元') where k <= 8 order by year, k", {"name": name})
    jumps = {(f["report"], k) for f in findings if f["rule"] == "XY-JUMP"
             for k in f["cell_keys"]}
    for c in changes:
        c["jump"] = (c["report"], c["key"]) in jumps
    return {"agency": agency[0], "regions": regions_of(agency[0]), "years": years,
            "changes": changes,
            "outcomes": outcomes,
            "outcome_labels": list(OUTCOMES), "rates": sorted(rates, key=lambda r: (
                r["name"], r["年度"] or 0)), "findings": findings, "charts": figures,
            "columns": [c for c in (years[0] if years else {}) if c not in ("机关", "report")]}


async def nearest_agencies(db, name: str, limit: int = 5) -> list[str]:
    """The agencies whose names are nearest to a name the database does not have (湘潭 ->
    湘潭县人民政府 …): those sharing a pair of characters with it, by similarity."""
    from difflib import SequenceMatcher

    pairs = list(dict.fromkeys(name[i:i + 2] for i in range(max(1, len(name) - 1))))[:12]
    if not pairs:
        return []
    where = " or ".join(f"instr(name, :p{i}) > 0" for i in range(len(pairs)))
    rows = (await db.execute(f"select name from agencies where {where} limit 500",
                             {f"p{i}": p for i, p in enumerate(pairs)})).rows
    names = [r[0] for r in rows]
    names.sort(key=lambda n: (-SequenceMatcher(None, name, n).ratio(), len(n), n))
    return names[:limit]


def region_url(name: str) -> str:
    """/-/region/~E6~B9~96…, from the site's root (as agency_url)."""
    return f"/-/region/{tilde_encode(name)}"


def regions_of(agency: dict) -> list[dict]:
    """The agency's province, city and county, each linked to its region page."""
    return [{"name": n, "url": region_url(n)}
            for n in (agency.get("province"), agency.get("city"), agency.get("county")) if n]


async def region_context(db, name: str) -> dict | None:
    """A province, city or county: the places within it and its agencies, with the years
    each has a report for (a year an agency did not publish shows as a gap)."""
    agencies: list[dict] = []
    level, below = "county", None
    for level, below in (("province", "city"), ("city", "county"), ("county", None)):  # noqa: B007
        agencies = await _rows(db, f"select name, province, city, county, level, kind, "
                                   f"reports, first_year, last_year from agencies where "
                                   f"{level} = :name order by name", {"name": name})
        if agencies:
            break
    if not agencies:
        return None
    places = sorted({a[below] for a in agencies if below and a[below]}) if below else []
    direct = [a for a in agencies if not below or not a[below]]
    names = [a["name"] for a in agencies]
    marks = ", ".join(f":a{i}" for i in range(len(names)))
    rows = await _rows(db, f"select agency, year, sha256 from reports where agency in ({marks}) "
                           "and year is not null order by year", {f"a{i}": n for i, n in
                                                               enumerate(names)})
    years = sorted({r["year"] for r in rows})
    published: dict[str, dict[int, str]] = defaultdict(dict)
    for r in rows:
        published[r["agency"]][r["year"]] = r["sha256"]
    not_seen = await _rows(db, f"select * from coverage where {level} = :name and state != "
                               "'published' order by year desc, agency", {"name": name})
    first = agencies[0]
    chain = [n for n in (first["province"], first["city"], first["county"]) if n]
    chain = chain[:chain.index(name) + 1] if name in chain else [name]
    return {"name": name, "level": words("region_level")[level],
            "chain": [{"name": n, "url": region_url(n)} for n in chain],
            "places": [{"name": p, "url": region_url(p),
                        "agencies": sum(1 for a in agencies if a[below] == p)} for p in places],
            "agencies": agencies, "direct": direct, "years": years, "published": published,
            "not_seen": not_seen}
