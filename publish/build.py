"""Build the database: read every file, check it, extract its figures, write SQLite.

    summary = build(["corpus/"], "reports.db", jobs=2)

Each file is read on its own (in worker processes with jobs > 1) and ends up either in
`reports` or in `ingest_errors`; one bad file never stops the batch. The database is written
to a temporary file next to the target and moved into place only when complete, so an
interrupted build leaves the previous database intact.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlite_utils

from govparse.agencies import describe
from govparse.checks import CheckResult, check_report, check_reports, rules
from govparse.checks.fees import fee_statement
from govparse.errors import ReportError
from govparse.model import BLANK, MISSING, NOT_APPLICABLE, UNREADABLE, VALUE, Report
from govparse.narrative import metrics_of
from govparse.parse import parse_file
from govparse.rates import Rate, compute_rates
from publish.schema import ensure_shape

# The formats the sources read; anything else in a folder is reported, not skipped silently.
SUFFIXES = {".txt", ".md"}
# Read as the metadata of the files beside it (govparse/metadata.py), not as a report.
MANIFEST = "manifest.csv"


@dataclass
class Read:
    """What reading one file gave: a checked report, or the reason it could not be read."""

    path: str
    report: Report | None = None
    result: CheckResult | None = None
    rates: list[Rate] = field(default_factory=list)
    error: dict | None = None


@dataclass
class Summary:
    files: int = 0
    reports: int = 0
    errors: int = 0
    findings: int = 0
    strict_failed: int = 0
    error_paths: list[str] = field(default_factory=list)


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files given, and every file under the folders given, sorted (builds are repeatable)."""
    found: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            # Everything but folders and manifests: hidden files and dangling links too, so
            # that each one ends up in reports or in ingest_errors.
            found.update(f for f in p.rglob("*") if not f.is_dir() and f.name != MANIFEST)
        else:
            found.add(p)
    return sorted(found)


def read_one(path: Path) -> Read:
    """Parse, extract and check one file. Never raises: a failure becomes an error record."""
    try:
        if path.suffix.lower() not in SUFFIXES:
            raise ReportError(f"unsupported file type {path.suffix or '(none)'}: only "
                              f"{', '.join(sorted(SUFFIXES))} are read", path=str(path))
        report = parse_file(path)
        metrics_of(report)
        return Read(str(path), report, check_report(report), compute_rates(report))
    except ReportError as exc:
        return Read(str(path), error=_error(path, exc, exc.code, getattr(exc, "line", None)))
    except Exception as exc:  # a bug must not cost the batch a file: record it instead
        return Read(str(path), error=_error(path, exc, "internal_error", None))


def _error(path: Path, exc: Exception, code: str, line: int | None) -> dict:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = None
    return {"path": str(path), "sha256": digest, "error_class": type(exc).__name__,
            "code": code, "message": str(exc), "line": line}


def _reads(files: list[Path], jobs: int) -> Iterator[Read]:
    if jobs <= 1:
        yield from map(read_one, files)
        return
    from multiprocessing import get_context

    # Workers parse and check; this process alone writes (SQLite has one writer).
    with get_context("spawn").Pool(jobs) as pool:
        yield from pool.imap(read_one, files, chunksize=8)


def build(paths: Iterable[str | Path], db_path: str | Path, *, jobs: int = 1,
          progress: Callable[[Read], None] | None = None) -> Summary:
    files = find_inputs(paths)
    summary = Summary(files=len(files))
    reads: list[Read] = []
    errors: list[dict] = []
    seen: dict[str, str] = {}
    for read in _reads(files, jobs):
        if progress:
            progress(read)
        if read.report is not None and read.report.sha256 in seen:
            read.error = {"path": read.path, "sha256": read.report.sha256,
                          "error_class": "DuplicateReport", "code": "duplicate",
                          "message": f"same content as {seen[read.report.sha256]}: "
                                     "stored once", "line": None}
        if read.error is not None:
            errors.append(read.error)
            continue
        seen[read.report.sha256] = read.path  # type: ignore[union-attr]
        reads.append(read)
    reports = [r.report for r in reads]  # type: ignore[misc]
    results = check_reports(reports, {r.report.sha256: r.result for r in reads})  # type: ignore

    target = Path(db_path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        db.execute("PRAGMA journal_mode = OFF")  # a fresh file, moved into place when done
        db.execute("PRAGMA synchronous = OFF")
        ensure_shape(db, fts=False)
        _write(db, reads, results, errors)
        ensure_shape(db)
        db.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)

    summary.reports, summary.errors = len(reads), len(errors)
    summary.error_paths = [e["path"] for e in errors]
    summary.findings = sum(len(r.findings) for r in results.values())
    summary.strict_failed = sum(1 for r in results.values() if r.strict_failures)
    return summary


def _write(db: sqlite_utils.Database, reads: list[Read], results: dict[str, CheckResult],
           errors: list[dict]) -> None:
    db["rules"].insert_all(({"id": r.id, "level": r.level, "severity": r.severity,
                             "applies": r.applies, "scope": r.scope, "zh": r.zh, "en": r.en}
                            for r in rules().values()), pk="id")
    db["agencies"].insert_all(_agencies(reads), pk="name")
    tables: dict[str, list[dict]] = {t: [] for t in (
        "reports", "sections", "cells", "metrics", "findings", "rates", "parse_warnings")}
    for read in reads:
        report = read.report
        assert report is not None
        for table, rows in _rows(report, results[report.sha256], read.rates).items():
            tables[table] += rows
    for table, rows in tables.items():
        db[table].insert_all(rows, batch_size=1000)
    db["ingest_errors"].insert_all(errors, pk="path")


def _agencies(reads: list[Read]) -> list[dict]:
    years: dict[str, list[int]] = {}
    for read in reads:
        if read.report and read.report.agency:
            years.setdefault(read.report.agency, []).append(read.report.year or 0)
    rows = []
    for name in sorted(years):
        a = describe(name)
        known = [y for y in years[name] if y]
        rows.append({**{k: v for k, v in asdict(a).items() if k != "region_candidates"},
                     "region_candidates": "；".join(a.region_candidates) or None,
                     "reports": len(years[name]), "first_year": min(known, default=None),
                     "last_year": max(known, default=None)})
    return rows


_STATUS_COLUMN = {VALUE: "cells_printed", BLANK: "cells_blank",
                  NOT_APPLICABLE: "cells_not_applicable", UNREADABLE: "cells_unreadable",
                  MISSING: "cells_missing"}


def _rows(report: Report, result: CheckResult, rates: list[Rate]) -> dict[str, list[dict]]:
    sha = report.sha256
    metrics = report.metrics or []
    severities = [f.severity for f in result.findings]
    fee = fee_statement(report)
    counts = {column: 0 for column in _STATUS_COLUMN.values()}
    for c in report.cells:
        counts[_STATUS_COLUMN[c.status]] += 1
    row = {
        "sha256": sha, "agency": report.agency, "year": report.year, "title": report.title,
        "template": report.template, "layout": report.layout,
        "file": Path(report.path).name if report.path else None, "path": report.path,
        "encoding": report.encoding, "agency_from": report.source.get("agency"),
        "year_from": report.source.get("year"), "source_url": report.source.get("url"),
        "sections": len(report.sections), "cells_expected": len(report.cells), **counts,
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
                   "status": c.status, "unit": c.unit, "line": c.line, "position": i}
                  for i, c in enumerate(report.cells)],
        "metrics": [{"report": sha, "n": i, "section": m.section, "line": m.line,
                     "start": m.start, "end": m.end, "text": m.text, "value": m.value,
                     "unit": m.unit, "qualifier": m.qualifier, "subject": m.subject,
                     "kind": m.kind, "part_of": m.part_of, "relation": m.relation,
                     "sentence": m.sentence} for i, m in enumerate(metrics)],
        "findings": [{"report": sha, "n": i, "rule": f.rule, "level": f.level,
                      "severity": f.severity, "outcome": f.outcome, "message": f.message,
                      "expected": f.expected, "found": f.found,
                      "lines": ",".join(map(str, f.lines)) or None, "table_no": f.table,
                      "cells": json.dumps([c.key for c in f.cells]) if f.cells else None,
                      "cause": f.cause, "inferred_value": f.inferred_value,
                      "other_report": next((c.report for c in f.cells
                                            if c.report and c.report != sha), None)}
                     for i, f in enumerate(result.findings)],
        "rates": [{"report": sha, "rate": r.id, "name": r.name, "value": r.value,
                   "numerator": r.numerator, "denominator": r.denominator,
                   "small_number": int(r.small_number), "reason": r.reason} for r in rates],
        "parse_warnings": [{"report": sha, "n": i, "code": w.code, "message": w.message,
                            "line": w.line, "table_no": w.table}
                           for i, w in enumerate(report.warnings)],
    }
