"""The shape of the published database, declared once and applied by ensure_shape().

Tables follow ../shared/docs/architecture.md; views give the wide shapes people expect, with
Chinese column names (Datasette 0.65 has no display names for columns).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlite_utils
from sqlite_utils.db import DescIndex

from govparse.forms import load_templates

# Values are declared ANY (NUMERIC affinity): counts stay integers, 万元 amounts stay real.
TABLES: dict[str, dict] = {
    "agencies": {
        "columns": {"name": str, "kind": str, "body": str, "level": str, "province": str,
                    "city": str, "county": str, "region_code": str, "region_status": str,
                    "region_candidates": str, "reports": int, "first_year": int,
                    "last_year": int},
        "pk": "name",
        # One per default facet (publish/metadata.yml): Datasette counts a facet with a
        # GROUP BY that an index on the column answers without reading the rows.
        "indexes": [["province"], ["level"], ["kind"], ["body"], ["region_status"]],
    },
    "reports": {
        "columns": {"sha256": str, "agency": str, "year": int, "title": str, "template": str,
                    "layout": str, "file": str, "path": str, "encoding": str,
                    "format": str, "agency_from": str, "year_from": str, "source_url": str,
                    "fetched_at": str, "archived": str, "sections": int,
                    "cells_expected": int, "cells_printed": int, "cells_blank": int,
                    "cells_not_applicable": int, "cells_unreadable": int,
                    "cells_missing": int, "completeness": float, "parse_warnings": int,
                    "errors": int,
                    "warnings": int, "infos": int, "strict_failed": int, "metrics": int,
                    "fee_collected": int, "fee_amount": float, "fee_unit": str,
                    "fee_line": int, "fee_text": str},
        "pk": "sha256",
        "foreign_keys": [("agency", "agencies", "name")],
        # The last three serve the canned queries that list reports in an order: SQLite
        # then reads rows in index order and stops after the page.
        "indexes": [["agency", "year"], ["year"], ["template"], ["layout"],
                    ["strict_failed"], [DescIndex("year"), "agency"], ["completeness", "agency"],
                    ["template", DescIndex("fee_collected"), DescIndex("fee_amount"),
                     "agency"]],
    },
    "sections": {
        "columns": {"report": str, "number": int, "heading": str, "text": str,
                    "first_line": int, "last_line": int, "line_numbers": str},
        "pk": ("report", "number"),
        "foreign_keys": [("report", "reports", "sha256")],
        "indexes": [["number"]],
    },
    "cells": {
        "columns": {"report": str, "key": str, "table_no": int, "row_id": str,
                    "col_id": str, "row_label": str, "col_label": str, "value": "ANY",
                    "raw": str, "status": str, "unit": str, "line": int, "origin": str,
                    "placed": str, "candidates": str, "position": int},
        "pk": ("report", "key"),
        "foreign_keys": [("report", "reports", "sha256")],
        "indexes": [["key"], ["status"]],
    },
    "metrics": {
        "columns": {"report": str, "n": int, "section": int, "line": int, "origin": str,
                    "start": int,
                    "end": int, "text": str, "value": "ANY", "unit": str, "qualifier": str,
                    "subject": str, "kind": str, "part_of": int, "relation": str,
                    "sentence": str},
        "pk": ("report", "n"),
        "foreign_keys": [("report", "reports", "sha256")],
        "indexes": [["kind"]],
    },
    "rules": {
        "columns": {"id": str, "level": str, "severity": str, "applies": str, "scope": str,
                    "zh": str, "en": str},
        "pk": "id",
    },
    "findings": {
        "columns": {"report": str, "n": int, "rule": str, "level": str, "severity": str,
                    "outcome": str, "message": str, "expected": "ANY", "found": "ANY",
                    "lines": str, "table_no": int, "cells": str, "cause": str,
                    "inferred_value": int, "other_report": str},
        "pk": ("report", "n"),
        "foreign_keys": [("report", "reports", "sha256"), ("rule", "rules", "id")],
        "indexes": [["rule"], ["severity"], ["outcome"], ["cause"], ["level", "outcome"]],
    },
    "rates": {
        "columns": {"report": str, "rate": str, "name": str, "value": float,
                    "numerator": "ANY", "denominator": "ANY", "small_number": int,
                    "reason": str, "lines": str},
        "pk": ("report", "rate"),
        "foreign_keys": [("report", "reports", "sha256")],
        "indexes": [["rate"], ["rate", "small_number", DescIndex("value"),
                               DescIndex("denominator")]],
    },
    "parse_warnings": {
        "columns": {"report": str, "n": int, "code": str, "message": str, "line": int,
                    "table_no": int},
        "pk": ("report", "n"),
        "foreign_keys": [("report", "reports", "sha256")],
    },
    "renderings": {
        "columns": {"sha256": str, "report": str, "role": str, "file": str, "path": str,
                    "format": str, "layout": str, "encoding": str, "cells_printed": int,
                    "cells_taken": int, "disagreements": int},
        "pk": "sha256",
        "foreign_keys": [("report", "reports", "sha256")],
        "indexes": [["report"]],
    },
    "text_reuse": {
        "columns": {"report": str, "agency": str, "year": int, "sentences": int, "chars": int,
                    "boilerplate": int, "earlier_share": float, "earlier_chars": int,
                    "earlier_report": str, "earlier_year": int, "same_year_share": float,
                    "same_year_chars": int, "same_year_report": str, "same_year_agency": str,
                    "same_year_sources": int},
        "pk": "report",
        "foreign_keys": [("report", "reports", "sha256")],
        "indexes": [[DescIndex("earlier_share")], [DescIndex("same_year_share")]],
    },
    "reuse_passages": {
        "columns": {"report": str, "n": int, "relation": str, "section": int, "line": int,
                    "start": int, "end": int, "text": str, "similarity": float,
                    "source_report": str, "source_agency": str, "source_year": int,
                    "source_line": int, "source_text": str},
        "pk": ("report", "n"),
        "foreign_keys": [("report", "reports", "sha256")],
        "indexes": [["source_report"], ["relation"]],
    },
    "coverage": {
        "columns": {"agency": str, "province": str, "city": str, "county": str, "year": int,
                    "state": str, "last_year": int, "report": str, "noticed_by": str},
        "pk": ("agency", "year"),
        "indexes": [["state", "year"], ["province", "year"], ["city", "year"],
                    ["county", "year"]],
    },
    "ingest_errors": {
        "columns": {"path": str, "sha256": str, "error_class": str, "code": str,
                    "message": str, "line": int},
        "pk": "path",
    },
}

FTS = {"sections": ["heading", "text"], "agencies": ["name"]}

# The T4 groups and parts, named as the form prints them.
T4_GROUPS = {"review": "复议", "suit_direct": "直接起诉", "suit_after_review": "复议后起诉"}
T4_PARTS = {"upheld": "维持", "corrected": "纠正", "other": "其他结果", "pending": "尚未审结",
            "total": "总计"}


_NUMERAL = "[一二三四五六七八九十]+"
_ENUMERATOR = re.compile(rf"^(?:{_NUMERAL}、|[（(]{_NUMERAL}[）)]|\d+[.．、])")


def _short(label: str) -> str:
    """一、本年新收…申请数量 -> 本年新收…申请数量; （二）部分公开（区分处理的…） -> 部分公开."""
    return _ENUMERATOR.sub("", label).split("（")[0]


def _pivot(names: dict[str, str], on: str = "c.key", value: str = "c.value") -> str:
    """One column per name: the value of the row whose `on` is its key."""
    return ",\n  ".join(f"max(case when {on} = '{k}' then {value} end) as [{name}]"
                        for k, name in names.items())


def _by_report(columns: str, join: str, only: str) -> str:
    """One row per report: agency, year, report, then the pivoted columns."""
    return f"""select r.agency as 机关, r.year as 年度, r.sha256 as report,
  {columns}
from reports r join {join}
where {only.format("r.sha256")}
group by r.sha256"""


# Derived tables: the wide shapes (pivots over `cells`) and the counts per rule and per
# kind of figure. The database is read-only once served, so they are computed once at build
# time: a page then reads rows instead of pivoting or counting millions of rows per request.
# Each gets the indexes below whose columns it has, and the facet indexes named for it.
DERIVED_INDEXES = [["机关", "年度"], ["年度"], ["report"]]
# Their keys: a table with one is exported and linked by it (Datasette shows and exports the
# rowid of a table that has none).
DERIVED_KEYS = {"table3_form": ("report", "行号"), "table3_by_report": ("report",),
                "table4_by_report": ("report",), "rates_by_report": ("report",),
                "agency_years": ("report",), "findings_per_rule": ("规则", "严重程度", "结果"),
                "figures_per_kind": ("类别", "单位"), "changes": ("report", "key")}
FACET_INDEXES = {"agency_years": [["省份"], ["层级"], ["类别"]],
                 "changes": [["key", "year"], ["agency", "key"]]}


SERIES = {"t3.R01.C7": "新收申请", "t3.R02.C7": "上年结转", "t3.R24.C7": "办结",
          "t3.R25.C7": "结转下年", "t4.review.total": "行政复议",
          "t4.suit_direct.total": "直接起诉", "t4.suit_after_review.total": "复议后起诉"}
WIDE_RATES = {"disclosure_rate": "公开率", "completion_rate": "办结率",
              "review_correction_rate": "复议纠错率", "litigation_correction_rate": "诉讼纠错率"}


def _t3_total_names() -> dict[str, str]:
    """Cell key of each row's 总计 -> the column it gets in table3_by_report."""
    names: dict[str, str] = {}
    for row in load_templates()["2021"].t3_rows:
        name = _short(row.label)
        names[f"t3.{row.id}.C7"] = name if name not in names.values() else f"{name}{row.id}"
    return names


def _t4_names() -> dict[str, str]:
    return {f"t4.{g}.{p}": f"{gz}{pz}" for g, gz in T4_GROUPS.items()
            for p, pz in T4_PARTS.items()}


def derived_column_descriptions() -> dict[str, dict[str, str]]:
    """What each pivoted column of the derived tables holds, said from the form's own
    labels (publish/metadata.yml describes the others)."""
    form = load_templates()["2021"]
    rows = {f"t3.{r.id}.C7": r.label for r in form.t3_rows}
    t4 = {f"t4.{c.id}": c.path.replace("/", "·") for c in form.t4_columns}
    from govparse.report.rates import definitions

    rates = {d["id"]: d for d in definitions()["rates"]}
    return {
        "table3_form": {_short(c.label): f"表三“{c.path.replace('/', '·')}”一栏（件）"
                        for c in form.t3_columns},
        "table3_by_report": {name: f"表三“{rows[key]}”的总计（件）"
                             for key, name in _t3_total_names().items()},
        "table4_by_report": {name: f"表四“{t4[key]}”（件）" for key, name in _t4_names().items()},
        "rates_by_report": {name: f"{rates[rid]['zh']}：{rates[rid]['definition']}"
                            "（0到1之间的小数）" for rid, name in WIDE_RATES.items()},
    }


# Each cell and rate of a report against the agency's nearest earlier report (years need
# not be consecutive), where both were read and either is not 0. Cells and rates are joined
# each by their own key (an index), not as one union: a union cannot use them; `+status`
# keeps SQLite from reading every read cell of the database through the status index.
_CHANGE = """select n.report as report, n.agency as agency, n.year as year, {key} as key,
  {label} as label, now.value as value, n.earlier as earlier_report, e.year as earlier_year,
  before.value as earlier_value, now.value - before.value as change,
  case when before.value != 0 then round(1.0 * now.value / before.value, 4) end as ratio,
  {unit} as unit
from nearest n join reports e on e.sha256 = n.earlier
join {table} now on now.report = n.report and {read}
join {table} before on before.report = n.earlier and before.{column} = now.{column}
  and {read_before}
where now.value != 0 or before.value != 0"""
_CHANGES = """with nearest as materialized (
  select r.sha256 as report, r.agency as agency, r.year as year,
    (select e.sha256 from reports e where e.agency = r.agency and e.year < r.year
     order by e.year desc limit 1) as earlier
  from reports r where r.agency is not null and r.year is not null and {only})
""" + _CHANGE.format(key="now.key", label="coalesce(now.row_label || '/', '') || now.col_label",
                     unit="now.unit", table="cells", column="key",
                     read="+now.status = 'value'", read_before="+before.status = 'value'") + \
    "\nunion all\n" + _CHANGE.format(key="'rate.' || now.rate", label="now.name",
                                     unit="'比率'", table="rates", column="rate",
                                     read="now.value is not null",
                                     read_before="before.value is not null")


# The reports a derived table's rows are computed for (derived_tables(only=…)): all of them.
EVERY_REPORT = "1"


def derived_tables(only: str = EVERY_REPORT) -> dict[str, str]:
    """Name -> the SELECT that fills each derived table. `only`: an SQL condition on a
    report's sha256, written with {} where the column goes ("{} in (select …)"): the rows
    of the tables keyed by report are computed for those reports alone (an update), the
    counts over all of them still."""
    form = load_templates()["2021"]
    t3_names = _t3_total_names()
    t3_cols = _pivot({col.id: _short(col.label) for col in form.t3_columns}, on="c.col_id")
    t4_names = _t4_names()
    series, rates = SERIES, WIDE_RATES
    return {
        "table3_form": f"""select r.agency as 机关, r.year as 年度, c.report as report,
  c.row_id as 行号, c.row_label as 项目,
  {t3_cols},
  min(c.line) as 首行
from cells c join reports r on r.sha256 = c.report
where c.table_no = 3 and {only.format("c.report")}
group by c.report, c.row_id
order by r.agency, r.year, c.row_id""",
        "table3_by_report": _by_report(  # the total column only: a seventh of the cells
            _pivot(t3_names), "cells c on c.report = r.sha256 and c.table_no = 3 "
            "and c.col_id = 'C7'", only),
        "table4_by_report": _by_report(
            _pivot(t4_names), "cells c on c.report = r.sha256 and c.table_no = 4", only),
        "rates_by_report": _by_report(
            _pivot(rates, on="t.rate", value="t.value"), "rates t on t.report = r.sha256",
            only),
        "agency_years": f"""select r.agency as 机关, a.province as 省份, a.city as 城市,
  a.level as 层级, a.kind as 类别, r.year as 年度, r.sha256 as report,
  {_pivot(series)},
  r.errors as 错误, r.warnings as 警告, r.strict_failed as 严格规则未通过
from reports r left join agencies a on a.name = r.agency
left join cells c on c.report = r.sha256
  and c.key in ({", ".join(f"'{k}'" for k in series)})
where {only.format("r.sha256")}
group by r.sha256
order by r.agency, r.year""",
        "findings_per_rule": """select f.rule as 规则, r.zh as 说明, f.severity as 严重程度,
  f.outcome as 结果, count(*) as 条数, count(distinct f.report) as 报告数
from findings f join rules r on r.id = f.rule
group by f.rule, f.severity, f.outcome""",
        "changes": _CHANGES.replace("{only}", only.format("r.sha256")),
        # Totals add up wholes only ("其中" parts are counted in them), never percentages.
        "figures_per_kind": """select coalesce(m.kind, '（未分类）') as 类别, m.unit as 单位,
  count(*) as 个数,
  sum(case when m.part_of is null and m.unit != '%' then m.value end) as 合计,
  count(distinct m.report) as 报告数
from metrics m
group by m.kind, m.unit""",
    }


def _create_keyed(db: sqlite_utils.Database, name: str, sql: str,
                  key: tuple[str, ...] | None) -> None:
    """create table … as select, but with a primary key: the columns and their types are
    those SQLite gives the select (read from an empty copy), then the rows go in."""
    if key is None:
        db.execute(f"create table [{name}] as {sql}")
        return
    db.execute(f"create temp table [_{name}_shape] as select * from ({sql}) limit 0")
    columns = [(r[1], r[2] or "") for r in db.execute(f"pragma temp.table_info([_{name}_shape])")]
    db.execute(f"drop table temp.[_{name}_shape]")
    defs = ", ".join(f"[{c}] {t}".strip() for c, t in columns)
    keys = ", ".join(f"[{k}]" for k in key)
    db.execute(f"create table [{name}] ({defs}, primary key ({keys}))")
    db.execute(f"insert into [{name}] select * from ({sql})")


def ensure_shape(db: sqlite_utils.Database, *, loaded: bool = True,
                 stage: Callable[[str], None] | None = None) -> None:
    """Create every table, index, full-text index and derived table that is not there yet.

    A bulk load runs it with loaded=False first (tables only) and again afterwards: indexes
    and full-text indexes are then built in one sorted pass each instead of being updated
    row by row, and the derived tables are computed from the rows loaded. `stage` is told
    what is being built, for a progress display.
    """
    for name, spec in TABLES.items():
        db[name].create(spec["columns"], pk=spec["pk"],
                        foreign_keys=spec.get("foreign_keys", []), if_not_exists=True)
    if not loaded:
        return
    say = stage or (lambda _: None)
    say("索引")
    for name, spec in TABLES.items():
        for columns in spec.get("indexes", []):
            db[name].create_index(columns, if_not_exists=True)
    say("全文索引")
    for name, columns in FTS.items():
        if db[name].detect_fts() is None:
            db[name].enable_fts(columns, tokenize="trigram", create_triggers=True)
    say("派生表")
    for name, sql in derived_tables().items():
        if name in db.table_names():
            continue
        _create_keyed(db, name, sql, DERIVED_KEYS.get(name))
        for columns in DERIVED_INDEXES:
            if set(columns) <= set(db[name].columns_dict):
                db[name].create_index(columns, if_not_exists=True)
        for columns in FACET_INDEXES.get(name, []):
            db[name].create_index(columns, if_not_exists=True)
