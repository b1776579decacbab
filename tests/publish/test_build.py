"""publish/build.py: the database's shape, its repeatability, and a batch that loses nothing."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import sqlite_utils

from govparse.publish.build import build
from govparse.publish.row_counts import current_inspect_file, inspect_path
from govparse.publish.schema import FTS, TABLES, derived_tables
from govparse.publish.serve import datasette_args
from tests.conftest import CORPUS, SEEDS


def _dump(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def test_every_table_view_index_and_fulltext_index_exists(built_db):
    db = sqlite_utils.Database(built_db)
    assert set(TABLES) <= set(db.table_names())
    assert set(derived_tables()) <= set(db.table_names())  # derived tables, computed once
    assert ["机关", "年度"] in [i.columns for i in db["agency_years"].indexes]
    for table in FTS:
        assert db[table].detect_fts() == f"{table}_fts"
    fks = {(fk.column, fk.other_table) for fk in db["cells"].foreign_keys}
    assert ("report", "reports") in fks
    assert ["agency", "year"] in [i.columns for i in db["reports"].indexes]
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_counts_on_the_seed_corpus(built_db):
    db = sqlite_utils.Database(built_db)
    assert db["reports"].count == 5 and db["ingest_errors"].count == 0
    assert db["sections"].count == 30
    assert db["metrics"].count == 46
    assert db["agencies"].count == 4  # 湘潭县人社局 has 2020 and 2025
    cell = next(db.query("select value, status, line from cells c join reports r "
                         "on r.sha256 = c.report where r.agency = '湘潭县人民政府' "
                         "and c.key = 't3.R01.C7'"))
    assert cell == {"value": 177, "status": "value", "line": 90}  # as in tests/golden
    # blank is not zero, unreadable is not a guess: only printed values have a value
    assert db.execute("select count(*) from cells where (status = 'value') != "
                      "(value is not null)").fetchone() == (0,)
    assert db.execute("select count(*) from cells where status = 'unreadable'"
                      ).fetchone() == (2,)  # seed 003's table 三: blank or 0, twice


def test_the_same_corpus_gives_the_same_database(tmp_path):
    once, again = tmp_path / "once.db", tmp_path / "again.db"
    build([CORPUS], once)
    build([CORPUS], again)
    assert _dump(again) == _dump(once)


def test_every_real_report_of_the_corpus_is_read(tmp_path):
    summary = build([CORPUS], tmp_path / "reports.db")
    db = sqlite_utils.Database(tmp_path / "reports.db")
    assert summary.files == len([p for p in CORPUS.iterdir() if p.name != "manifest.csv"])
    # the saved page and the crawler's dump of one 平潭 report are one report, and so are
    # 洪泽区's PDF and the text a PDF tool took from it
    assert db["ingest_errors"].count == 0 and summary.renderings == 4
    assert db["reports"].count == summary.reports == summary.files - 4
    assert db.execute("select count(*) from renderings where role = 'rendering' and "
                      "disagreements = 0").fetchone() == (4,)
    assert db.execute("select count(*) from (select agency, year from reports group by "
                      "agency, year having count(*) > 1)").fetchone() == (0,)
    layouts = {r["layout"] for r in db.query("select layout from reports")}
    assert {"tsv", "mixed", "tab-cells", "pipe-cells"} <= layouts
    assert {r["layout"] for r in db["renderings"].rows} == {"tsv", "run-together", "spaced"}
    # never a value without its source, never a number read for an unreadable cell
    assert db.execute("select count(*) from cells where status = 'value' and (line is null "
                      "or placed is null or value is null)").fetchone() == (0,)


def test_a_bad_file_goes_to_ingest_errors_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in [*SEEDS, "manifest.csv"]:
        shutil.copy(CORPUS / name, folder)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "notes.txt").write_text("会议纪要\n\n今天开会。\n", encoding="utf-8")
    (folder / "copy.txt").write_bytes((CORPUS / "001_7082bf4ff2eed00e.txt").read_bytes())
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 binary")
    summary = build([folder], tmp_path / "reports.db")
    db = sqlite_utils.Database(tmp_path / "reports.db")
    errors = {r["path"].split("/")[-1]: r for r in db["ingest_errors"].rows}
    assert summary.files == 9 and db["reports"].count == 5 and len(errors) == 4
    assert errors["copy.txt"]["code"] == "duplicate"
    assert errors["notes.txt"]["error_class"] == "NotAReportError"
    assert "PDF 无法读取" in errors["scan.pdf"]["message"]
    assert errors["empty.txt"]["message"]


def test_an_interrupted_build_leaves_the_previous_database(tmp_path, monkeypatch):
    target = tmp_path / "reports.db"
    build([CORPUS / "001_7082bf4ff2eed00e.txt"], target)
    before = _dump(target)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("govparse.publish.build.across_years", crash)
    with pytest.raises(KeyboardInterrupt):
        build([CORPUS], target)
    assert _dump(target) == before
    # No temporary left; the previous database keeps its row counts.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports.db", "reports.inspect.json"]
    assert current_inspect_file(target) is not None


def test_two_jobs_give_the_same_database(built_db, tmp_path):
    parallel = tmp_path / "reports.db"
    build([CORPUS / name for name in SEEDS], parallel, jobs=2)
    assert _dump(parallel) == _dump(built_db)


def test_year_over_year_findings_reach_the_database(tmp_path, reports):
    """Seed 001 plus itself made into 2024 with 7 carried forward: 2025 carries over 5."""
    folder = tmp_path / "in"
    folder.mkdir()
    now = CORPUS / "001_7082bf4ff2eed00e.txt"
    shutil.copy(now, folder)
    lines = now.read_text("utf-8").split("\n")
    for key in ("t3.R25.C1", "t3.R25.C7"):
        lines[reports["001"].cell(key).line - 1] = "\t7"
    before = "\n".join(lines).replace("湘潭县人民政府2025年", "湘潭县人民政府2024年")
    (folder / "2024.txt").write_text(before, encoding="utf-8")
    summary = build([folder], tmp_path / "reports.db")
    db = sqlite_utils.Database(tmp_path / "reports.db")
    rows = list(db.query("select r.year, f.found, f.expected, f.other_report is not null as o "
                         "from findings f join reports r on r.sha256 = f.report "
                         "where f.rule = 'T3-XY'"))
    assert {(r["year"], r["found"], r["expected"], r["o"]) for r in rows} == {(2025, 5, 7, 1)}
    [infos] = [r["infos"] for r in db.query("select infos from reports where year = 2025")]
    assert infos == db.execute("select count(*) from findings f join reports r on "
                               "r.sha256 = f.report where r.year = 2025 and "
                               "f.severity = 'info'").fetchone()[0]
    assert summary.findings == db["findings"].count


def test_the_build_writes_its_row_counts_for_datasette(built_db, tmp_path):
    import json

    counts = json.loads(inspect_path(built_db).read_text("utf-8"))["reports"]["tables"]
    db = sqlite_utils.Database(built_db)
    assert {name: c["count"] for name, c in counts.items()} == {
        name: db[name].count for name in db.table_names()}
    args = datasette_args(built_db)
    assert args[args.index("--inspect-file") + 1] == str(inspect_path(built_db))
    # A copy without its counts, or a database replaced after them, is counted by Datasette.
    copy = tmp_path / "reports.db"
    shutil.copy(built_db, copy)
    assert current_inspect_file(copy) is None and "--inspect-file" not in datasette_args(copy)
    shutil.copy(inspect_path(built_db), inspect_path(copy))
    with sqlite_utils.Database(copy) as changed:
        changed["ingest_errors"].insert({"path": "x"})
    assert current_inspect_file(copy) is None


def test_renderings_are_merged_in_the_workers_not_by_the_writer(tmp_path, monkeypatch):
    import govparse.publish.reading as reading

    def parse_here(*args, **kwargs):
        raise AssertionError("the writer parsed a file")

    # The workers are processes of their own: only a parse in this process would raise.
    monkeypatch.setattr(reading, "parse_file", parse_here)
    files = [CORPUS / "pingtan-2021.html", CORPUS / "pingtan-2021.txt"]
    summary = build(files, tmp_path / "reports.db", jobs=1)
    db = sqlite_utils.Database(tmp_path / "reports.db")
    assert (summary.reports, summary.renderings, db["reports"].count) == (1, 1, 1)
    assert [r["role"] for r in db.query("select role from renderings order by role")] == \
        ["rendering", "report"]
    _counts_match_rows(db)  # the other rendering's warnings are listed under the report


def test_a_group_that_cannot_be_merged_stays_as_separate_reports_that_say_why(tmp_path,
                                                                              monkeypatch):
    import govparse.publish.build as build_module

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("pingtan-2021.html", "pingtan-2021.txt"):
        shutil.copy(CORPUS / name, folder)
    merges = build_module._merges

    def changed_meanwhile(groups, **kwargs):
        (folder / "pingtan-2021.txt").write_bytes(
            (CORPUS / "pingtan-2021.txt").read_bytes() + b"\n\n")
        return merges(groups, **kwargs)

    monkeypatch.setattr(build_module, "_merges", changed_meanwhile)
    summary = build([folder], tmp_path / "reports.db", jobs=1)
    db = sqlite_utils.Database(tmp_path / "reports.db")
    assert (summary.reports, summary.renderings, db["reports"].count) == (2, 0, 2)
    said = [r["message"] for r in db.query(
        "select message from parse_warnings where code = 'renderings_not_merged'")]
    assert len(said) == 2 and all("被改动" in m and "各自保留" in m for m in said)
    assert db["renderings"].count == 0
    _counts_match_rows(db)


def _counts_match_rows(db: sqlite_utils.Database) -> None:
    assert db.execute("select count(*) from reports r where parse_warnings != (select "
                      "count(*) from parse_warnings w where w.report = r.sha256)"
                      ).fetchone() == (0,)


def test_a_group_that_timed_out_or_lost_its_worker_is_said_as_a_group():
    from govparse.publish.reading import failed_group

    # The pools' messages are about one file and differ locally and on Dask: a group's
    # warning is the same on both, and does not say the files were skipped.
    for code in ("timeout", "worker_died"):
        local = failed_group((CORPUS / "a.txt",), code, "读取此文件……构建已跳过该文件")
        dask = failed_group((CORPUS / "a.txt",), code, "读取它的工作进程每次都意外退出了")
        assert local.error == dask.error and "跳过" not in local.error and "合并" in local.error
