"""publish/update.py: building again over a database reads only the files that changed, and
gives the database a full build of the same files gives, row for row."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import sqlite_utils

from govparse.publish.build import build
from tests.conftest import CORPUS, SEEDS

# Text and pages only (a PDF costs seconds): the seeds, two renderings of one report
# (pingtan's saved page and its dump), and a markdown report.
_FILES = [*SEEDS, "pingtan-2019.html", "pingtan-2019.txt", "pingtan-2021.txt",
          "pingtan-2023.txt", "shanghai-gov-office-2025.md"]


def _rows(path: Path) -> dict[str, Counter]:
    db = sqlite_utils.Database(path)
    return {t: Counter(db.execute(f"select * from [{t}]").fetchall()) for t in db.table_names()
            if not t.startswith(("sqlite_", "sections_fts_", "agencies_fts_"))}


def _assert_same(updated: Path, full: Path) -> None:
    a, b = _rows(updated), _rows(full)
    assert set(a) == set(b)
    differ = {t: (sum((a[t] - b[t]).values()), sum((b[t] - a[t]).values()))
              for t in a if a[t] != b[t]}
    assert differ == {}, differ
    for db in (updated, full):  # the full-text index follows its table
        with sqlite3.connect(db) as conn:
            assert conn.execute("select count(*) from sections_fts where sections_fts "
                                "match '政府信息公开'").fetchone()[0] == conn.execute(
                "select count(*) from sections where heading || text like "
                "'%政府信息公开%'").fetchone()[0]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in _FILES:
        shutil.copy2(CORPUS / name, folder / name)
    rows = [line for line in (CORPUS / "manifest.csv").read_text("utf-8").splitlines()
            if line.split(",")[0] in ("file", *_FILES)]
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return folder


def _touch_later(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


def test_an_update_reads_only_what_changed_and_equals_a_full_build(tmp_path):
    folder = _folder(tmp_path)
    db = tmp_path / "reports.db"
    first = build([folder], db, jobs=0)
    assert first.read == len(_FILES)

    # nothing changed: nothing read, and a file touched but not changed is not read either
    _touch_later(folder / SEEDS[0])
    again = build([folder], db, jobs=0)
    assert (again.read, again.unchanged, again.removed) == (0, len(_FILES), 0)
    assert again.reports == first.reports

    # one seed changed (its agency's other years are read with it), one removed, one added
    # (a copy of a seed under another name: a duplicate), and one of pingtan's two
    # renderings of 2019 removed (the other stays as the report)
    seed = folder / SEEDS[3]
    seed.write_text(seed.read_text("utf-8").replace("行政复议", "行政复议 ", 1), "utf-8")
    (folder / SEEDS[4]).unlink()
    (folder / "pingtan-2019.html").unlink()
    shutil.copy2(CORPUS / SEEDS[1], folder / "zz-copy.txt")
    passes: list[int] = []
    update = build([folder], db, jobs=0, planned=passes.append)
    assert update.removed == 2
    assert 2 <= update.read < len(_FILES) - 2
    assert sum(passes) == update.read  # what the progress bar is told to expect
    full = build([folder], tmp_path / "full.db", jobs=0, full=True)
    assert (update.reports, update.errors, update.findings, update.renderings) == (
        full.reports, full.errors, full.findings, full.renderings)
    _assert_same(db, tmp_path / "full.db")

    # a manifest rewritten with one entry changed: that file is read again (with its
    # agency's other reports), not the folder
    manifest = folder / "manifest.csv"
    lines = manifest.read_text("utf-8").splitlines()
    changed = next(i for i, line in enumerate(lines) if line.startswith(SEEDS[2]))
    lines[changed] = lines[changed].replace(",2020,", ",2021,")
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    _touch_later(manifest)
    update = build([folder], db, jobs=0)
    assert 1 <= update.read < update.unchanged
    build([folder], tmp_path / "full.db", jobs=0, full=True)
    _assert_same(db, tmp_path / "full.db")


def test_files_only_removed_take_their_agency_and_their_copies_with_them(tmp_path):
    # the copy of a removed report becomes the report; a removed rendering leaves the other
    # one the report; a removed year leaves the next compared with the one before it
    folder = _folder(tmp_path)
    shutil.copy2(folder / SEEDS[0], folder / "zz-copy.txt")
    db = tmp_path / "reports.db"
    build([folder], db, jobs=0)
    for name in (SEEDS[0], "pingtan-2019.html", "pingtan-2021.txt"):
        (folder / name).unlink()
    update = build([folder], db, jobs=0)
    assert update.removed == 3 and update.read >= 3
    build([folder], tmp_path / "full.db", jobs=0, full=True)
    _assert_same(db, tmp_path / "full.db")


def test_a_file_that_failed_is_read_again(tmp_path, monkeypatch):
    # a worker that died, a file that could not be opened then: nothing about the file
    # changed, but its failure may not be its own
    folder = _folder(tmp_path)
    db = tmp_path / "reports.db"
    build([folder], db, jobs=0)
    tables = sqlite_utils.Database(db).tables
    with sqlite3.connect(db) as conn:
        sha = conn.execute("select sha256 from reports where path like ?",
                           [f"%{SEEDS[1]}"]).fetchone()[0]
        for table in tables:
            if "report" in table.columns_dict and table.name != "build_inputs":
                conn.execute(f"delete from [{table.name}] where report = ?", [sha])
        conn.execute("delete from reports where sha256 = ?", [sha])
        conn.execute("insert into ingest_errors (path, sha256, error_class, code, message) "
                     "values (?, null, 'WorkerError', 'worker_died', '…')",
                     [str(folder / SEEDS[1])])
        conn.execute("update build_inputs set report = null, sha256 = null where path = ?",
                     [str(folder / SEEDS[1])])
    update = build([folder], db, jobs=0)
    assert update.read >= 1 and update.errors == 0
    build([folder], tmp_path / "full.db", jobs=0, full=True)
    _assert_same(db, tmp_path / "full.db")


def test_a_database_built_by_other_code_is_built_again_in_full(tmp_path):
    folder = _folder(tmp_path)
    db = tmp_path / "reports.db"
    build([folder], db, jobs=0)
    with sqlite3.connect(db) as conn:
        conn.execute("update build_info set value = 'older' where key = 'code'")
    stages: list[str] = []
    summary = build([folder], db, jobs=0, stage=stages.append)
    assert summary.read == len(_FILES)
    assert any("另一版本" in s for s in stages)
