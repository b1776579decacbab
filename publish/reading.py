"""Reading in the workers: one file (or one group of renderings of a report) -> its rows
and a slim report, or the reason it could not be read, recorded as a row of ingest_errors.
Nothing here raises for a file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from govparse.checks import check_report
from govparse.checks.cross_year import needed_across_years
from govparse.errors import ReportError
from govparse.model import Report, ReportWarning
from govparse.narrative import metrics_of
from govparse.publish.inputs import shown
from govparse.publish.rows import as_tuples, check_storable, rendering_row, report_rows
from govparse.report.metadata import ManifestEntry, manifest_for
from govparse.report.parse import parse_file
from govparse.report.rates import compute_rates
from govparse.report.renderings import merge as merge_renderings
from govparse.sources import read_file
from govparse.sources.limits import FileTimeout, current


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
        rows = as_tuples(report_rows(report, check_report(report), compute_rates(report)))
        check_storable(rows)
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


def data_arguments(path: Path) -> tuple[tuple, dict]:
    """What a cluster's worker needs to read a file it cannot see: its bytes (read here:
    raises as read_file does), its manifest entry, the name it is recorded under."""
    return (str(path), read_file(path), manifest_for(path)), {"name": shown(path)}


def read_group(paths: tuple[Path, ...]) -> MergedRead:
    """The renderings of one report (files of one agency and year) read again and merged
    into one report, in a worker as each file was read: the writer only writes."""
    try:
        (files,), _ = group_arguments(paths)
    except (Exception, FileTimeout) as exc:  # gone or changed since its first reading
        return MergedRead(error=f"重新读取时出错：{shown(str(exc))}")
    return read_group_data(files)


def read_group_data(files: list[tuple[str, bytes, ManifestEntry | None]]) -> MergedRead:
    """read_group from the files' paths, bytes and manifest entries (on a cluster's
    worker). Never raises."""
    try:
        full = [_parsed(path, data, manifest, shown(path)) for path, data, manifest in files]
        merged = merge_renderings(full)
        rows = report_rows(merged.report, check_report(merged.report),
                     compute_rates(merged.report))
        rows["renderings"] = [rendering_row(r, merged) for r in full]
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
        check_storable(rows)
        return MergedRead(rows, _slim(merged.report), [o.sha256 for o in merged.others])
    except (Exception, FileTimeout) as exc:  # each file was read once: a bug, never the build
        return MergedRead(error=f"合并时出错：{type(exc).__name__}: {shown(str(exc))}")


_GROUP_FAILED = {"timeout": "合并这些文件的用时超过上限，其工作进程已被停止",
                 "worker_died": "合并这些文件的工作进程意外终止（内存耗尽或被系统终止？）"}


def failed_group(paths: tuple[Path, ...], code: str, message: str) -> MergedRead:
    """The result of a group whose worker died or hung (publish.workers, publish.cluster):
    said alike on both, whose messages are about one file."""
    return MergedRead(error=_GROUP_FAILED.get(code, message))


def group_unreadable(paths: tuple[Path, ...]) -> MergedRead:
    """A group whose bytes the parent cannot read again (a cluster build): why, without
    parsing anything here."""
    try:
        for p in paths:
            read_file(p)
    except (Exception, FileTimeout) as exc:
        return MergedRead(error=f"重新读取时出错：{shown(str(exc))}")
    return MergedRead(error="重新读取时出错")


def group_arguments(paths: tuple[Path, ...]) -> tuple[tuple, dict]:
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
