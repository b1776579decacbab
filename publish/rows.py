"""A Report, its checks and rates -> the database's rows, table by table, in the order of
each table's columns (publish/schema.py's TABLES)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from govparse.checks import CheckResult, Finding
from govparse.checks.fees import fee_statement
from govparse.model import BLANK, MISSING, NOT_APPLICABLE, UNREADABLE, VALUE, Report
from govparse.publish.inputs import shown
from govparse.publish.schema import TABLES
from govparse.report.agencies import describe
from govparse.report.rates import Rate
from govparse.report.renderings import Merged

COLUMNS = {table: tuple(spec["columns"]) for table, spec in TABLES.items()}


_SQLITE_INT = 2**63


# Where a number read from the file is stored (the other integers are counts and lines).
_READ_NUMBERS = {table: [COLUMNS[table].index(c) for c in columns] for table, columns in {
    "cells": ("value",), "metrics": ("value",), "rates": ("numerator", "denominator"),
    "findings": ("expected", "found", "inferred_value")}.items()}


def check_storable(rows: dict[str, list[tuple]]) -> None:
    """Every number read fits SQLite's integer: the readers cap them, this is the last
    guard (one file's error rather than the build's OverflowError)."""
    for table, positions in _READ_NUMBERS.items():
        for row in rows.get(table, ()):
            for i in positions:
                value = row[i]
                if type(value) is int and not -_SQLITE_INT <= value < _SQLITE_INT:
                    raise ValueError(f"{table} 表中有一个 {len(str(value))} 位的数值，"
                                     "超出 SQLite 整数的范围")


def as_tuples(rows: dict[str, list[dict]]) -> dict[str, list[tuple]]:
    """Each table's rows as tuples in the order of its columns, as flush() inserts them."""
    return {table: [tuple(map(row.get, COLUMNS[table])) for row in items]
            for table, items in rows.items()}


def rendering_row(rendering: Report, merged: Merged) -> dict:
    report = merged.report
    return {"sha256": rendering.sha256, "report": report.sha256,
            "role": "report" if rendering.sha256 == report.sha256 else "rendering",
            "file": Path(shown(rendering.path)).name if rendering.path else None,
            "path": shown(rendering.path) if rendering.path else None,
            "format": rendering.format, "layout": rendering.layout,
            "encoding": rendering.encoding,
            "cells_printed": sum(c.status == VALUE for c in rendering.cells),
            "cells_taken": merged.taken.get(rendering.sha256),
            "disagreements": merged.disagreements.get(rendering.sha256)}


def agency_rows(reports: Iterable[tuple[str | None, int | None]]) -> list[dict]:
    """One row per agency from the (agency, year) of every report."""
    years: dict[str, list[int]] = {}
    for agency, year in reports:
        if agency:
            years.setdefault(agency, []).append(year or 0)
    rows = []
    for name in sorted(years):
        a = describe(name)
        known = [y for y in years[name] if y]
        rows.append({**{k: v for k, v in asdict(a).items() if k != "region_candidates"},
                     "region_candidates": "；".join(a.region_candidates) or None,
                     "reports": len(years[name]), "first_year": min(known, default=None),
                     "last_year": max(known, default=None)})
    return rows


def finding_rows(sha: str, findings: list[Finding], first: int = 0) -> list[dict]:
    return [{"report": sha, "n": first + i, "rule": f.rule, "level": f.level,
             "severity": f.severity, "outcome": f.outcome, "message": f.message,
             "expected": f.expected, "found": f.found,
             "lines": ",".join(map(str, f.lines)) or None, "table_no": f.table,
             "cells": json.dumps([c.key for c in f.cells]) if f.cells else None,
             "cause": f.cause, "inferred_value": f.inferred_value,
             "other_report": next((c.report for c in f.cells if c.report and c.report != sha),
                                  None)}
            for i, f in enumerate(findings)]


_STATUS_COLUMN = {VALUE: "cells_printed", BLANK: "cells_blank",
                  NOT_APPLICABLE: "cells_not_applicable", UNREADABLE: "cells_unreadable",
                  MISSING: "cells_missing"}


def report_rows(report: Report, result: CheckResult, rates: list[Rate]) -> dict[str, list[dict]]:
    sha = report.sha256
    metrics = report.metrics or []
    # Structure findings (a table we could not read) are never the agency's errors.
    structure = result.structure_findings
    severities = [f.severity for f in result.findings if f not in structure]
    fee = fee_statement(report)
    counts = {column: 0 for column in _STATUS_COLUMN.values()}
    for c in report.cells:
        counts[_STATUS_COLUMN[c.status]] += 1
    expected = len(report.cells)
    row = {
        "sha256": sha, "agency": report.agency, "year": report.year, "title": report.title,
        "template": report.template, "layout": report.layout,
        "file": Path(shown(report.path)).name if report.path else None,
        "path": shown(report.path) if report.path else None,
        "encoding": report.encoding, "format": report.format,
        "agency_from": report.source.get("agency"),
        "year_from": report.source.get("year"), "source_url": report.source.get("url"),
        "fetched_at": report.source.get("fetched_at"), "archived": report.source.get("archived"),
        "sections": len(report.sections), "cells_expected": expected, **counts,
        "completeness": round(100.0 * counts["cells_printed"] / expected, 1) if expected
        else None,
        "parse_warnings": len(report.warnings), "errors": severities.count("error"),
        "warnings": severities.count("warning"), "infos": severities.count("info"),
        "strict_failed": int(bool(result.strict_failures)), "metrics": len(metrics),
        "fee_collected": None if fee.collected is None else int(fee.collected),
        "fee_amount": fee.amount, "fee_unit": fee.unit, "fee_line": fee.line,
        "fee_text": fee.text or None,
    }
    return {
        "reports": [row],
        "sections": [{"report": sha, "number": s.number, "heading": s.heading, "text": s.text,
                      "first_line": s.first_line, "last_line": s.last_line,
                      "line_numbers": ",".join(map(str, s.lines))}
                     for s in report.sections],
        "cells": [{"report": sha, "key": c.key, "table_no": c.table,
                   "row_id": c.key.split(".")[1], "col_id": c.key.split(".", 2)[2],
                   "row_label": c.row, "col_label": c.col, "value": c.value, "raw": c.raw,
                   "status": c.status, "unit": c.unit, "line": c.line, "origin": c.origin,
                   "placed": c.placed,
                   "candidates": json.dumps(c.candidates, ensure_ascii=False)
                   if c.candidates else None, "position": i}
                  for i, c in enumerate(report.cells)],
        "metrics": [{"report": sha, "n": i, "section": m.section, "line": m.line,
                     "origin": m.origin,
                     "start": m.start, "end": m.end, "text": m.text, "value": m.value,
                     "unit": m.unit, "qualifier": m.qualifier, "subject": m.subject,
                     "kind": m.kind, "part_of": m.part_of, "relation": m.relation,
                     "sentence": m.sentence} for i, m in enumerate(metrics)],
        "findings": finding_rows(sha, result.findings),
        "rates": [{"report": sha, "rate": r.id, "name": r.name, "value": r.value,
                   "numerator": r.numerator, "denominator": r.denominator,
                   "small_number": int(r.small_number), "reason": r.reason,
                   "lines": ",".join(map(str, r.lines)) or None} for r in rates],
        "parse_warnings": [{"report": sha, "n": i, "code": w.code, "message": w.message,
                            "line": w.line, "table_no": w.table}
                           for i, w in enumerate(report.warnings)],
    }
