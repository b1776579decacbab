"""Updating a database built before: only the files that changed are read again, and what
depends on them is computed again, so that the result is the database a full build of the
same files would give (tests/publish/test_update.py compares them).

What a changed file can change beyond its own rows, and how far this goes:
- its agency's other reports: the year-over-year rules, the renderings of one report (files of
  one agency and year) and the `changes` table compare them, so every file of an agency one
  changed file belongs to (before or after) is read again with it;
- a file of the same content: one of two copies is the report and the other a duplicate,
  so both are read again;
- text reuse, coverage, the agencies, the counts per rule and per kind of figure and the
  home page's summaries: computed again over the whole database (set-based, seconds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from govparse.publish.inputs import shown
from govparse.publish.ledger import Ledger, Stat, changed
from govparse.publish.reading import Read
from govparse.publish.rows import COLUMNS
from govparse.publish.schema import DERIVED_KEYS, derived_tables

# Tables computed over every report once all are in: emptied and filled again.
ACROSS = ("text_reuse", "reuse_passages", "coverage", "rules")


@dataclass
class Changes:
    reads: list[Read]  # the files read again, in the order of the inputs
    forgotten: set[str]  # inputs whose earlier rows go: the ones read again and the gone
    unchanged: int
    gone: int


def read_changes(db: sqlite_utils.Database, ledger: Ledger, stats: dict[str, Stat | None],
                 files: list[Path], reading: Callable[[list[Path]], Iterator[Read]],
                 progress: Callable[[Read], None] | None) -> Changes:
    """Read the files that changed (and those that failed before: a worker that died, a file
    not readable then), then every file of their agencies and every copy of their contents,
    before and after, until nothing more is touched."""
    paths = {shown(p): p for p in files}
    dirty, gone = changed(ledger, stats, paths)
    dirty |= {path for path, why in db.execute("select path, error_class from ingest_errors")
              if why != "DuplicateReport" and path in paths}  # a copy: read with its original
    agency = dict(db.execute("select sha256, agency from reports").fetchall())
    before = {n: (r.sha256, agency.get(r.report)) for n, r in ledger.inputs.items()}
    kept = set(paths) - dirty
    agencies = {before[n][1] for n in dirty | gone if n in before}
    shas = {before[n][0] for n in dirty | gone if n in before}
    wanted, done = set(dirty), {}
    while True:
        agencies.discard(None)
        shas.discard(None)
        wanted |= {n for n in kept if before[n][1] in agencies or before[n][0] in shas}
        pending = sorted((paths[n] for n in wanted if n not in done), key=str)
        if not pending:
            break
        reads = reading(pending)
        try:
            for read in reads:
                done[read.path] = read
                if progress:
                    progress(read)
                if read.report is not None:
                    agencies.add(read.report.agency)
                    shas.add(read.report.sha256)
                elif read.error is not None:
                    shas.add(read.error.get("sha256"))
        finally:
            reads.close()  # stopped by an error: its workers with it
    order = {n: i for i, n in enumerate(sorted(paths, key=lambda n: paths[n]))}
    return Changes(sorted(done.values(), key=lambda r: order[r.path]), set(done) | gone,
                   len(kept - set(done)), len(gone))


def forget(db: sqlite_utils.Database, ledger: Ledger, inputs: Iterable[str]
           ) -> tuple[set[str], set[str]]:
    """Remove every row that came from `inputs` (and the rows computed over all reports);
    the reports removed, and their agencies."""
    inputs = set(inputs)
    reports = {ledger.inputs[n].report for n in inputs if n in ledger.inputs} - {None}
    db.execute("create temp table if not exists gone_reports (sha256 text primary key)")
    db.execute("delete from temp.gone_reports")
    db.conn.executemany("insert into temp.gone_reports values (?)", [(s,) for s in reports])
    agencies = {a for (a,) in db.execute("select distinct agency from reports where sha256 in "
                                         "(select sha256 from temp.gone_reports)")}
    for table, columns in COLUMNS.items():
        key = "sha256" if table == "reports" else "report"
        if table not in ACROSS and key in columns:
            db.execute(f"delete from [{table}] where [{key}] in "
                       "(select sha256 from temp.gone_reports)")
    for name, key in DERIVED_KEYS.items():
        if "report" in key:
            db.execute(f"delete from [{name}] where report in "
                       "(select sha256 from temp.gone_reports)")
    db.conn.executemany("delete from ingest_errors where path = ?", [(n,) for n in inputs])
    db.execute("delete from ingest_errors where error_class in ('FolderError', 'ArchiveError')")
    for table in ACROSS:
        db.execute(f"delete from [{table}]")
    db.conn.commit()
    return reports, agencies


def refresh_derived(db: sqlite_utils.Database, reports: Iterable[str]) -> None:
    """The derived tables' rows of `reports` (new or read again) computed, and the counts
    over all reports computed again."""
    db.execute("create temp table if not exists new_reports (sha256 text primary key)")
    db.execute("delete from temp.new_reports")
    db.conn.executemany("insert or ignore into temp.new_reports values (?)",
                        [(s,) for s in reports])
    for name, sql in derived_tables("{} in (select sha256 from temp.new_reports)").items():
        if "report" in DERIVED_KEYS.get(name, ()):
            db.execute(f"insert into [{name}] {sql}")
        else:
            db.execute(f"delete from [{name}]")
            db.execute(f"insert into [{name}] {sql}")
    db.conn.commit()
