"""Two years compared for a region or a list of agencies (publish/compare.py): the CLI and
the /-/compare page say the same lines, each linked to its evidence."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from govparse import parse_text
from govparse.cli import main
from govparse.publish.build import build
from govparse.publish.compare import as_text, compare
from tests.conftest import seed_text
from tests.helpers.site import Site


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    bureau_2025 = seed_text("000")
    (folder / "bureau-2025.txt").write_text(bureau_2025, encoding="utf-8")
    (folder / "bureau-2024.txt").write_text(
        bureau_2025.replace("2025", "2024"), encoding="utf-8")  # the same text a year before
    (folder / "county-2024.txt").write_text(seed_text("001").replace("2025", "2024"),
                                            encoding="utf-8")  # and nothing in 2025
    prose = parse_text(bureau_2025).sections[4].text  # 五、存在的主要问题及改进情况
    borrowed = next(s for s in prose.replace("\n", "。").split("。") if len(s) > 20) + "。"
    (folder / "other-2025.txt").write_text(seed_text("003").replace(  # 卫东区: one sentence
        "五、存在的主要问题及改进情况\n", f"五、存在的主要问题及改进情况\n{borrowed}\n", 1),
        encoding="utf-8")
    path = folder / "reports.db"
    build(sorted(folder.iterdir()), path)
    return path


@pytest.fixture(scope="module")
def result(db_path):
    return compare(sqlite3.connect(db_path), (2024, 2025), region="湘潭县")


def _part(result, start: str):
    return next(p for p in result.parts if p.title.startswith(start))


def test_who_did_not_publish(result):
    lines = _part(result, "2025年未见报告").lines
    assert [(line.text, line.link) for line in lines] == [
        ("湘潭县人民政府：2024年有报告，2025年未见",
         "/-/agency/%E6%B9%98%E6%BD%AD%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C")]


def test_copied_text_is_told_with_its_share(result):
    lines = _part(result, "文字重复").lines
    assert len(lines) == 1 and lines[0].text.startswith("湘潭县人力资源和社会保障局：正文100%")
    assert lines[0].link.endswith("#reuse")


def test_nothing_moved_when_the_numbers_are_the_same(result):
    assert _part(result, "2024年至2025年变化最大").lines == []
    assert _part(result, "数字对不上").lines == []


def test_the_cli_prints_the_same_lines_with_full_links(db_path, result):
    run = CliRunner().invoke(main, ["compare", "--region", "湘潭县", "--years", "2024", "2025",
                                    "--db", str(db_path), "--base-url", "http://x.org/"])
    assert run.exit_code == 0, run.output
    assert run.output.strip() == as_text(result, "http://x.org").strip()
    assert "http://x.org/-/agency/" in run.output and "【文字重复" in run.output


def test_the_cli_says_when_nothing_is_in_scope(db_path):
    run = CliRunner().invoke(main, ["compare", "--region", "火星", "--years", "2024", "2025",
                                    "--db", str(db_path)])
    assert run.exit_code == 2 and "没有火星的机关" in run.output


def test_the_page_shows_the_comparison(db_path):
    site = Site(db_path)
    text = site.text("/-/compare?地区=湘潭县&较早=2024&较晚=2025")
    assert "湘潭县人民政府：2024年有报告，2025年未见" in text
    assert "govparse compare --region 湘潭县 --years 2024 2025" in text
    assert "请填写" in site.text("/-/compare?较早=2024")


def test_the_canned_queries_of_copied_text(db_path):
    site = Site(db_path)
    rows = site.get("/reports/text_reused_from_earlier_years.json?_shape=array").json()
    assert [(r["机关"], r["年度"], r["重复率%"], r["重复自"]) for r in rows] == [
        ("湘潭县人力资源和社会保障局", 2025, 100.0, 2024)]
    rows = site.get("/reports/text_shared_with_other_agencies.json?_shape=array").json()
    assert {r["机关"] for r in rows} == {"卫东区人力资源和社会保障局", "湘潭县人力资源和社会保障局"}
    assert all(0 < r["雷同率%"] < 30 for r in rows)


def test_what_rose_is_told_with_its_cell(db_path, tmp_path):
    import shutil

    copy = tmp_path / "moved.db"
    shutil.copy(db_path, copy)
    conn = sqlite3.connect(copy)
    [(sha, before)] = conn.execute(
        "select c.report, c.value from cells c join reports r on r.sha256 = c.report where "
        "r.agency = '湘潭县人力资源和社会保障局' and r.year = 2025 and c.key = 't3.R01.C7'")
    conn.execute("update cells set value = value + 30 where report = ? and key = 't3.R01.C7'",
                 [sha])
    lines = _part(compare(conn, (2024, 2025), region="湘潭县"), "2024年至2025年变化最大").lines
    assert [(line.text, line.link) for line in lines] == [
        (f"湘潭县人力资源和社会保障局：本年新收申请由 {before:g} 件增至 {before + 30:g} 件（+30）",
         f"/-/report/{sha}/cell/t3.R01.C7")]


def test_every_query_finds_its_rows_by_their_report(db_path):
    # On 10,000 reports the cells of a region took 0.5 s when SQLite chose the index of
    # every printed cell over the cells' own key: each query must search by report.
    conn = sqlite3.connect(db_path)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    compare(conn, (2024, 2025), region="湘潭县")
    conn.set_trace_callback(None)
    plans = {sql: " ".join(row[3] for row in conn.execute("explain query plan " + sql))
             for sql in statements if sql.lstrip().lower().startswith("select")}
    assert any("from cells" in sql for sql in plans)
    for sql, plan in plans.items():
        big = [t for t in ("cells", "findings", "text_reuse") if f"from {t}" in sql]
        for table in big:
            assert f"SCAN {table}" not in plan and "idx_cells_status" not in plan and \
                "idx_findings_level_outcome" not in plan, (sql, plan)
