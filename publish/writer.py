"""Writing the database: each report's rows as they come (one prepared statement per table),
a group of renderings' rows replacing its files', the year-over-year findings once every report
is in, and the temporary files of builds that were killed."""

from __future__ import annotations

import glob
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from govparse.checks import CheckResult, check_reports
from govparse.model import Report
from govparse.publish.reading import MergedRead, Read, error_row
from govparse.publish.rows import COLUMNS, agency_rows, as_tuples, finding_rows

STRICT_FAILED = COLUMNS["reports"].index("strict_failed")


@dataclass
class Summary:
    files: int = 0
    reports: int = 0
    errors: int = 0
    findings: int = 0
    strict_failed: int = 0
    renderings: int = 0  # files kept as another rendering of a report (table renderings)
    error_paths: list[str] = field(default_factory=list)  # of the files read this time
    updated: bool = False  # an update of a database built before (publish/update.py)
    read: int = 0  # files read this time (an update reads only what changed)
    unchanged: int = 0  # files an update kept as they were
    removed: int = 0  # files an update found gone

    def count(self, db: sqlite_utils.Database) -> None:
        """The counts of the whole database (an update read only some of its files)."""
        self.reports, self.errors, self.findings, self.strict_failed, self.renderings = \
            db.execute("select (select count(*) from reports), (select count(*) from "
                       "ingest_errors), (select count(*) from findings), (select count(*) "
                       "from reports where strict_failed), (select count(*) from renderings "
                       "where role = 'rendering')").fetchone()


_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.tmp")


def remove_stale_temp_files(target: Path) -> int:
    """Remove the temporary databases of builds of `target` that were killed (their
    process is gone); a build still running keeps its own."""
    removed = 0
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        m = _TEMP.fullmatch(tmp.name)
        if m is None or m["name"] != target.name or _alive(int(m["pid"])):
            continue
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


_BATCH = 200  # reports whose rows are inserted together


CACHE_KB = 131_072  # SQLite's page cache while building: indexes are sorted in memory


def insert_reads(db: sqlite_utils.Database, reads: Iterable[Read], summary: Summary,
            progress: Callable[[Read], None] | None) -> list[Report]:
    """Write each report's rows as it comes; keep only slim reports."""
    reports: list[Report] = []
    seen: dict[str, str] = {}
    pending: dict[str, list[tuple]] = {}
    for read in reads:
        if progress:
            progress(read)
        report = read.report
        if report is not None and report.sha256 in seen:
            read.error = error_row(read.path, "DuplicateReport", "duplicate",
                                   f"内容与 {seen[report.sha256]} 相同：只存一份",
                                   report.sha256)
        if read.error is not None or report is None:
            _record_error(db, read.error)
            summary.errors += 1
            summary.error_paths.append(read.path)
            continue
        seen[report.sha256] = read.path
        reports.append(report)
        summary.reports += 1
        summary.findings += len(read.rows["findings"])
        summary.strict_failed += read.rows["reports"][0][STRICT_FAILED]
        for table, rows in read.rows.items():
            pending.setdefault(table, []).extend(rows)
        if len(reports) % _BATCH == 0:
            flush(db, pending)
    flush(db, pending)
    return reports


def _record_error(db: sqlite_utils.Database, error: dict) -> None:
    """One row of ingest_errors. Two names can be shown alike (a byte that is not UTF-8
    and its escape written out): the second gets a number, never the build's end."""
    path, n = error["path"], 1
    while True:
        try:
            db["ingest_errors"].insert(error, pk="path")
            return
        except sqlite3.IntegrityError:
            n += 1
            error = {**error, "path": f"{path} ({n})"}


def write_merged_renderings(db: sqlite_utils.Database, reports: list[Report],
                            groups: list[list[Report]], merges: Iterable[MergedRead],
                            summary: Summary) -> list[Report]:
    """Files that are renderings of one report (same agency and year: the saved page and a
    crawler's dump of it) become one report (govparse.report.renderings); each file is listed in
    `renderings`. `merges`: each group read again and merged in a worker (read_group), in
    the order of `groups`; this process only replaces the rows of the group's files."""
    out = {r.sha256: r for r in reports}
    for group, merged in zip(groups, merges, strict=True):
        shas = [r.sha256 for r in group]
        if merged.error is None and merged.report is not None and \
                sorted([merged.report.sha256, *merged.others]) != sorted(shas):
            merged.error = "文件在构建期间被改动，重新读取的内容与第一次不同"
        if merged.error is not None or merged.report is None:
            _not_merged(db, shas, merged.error or "")
            continue
        marks = ", ".join("?" * len(shas))
        before = db.execute(f"select count(*), coalesce(sum(strict_failed), 0) from reports "
                            f"where sha256 in ({marks})", shas).fetchone()
        findings = db.execute(f"select count(*) from findings where report in ({marks})",
                              shas).fetchone()[0]
        for table, columns in COLUMNS.items():
            key = "sha256" if table == "reports" else "report"
            if key in columns and table != "renderings":
                db.execute(f"delete from [{table}] where [{key}] in ({marks})", shas)
        summary.reports -= before[0] - 1
        summary.renderings += len(merged.others)
        summary.findings += len(merged.rows["findings"]) - findings
        summary.strict_failed += merged.rows["reports"][0][STRICT_FAILED] - before[1]
        flush(db, merged.rows)
        for sha in merged.others:
            del out[sha]
        out[merged.report.sha256] = merged.report
    return list(out.values())


def _not_merged(db: sqlite_utils.Database, shas: list[str], why: str) -> None:
    """A group whose merge failed stays as separate reports, each told why."""
    for sha in shas:
        n = db.execute("select coalesce(max(n), -1) + 1 from parse_warnings where report = ?",
                       [sha]).fetchone()[0]
        db["parse_warnings"].insert({
            "report": sha, "n": n, "code": "renderings_not_merged",
            "message": f"同一机关同一年的 {len(shas)} 个文件未能合为一份报告，各自保留：{why}",
            "line": None, "table_no": None})
        db.execute("update reports set parse_warnings = parse_warnings + 1 where sha256 = ?",
                   [sha])


def flush(db: sqlite_utils.Database, pending: dict[str, list[tuple]]) -> None:
    """Insert the pending rows. The tables exist (ensure_shape) and every value is a plain
    number, string or NULL, so one prepared statement per table does: sqlite-utils'
    insert_all inspects each value for JSON, which took 11 of 15 s of a 1,000-report build."""
    for table, rows in pending.items():
        columns = COLUMNS[table]
        sql = (f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
               f"values ({', '.join('?' * len(columns))})")
        db.conn.executemany(sql, rows)
    db.conn.commit()
    pending.clear()


def write_agencies(db: sqlite_utils.Database, names: set[str] | None = None) -> None:
    """The agencies' rows from their reports: all of them, or those of `names` (an update:
    the agencies whose reports were read again or are gone)."""
    if names is None:
        rows = agency_rows(db.execute("select agency, year from reports"))
    else:
        listed = json.dumps(sorted(n for n in names if n), ensure_ascii=False)
        db.execute("delete from agencies where name in (select value from json_each(?))",
                   [listed])
        rows = agency_rows(db.execute("select agency, year from reports where agency in "
                                      "(select value from json_each(?))", [listed]))
    flush(db, as_tuples({"agencies": rows}))


def across_years(db: sqlite_utils.Database, reports: list[Report], summary: Summary) -> None:
    """The year-over-year rules, once every report is in: their findings are added to the
    year N report, and its counts updated."""
    results = check_reports(reports, {r.sha256: CheckResult() for r in reports})
    for sha, result in results.items():
        if not result.findings:
            continue
        row = db["reports"].get(sha)
        first = db.execute("select count(*) from findings where report = ?", [sha]).fetchone()[0]
        rows = finding_rows(sha, result.findings, first)
        db["findings"].insert_all(rows)
        severities = [f.severity for f in result.findings]
        strict = bool(result.strict_failures)
        db["reports"].update(sha, {
            "errors": row["errors"] + severities.count("error"),
            "warnings": row["warnings"] + severities.count("warning"),
            "infos": row["infos"] + severities.count("info"),
            "strict_failed": int(row["strict_failed"] or strict)})
        summary.findings += len(rows)
        summary.strict_failed += int(strict and not row["strict_failed"])
