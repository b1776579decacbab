"""Build the database: read every file, check it, extract its figures, write SQLite.

    summary = build(["corpus/"], "reports.db", jobs=2)

Each file is read on its own in a worker process (govparse.publish.workers), within the limits of
govparse/sources/limits.yml, and ends up either in `reports` or in `ingest_errors`; one bad file,
even one that hangs or kills its worker, never stops the batch. The database is written to
a temporary file next to the target and moved into place only when complete, so an
interrupted build leaves the previous database intact; the next build removes what it left.

The rooms, in the order a file goes through them: inputs (which files), reading (in the
workers: file -> rows), rows (Report -> rows), writer (rows -> SQLite), schema (the shape),
across (text reuse, coverage); this module runs them.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

import sqlite_utils

from govparse.checks import rules
from govparse.narrative import pipeline
from govparse.publish.across import coverage, text_reuse
from govparse.publish.inputs import find_inputs, shown
from govparse.publish.reading import (
    MergedRead,
    Read,
    data_arguments,
    error_row,
    failed_group,
    failed_read,
    group_arguments,
    group_unreadable,
    read_data,
    read_group,
    read_group_data,
    read_one,
)
from govparse.publish.row_counts import write_inspect_file
from govparse.publish.rows import agency_rows
from govparse.publish.schema import ensure_shape
from govparse.publish.summaries import make_summaries
from govparse.publish.workers import Workers
from govparse.publish.writer import (
    CACHE_KB,
    Summary,
    across_years,
    insert_reads,
    remove_stale_temp_files,
    write_merged_renderings,
)
from govparse.report.renderings import groups as renderings_groups
from govparse.sources.limits import LIMITS, Limits


class BuildError(Exception):
    """The build itself cannot go on (the disk is full, the target cannot be written): one
    line saying why. Never raised for a file: a file's trouble goes to ingest_errors."""


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
        db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        ensure_shape(db, loaded=False)
        folders = [Read(shown(p), error=error_row(shown(p), *(
            ("FolderError", "folder") if p.is_dir() else ("ArchiveError", "archive")), why))
                   for p, why in unreadable]
        with Workers(jobs, limits, warm=pipeline) as workers:  # started at the first file
            if dask is not None:
                from govparse.publish.cluster import clustered

                reads = clustered(read, read_data, files, scheduler=dask, limits=limits,
                                  failed=failed_read, arguments=data_arguments)
            else:
                reads = workers.run(read, files, failed=failed_read)
            try:
                reports = insert_reads(db, chain(folders, reads), summary, progress)
            finally:
                reads.close()  # a pass stopped by an error stops its workers
            say("renderings of one report")
            groups = renderings_groups(reports)
            merges = _merges([tuple(Path(r.path) for r in g) for g in groups],  # type: ignore[arg-type]
                             workers=workers, limits=limits, dask=dask)
            try:
                reports = write_merged_renderings(db, reports, groups, merges, summary)
            finally:
                merges.close()
        say("year-over-year rules")
        across_years(db, reports, summary)
        say("text reuse")
        text_reuse(db)
        db["agencies"].insert_all(agency_rows(reports), pk="name")
        say("who published and who did not")
        coverage(db)
        db["rules"].insert_all(({"id": r.id, "level": r.level, "severity": r.severity,
                                 "applies": r.applies, "scope": r.scope, "zh": r.zh,
                                 "en": r.en} for r in rules().values()), pk="id")
        say("summaries for the home page")
        make_summaries(db)
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

        yield from clustered(group_unreadable, read_group_data, groups, scheduler=dask,
                             limits=limits.but(seconds=seconds), failed=failed_group,
                             arguments=group_arguments)
    else:
        yield from workers.run(read_group, groups, failed=failed_group, seconds=seconds)
