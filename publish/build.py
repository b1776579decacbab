"""Build the database: read every file, check it, extract its figures, write SQLite.

    summary = build(["corpus/"], "reports.db", jobs=2)

Each file is read on its own in a worker process (govparse.publish.workers), within the limits of
govparse/sources/limits.yml, and ends up either in `reports` or in `ingest_errors`; one bad file,
even one that hangs or kills its worker, never stops the batch. The database is written to
a temporary file next to the target and moved into place only when complete, so an
interrupted build leaves the previous database intact; the next build removes what it left.

The rooms, in the order a file goes through them: inputs (which files), ledger (what the last
build read), update (over a database built before: what to read again and what goes),
reading (in the workers: file -> rows), rows (Report -> rows), writer (rows -> SQLite), schema
(the shape), across (text reuse, coverage); this module runs them.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from itertools import chain
from pathlib import Path

import sqlite_utils

from govparse.checks import rules
from govparse.narrative import pipeline
from govparse.publish.across import coverage, text_reuse
from govparse.publish.inputs import find_inputs, shown
from govparse.publish.ledger import Ledger, fingerprint, load, reader_name, record, stats_of
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
from govparse.publish.schema import ensure_shape
from govparse.publish.summaries import make_summaries
from govparse.publish.update import forget, read_changes, refresh_derived
from govparse.publish.workers import Workers
from govparse.publish.writer import (
    CACHE_KB,
    Summary,
    across_years,
    insert_reads,
    remove_stale_temp_files,
    write_agencies,
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
          read: Callable[[Path], Read] = read_one, dask: object | None = None,
          full: bool = False, planned: Callable[[int], None] | None = None) -> Summary:
    """Read `paths` into the database at `db_path`. `progress` is called once per file
    read, `planned` with the number of files each pass is about to read (an update reads
    fewer than it is given, in a pass or two), `stage` with the name of each step that
    follows the reading.

    A database built before from files, by this same code, is updated (publish/update.py):
    only the files that changed are read again, and the result is what a full build would
    give; `full` reads every file whatever was built before.

    `jobs` worker processes read the files (0: this process, with the time limit only, for
    a debugger or a profiler); `limits` are what one file may cost; `read` reads one file
    (a module-level function: the workers import it). `dask`: read on that Dask cluster
    instead (a scheduler's address, or a LocalCluster), the database written here."""
    unreadable: list[tuple[Path, str]] = []
    files = find_inputs(paths, unreadable)
    stats = stats_of(files)  # before any file is read: one changed meanwhile is read next time
    code = fingerprint(reader_name(read))
    say = stage or (lambda _: None)
    summary = Summary(files=len(files) + len(unreadable))
    target = Path(db_path)
    removed = remove_stale_temp_files(target)
    if removed:
        say(f"已删除中断的构建留下的 {removed} 个临时文件")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        ledger = None if full else _previous(target, code, say)
        if ledger is not None:
            say("复制原有数据库")
            shutil.copyfile(target, tmp)
        db = sqlite_utils.Database(tmp)
        db.execute("PRAGMA journal_mode = OFF")  # a file of its own, moved into place when done
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        ensure_shape(db, loaded=False)
        folders = [Read(shown(p), error=error_row(shown(p), *(
            ("FolderError", "folder") if p.is_dir() else ("ArchiveError", "archive")), why))
                   for p, why in unreadable]
        with Workers(jobs, limits, warm=pipeline) as workers:  # started at the first file

            def reading(some: list[Path]) -> Iterator[Read]:
                if planned:
                    planned(len(some))
                if dask is not None:
                    from govparse.publish.cluster import clustered

                    return clustered(read, read_data, some, scheduler=dask, limits=limits,
                                     failed=failed_read, arguments=data_arguments)
                return workers.run(read, some, failed=failed_read)

            if ledger is None:
                reads = reading(files)
                try:
                    reports = insert_reads(db, chain(folders, reads), summary, progress)
                finally:
                    reads.close()  # a pass stopped by an error stops its workers
                summary.read = len(files)
            else:
                changes = read_changes(db, ledger, stats, files, reading, progress)
                summary.updated = True
                summary.read, summary.unchanged, summary.removed = \
                    len(changes.reads), changes.unchanged, changes.gone
                say(f"读取了 {summary.read} 个新的或改动的文件（及其机关的其他报告），"
                    f"{summary.unchanged} 个未变，{summary.removed} 个已不在")
                gone, agencies = forget(db, ledger, changes.forgotten)
                reports = insert_reads(db, chain(folders, changes.reads), summary, None)
            say("合并同一报告的不同文件")
            groups = renderings_groups(reports)
            merges = _merges([tuple(Path(r.path) for r in g) for g in groups],  # type: ignore[arg-type]
                             workers=workers, limits=limits, dask=dask)
            try:
                reports = write_merged_renderings(db, reports, groups, merges, summary)
            finally:
                merges.close()
        say("跨年度规则")
        across_years(db, reports, summary)
        say("文本重复")
        text_reuse(db)
        write_agencies(db, None if ledger is None else agencies | {r.agency for r in reports})
        say("哪些机关发布了、哪些没有")
        coverage(db)
        db["rules"].insert_all(({"id": r.id, "level": r.level, "severity": r.severity,
                                 "applies": r.applies, "scope": r.scope, "zh": r.zh,
                                 "en": r.en} for r in rules().values()), pk="id")
        if ledger is not None:
            say("派生表中更新的报告")
            refresh_derived(db, gone | {r.sha256 for r in reports})
            summary.count(db)
        say("首页汇总")
        make_summaries(db)
        ensure_shape(db, stage=say)
        record(db, stats, code)
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


def _previous(target: Path, code: str, say: Callable[[str], None]) -> Ledger | None:
    """The ledger of the database at `target` when it can be updated: built by this same
    code, with its ledger. None: a full build."""
    if not target.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as conn:
            ledger = load(sqlite_utils.Database(conn))
    except sqlite3.DatabaseError:
        say(f"{target} 不是可读的数据库：完整构建")
        return None
    if ledger.code is None:
        say(f"{target} 没有记录构建时读取的文件：完整构建")
        return None
    if ledger.code != code:
        say(f"{target} 由另一版本的程序构建：完整构建，重新读取每个文件")
        return None
    return ledger


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
