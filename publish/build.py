"""Build the database: read every file, check it, extract its figures, write SQLite.

    summary = build(["corpus/"], "reports.db", jobs=2)

Each file is read on its own in a worker process (publish.workers), within the limits of
govparse/sources/limits.yml, and ends up either in `reports` or in `ingest_errors`; one bad file,
even one that hangs or kills its worker, never stops the batch. The database is written to
a temporary file next to the target and moved into place only when complete, so an
interrupted build leaves the previous database intact; the next build removes what it left.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from itertools import chain
from pathlib import Path

import sqlite_utils

from govparse.checks import CheckResult, Finding, check_report, check_reports, rules
from govparse.checks.cross_year import needed_across_years
from govparse.checks.fees import fee_statement
from govparse.errors import ReportError
from govparse.model import BLANK, MISSING, NOT_APPLICABLE, UNREADABLE, VALUE, Report, ReportWarning
from govparse.narrative import metrics_of, pipeline
from govparse.publish.across import coverage, text_reuse
from govparse.publish.row_counts import write_inspect_file
from govparse.publish.schema import TABLES, ensure_shape
from govparse.publish.workers import Workers
from govparse.report.agencies import describe
from govparse.report.metadata import ManifestEntry, manifest_for
from govparse.report.parse import parse_file
from govparse.report.rates import Rate, compute_rates
from govparse.report.renderings import Merged
from govparse.report.renderings import groups as renderings_groups
from govparse.report.renderings import merge as merge_renderings
from govparse.sources import read_file
from govparse.sources.limits import LIMITS, FileTimeout, Limits, current

# Read as the metadata of the files beside it (govparse/report/metadata.py), not as a report.
MANIFEST = "manifest.csv"
COLUMNS = {table: tuple(spec["columns"]) for table, spec in TABLES.items()}
_STRICT_FAILED = COLUMNS["reports"].index("strict_failed")


@dataclass
class Read:
    """What reading one file gave: its database rows and a slim report for the year-over-year
    rules, or the reason it could not be read. Built in the worker, so that only rows, not
    whole reports, cross between processes: as tuples in the order of TABLES' columns,
    which pickle smaller and faster than dicts that repeat every column name."""

    path: str
    rows: dict[str, list[tuple]] = field(default_factory=dict)
    report: Report | None = None  # without text, figures or most cells: see _slim()
    error: dict | None = None


@dataclass
class MergedRead:
    """What merging the renderings of one report gave, made in a worker as a Read is: the
    merged report's rows and its slim report, the other renderings' sha256; or why the
    group could not be merged."""

    rows: dict[str, list[tuple]] = field(default_factory=dict)
    report: Report | None = None
    others: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Summary:
    files: int = 0
    reports: int = 0
    errors: int = 0
    findings: int = 0
    strict_failed: int = 0
    renderings: int = 0  # files kept as another rendering of a report (table renderings)
    error_paths: list[str] = field(default_factory=list)


class BuildError(Exception):
    """The build itself cannot go on (the disk is full, the target cannot be written): one
    line saying why. Never raised for a file: a file's trouble goes to ingest_errors."""


def shown(path: str | Path) -> str:
    """The path as stored and printed: a name that is not UTF-8 (bytes the file system
    allows) keeps its odd bytes as \\xNN escapes, where they would crash SQLite and the
    terminal."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def find_inputs(paths: Iterable[str | Path],
                unreadable: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Files given, and every file under the folders given, sorted (builds are repeatable).

    Everything but folders and manifests: hidden files, dangling links, FIFOs too, so that
    each one ends up in reports or in ingest_errors. A folder that cannot be listed and a
    link to a folder (not followed: it may loop) are added to `unreadable` with why."""
    found: set[Path] = set()
    problems = unreadable if unreadable is not None else []

    def failed(exc: OSError) -> None:
        problems.append((Path(exc.filename), f"无法读取文件夹：{exc.strerror or exc}"))

    for p in map(Path, paths):
        if not p.is_dir():
            found.add(p)
            continue
        for folder, dirs, files in os.walk(p, onerror=failed):
            here = Path(folder)
            for name in dirs:
                if os.path.islink(here / name):
                    problems.append((here / name, "指向文件夹的链接：不跟随（请改为处理它"
                                     "所指向的文件夹）"))
            found.update(here / name for name in files if name != MANIFEST)
    return sorted(found)


def read_one(path: Path) -> Read:
    """Read (once), parse, extract and check one file. Never raises: a failure becomes an
    error record."""
    try:
        data = read_file(path)
    except (Exception, FileTimeout) as exc:  # recorded as any failure of the file is
        return _failure(shown(path), None, exc)
    return read_data(str(path), data, manifest_for(path), name=shown(path))


def read_data(path: str, data: bytes, manifest: ManifestEntry | None, *,
              name: str | None = None) -> Read:
    """Parse, extract and check a file from its bytes (on a cluster's worker: the parent
    read them, and the manifest entry that goes with them). Never raises."""
    name = name or path
    digest = hashlib.sha256(data).hexdigest()
    try:
        report = _parsed(path, data, manifest, name)
        rows = as_tuples(_rows(report, check_report(report), compute_rates(report)))
        _check_storable(rows)
        return Read(name, rows, _slim(report))
    except (Exception, FileTimeout) as exc:  # a bug must not cost the batch a file
        return _failure(name, digest, exc)


def _parsed(path: str, data: bytes, manifest: ManifestEntry | None, name: str) -> Report:
    """The file's report with its figures; `name`: the path as stored (shown())."""
    entry = manifest or ManifestEntry(Path(path).name, None, None, None)
    report = parse_file(path, data=data, manifest=entry)
    if name != path:
        report.warnings.insert(0, ReportWarning(
            "file_name", f"文件名不是有效的 UTF-8；存为 {name}"))
    metrics_of(report)
    return report


def _data_arguments(path: Path) -> tuple[tuple, dict]:
    """What a cluster's worker needs to read a file it cannot see: its bytes (read here:
    raises as read_file does), its manifest entry, the name it is recorded under."""
    return (str(path), read_file(path), manifest_for(path)), {"name": shown(path)}


def read_group(paths: tuple[Path, ...]) -> MergedRead:
    """The renderings of one report (files of one agency and year) read again and merged
    into one report, in a worker as each file was read: the writer only writes."""
    try:
        (files,), _ = _group_arguments(paths)
    except (Exception, FileTimeout) as exc:  # gone or changed since its first reading
        return MergedRead(error=f"重新读取时出错：{shown(str(exc))}")
    return read_group_data(files)


def read_group_data(files: list[tuple[str, bytes, ManifestEntry | None]]) -> MergedRead:
    """read_group from the files' paths, bytes and manifest entries (on a cluster's
    worker). Never raises."""
    try:
        full = [_parsed(path, data, manifest, shown(path)) for path, data, manifest in files]
        merged = merge_renderings(full)
        rows = _rows(merged.report, check_report(merged.report),
                     compute_rates(merged.report))
        rows["renderings"] = [_rendering_row(r, merged) for r in full]
        # What was wrong with each other rendering stays visible, under the report.
        n = len(rows["parse_warnings"])
        for other in merged.others:
            name = Path(other.path).name if other.path else other.sha256[:12]
            for w in other.warnings:
                rows["parse_warnings"].append({
                    "report": merged.report.sha256, "n": n, "code": w.code,
                    "message": f"[{name}] {w.message}", "line": w.line, "table_no": w.table})
                n += 1
        rows["reports"][0]["parse_warnings"] = n  # the count says what the rows list
        rows = as_tuples(rows)
        _check_storable(rows)
        return MergedRead(rows, _slim(merged.report), [o.sha256 for o in merged.others])
    except (Exception, FileTimeout) as exc:  # each file was read once: a bug, never the build
        return MergedRead(error=f"合并时出错：{type(exc).__name__}: {shown(str(exc))}")


_GROUP_FAILED = {"timeout": "合并这些文件的用时超过上限，其工作进程已被停止",
                 "worker_died": "合并这些文件的工作进程意外终止（内存耗尽或被系统终止？）"}


def failed_group(paths: tuple[Path, ...], code: str, message: str) -> MergedRead:
    """The result of a group whose worker died or hung (publish.workers, publish.cluster):
    said alike on both, whose messages are about one file."""
    return MergedRead(error=_GROUP_FAILED.get(code, message))


def _group_unreadable(paths: tuple[Path, ...]) -> MergedRead:
    """A group whose bytes the parent cannot read again (a cluster build): why, without
    parsing anything here."""
    try:
        for p in paths:
            read_file(p)
    except (Exception, FileTimeout) as exc:
        return MergedRead(error=f"重新读取时出错：{shown(str(exc))}")
    return MergedRead(error="重新读取时出错")


def _group_arguments(paths: tuple[Path, ...]) -> tuple[tuple, dict]:
    """What a cluster's worker needs to merge a group it cannot see (read_group_data)."""
    return ([(str(p), read_file(p), manifest_for(p)) for p in paths],), {}


def _failure(name: str, digest: str | None, exc: BaseException) -> Read:
    if isinstance(exc, ReportError):
        return Read(name, error=_error(name, digest, exc, exc.code, exc.line))
    if isinstance(exc, FileTimeout):
        return Read(name, error=_error(name, digest, exc, exc.code, None))
    if isinstance(exc, MemoryError):
        limit = current().memory_bytes / 2**30
        return Read(name, error=_error(name, digest, MemoryError(
            f"读取文件所需的内存超过单个文件 {limit:g} GB 的上限"), "memory", None))
    return Read(name, error=_error(name, digest, exc, "internal_error", None))


def failed_read(path: Path, code: str, message: str) -> Read:
    """The record of a file whose worker died or hung (publish.workers)."""
    name = shown(path)
    return Read(name, error=error_row(name, "WorkerError", code, message))


def error_row(name: str, error_class: str, code: str, message: str,
              sha256: str | None = None, line: int | None = None) -> dict:
    """A row of ingest_errors; the message starts with the path, as a ReportError's does."""
    return {"path": name, "sha256": sha256, "error_class": error_class, "code": code,
            "message": f"{name}: {message}", "line": line}


_SQLITE_INT = 2**63
# Where a number read from the file is stored (the other integers are counts and lines).
_READ_NUMBERS = {table: [COLUMNS[table].index(c) for c in columns] for table, columns in {
    "cells": ("value",), "metrics": ("value",), "rates": ("numerator", "denominator"),
    "findings": ("expected", "found", "inferred_value")}.items()}


def _check_storable(rows: dict[str, list[tuple]]) -> None:
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


def _slim(report: Report) -> Report:
    """What the year-over-year rules read: identity, warnings and their cells."""
    return replace(report, sections=[], preamble=None, metrics=None, origins=None,
                   cells=[c for c in report.cells if needed_across_years(c.key)])


def _error(name: str, digest: str | None, exc: Exception, code: str,
           line: int | None) -> dict:
    row = error_row(name, type(exc).__name__, code, shown(str(exc)), digest, line)
    if isinstance(exc, ReportError):  # its message names the path (and line) already
        row["message"] = shown(str(exc))
    return row


def build(paths: Iterable[str | Path], db_path: str | Path, *, jobs: int = 1,
          progress: Callable[[Read], None] | None = None,
          stage: Callable[[str], None] | None = None, limits: Limits = LIMITS,
          read: Callable[[Path], Read] = read_one, dask: object | None = None) -> Summary:
    """Read `paths` into the database at `db_path`. `progress` is called once per file
    read, `stage` with the name of each step that follows the reading.

    `jobs` worker processes read the files (0: this process, with the time limit only, for
    a debugger or a profiler); `limits` are what one file may cost; `read` reads one file
    (a module-level function: the workers import it). `dask`: read on that Dask cluster
    instead (a scheduler's address, or a LocalCluster), the database written here."""
    unreadable: list[tuple[Path, str]] = []
    files = find_inputs(paths, unreadable)
    say = stage or (lambda _: None)
    summary = Summary(files=len(files) + len(unreadable))
    target = Path(db_path)
    removed = remove_stale_temp_files(target)
    if removed:
        say(f"removed {removed} temporary files left by interrupted builds")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        db.execute("PRAGMA journal_mode = OFF")  # a fresh file, moved into place when done
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA cache_size = -{_CACHE_KB}")
        ensure_shape(db, loaded=False)
        folders = [Read(shown(p), error=error_row(shown(p), "FolderError", "folder", why))
                   for p, why in unreadable]
        with Workers(jobs, limits, warm=pipeline) as workers:  # started at the first file
            if dask is not None:
                from govparse.publish.cluster import clustered

                reads = clustered(read, read_data, files, scheduler=dask, limits=limits,
                                  failed=failed_read, arguments=_data_arguments)
            else:
                reads = workers.run(read, files, failed=failed_read)
            try:
                reports = _insert(db, chain(folders, reads), summary, progress)
            finally:
                reads.close()  # a pass stopped by an error stops its workers
            say("renderings of one report")
            groups = renderings_groups(reports)
            merges = _merges([tuple(Path(r.path) for r in g) for g in groups],  # type: ignore[arg-type]
                             workers=workers, limits=limits, dask=dask)
            try:
                reports = _renderings(db, reports, groups, merges, summary)
            finally:
                merges.close()
        say("year-over-year rules")
        _across_years(db, reports, summary)
        say("text reuse")
        text_reuse(db)
        db["agencies"].insert_all(_agencies(reports), pk="name")
        say("who published and who did not")
        coverage(db)
        db["rules"].insert_all(({"id": r.id, "level": r.level, "severity": r.severity,
                                 "applies": r.applies, "scope": r.scope, "zh": r.zh,
                                 "en": r.en} for r in rules().values()), pk="id")
        ensure_shape(db, stage=say)
        counts = {name: db[name].count for name in db.table_names()}
        db.close()
        os.replace(tmp, target)
    except (sqlite3.OperationalError, OSError) as exc:
        if "full" in str(exc) or getattr(exc, "errno", None) == errno.ENOSPC:
            raise BuildError(f"{tmp.parent}: 磁盘已满，无法写入数据库（原有的数据库未受影响）；"
                             "请腾出空间后重新构建") from None
        if isinstance(exc, sqlite3.OperationalError):
            raise BuildError(f"{tmp}: 无法写入数据库：{exc}") from None
        raise
    finally:
        tmp.unlink(missing_ok=True)
    write_inspect_file(target, counts)
    return summary


def _merges(groups: list[tuple[Path, ...]], *, workers: Workers, limits: Limits,
            dask: object | None) -> Iterator[MergedRead]:
    """Each group of renderings merged where the files were read (read_group), by the same
    workers: a group is allowed the time of as many files as the largest group has, and the
    memory of one file (a group that needs more stays unmerged, and says so)."""
    if not groups:
        return
    seconds = limits.seconds * max(map(len, groups))
    if dask is not None:
        from govparse.publish.cluster import clustered

        yield from clustered(_group_unreadable, read_group_data, groups, scheduler=dask,
                             limits=limits.but(seconds=seconds), failed=failed_group,
                             arguments=_group_arguments)
    else:
        yield from workers.run(read_group, groups, failed=failed_group, seconds=seconds)


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
_CACHE_KB = 131_072  # SQLite's page cache while building: indexes are sorted in memory


def _insert(db: sqlite_utils.Database, reads: Iterable[Read], summary: Summary,
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
        summary.strict_failed += read.rows["reports"][0][_STRICT_FAILED]
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


def _renderings(db: sqlite_utils.Database, reports: list[Report], groups: list[list[Report]],
                merges: Iterable[MergedRead], summary: Summary) -> list[Report]:
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
        summary.strict_failed += merged.rows["reports"][0][_STRICT_FAILED] - before[1]
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


def _rendering_row(rendering: Report, merged: Merged) -> dict:
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


def _across_years(db: sqlite_utils.Database, reports: list[Report], summary: Summary) -> None:
    """The year-over-year rules, once every report is in: their findings are added to the
    year N report, and its counts updated."""
    results = check_reports(reports, {r.sha256: CheckResult() for r in reports})
    for sha, result in results.items():
        if not result.findings:
            continue
        row = db["reports"].get(sha)
        first = db.execute("select count(*) from findings where report = ?", [sha]).fetchone()[0]
        rows = _finding_rows(sha, result.findings, first)
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


def _agencies(reports: list[Report]) -> list[dict]:
    years: dict[str, list[int]] = {}
    for report in reports:
        if report.agency:
            years.setdefault(report.agency, []).append(report.year or 0)
    rows = []
    for name in sorted(years):
        a = describe(name)
        known = [y for y in years[name] if y]
        rows.append({**{k: v for k, v in asdict(a).items() if k != "region_candidates"},
                     "region_candidates": "；".join(a.region_candidates) or None,
                     "reports": len(years[name]), "first_year": min(known, default=None),
                     "last_year": max(known, default=None)})
    return rows


def _finding_rows(sha: str, findings: list[Finding], first: int = 0) -> list[dict]:
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


def _rows(report: Report, result: CheckResult, rates: list[Rate]) -> dict[str, list[dict]]:
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
        "findings": _finding_rows(sha, result.findings),
        "rates": [{"report": sha, "rate": r.id, "name": r.name, "value": r.value,
                   "numerator": r.numerator, "denominator": r.denominator,
                   "small_number": int(r.small_number), "reason": r.reason,
                   "lines": ",".join(map(str, r.lines)) or None} for r in rates],
        "parse_warnings": [{"report": sha, "n": i, "code": w.code, "message": w.message,
                            "line": w.line, "table_no": w.table}
                           for i, w in enumerate(report.warnings)],
    }
