"""The Datasette interface, in-process through datasette.client: canned queries, search,
the report and agency pages, escaping."""

from __future__ import annotations

import asyncio
import re
import shutil

import pytest
from datasette.app import Datasette

from govparse.publish.build import build
from govparse.publish.schema import derived_tables
from govparse.publish.serve import metadata
from tests.conftest import CORPUS, seed_text

LOOP = asyncio.new_event_loop()
META = metadata()
QUERIES = META["databases"]["reports"]["queries"]
# Canned queries that ask for parameters, with the values a journalist would type.
PARAMS = {"report_table3": "机关=湘潭县人民政府&年度=2025", "find_agency": "名称=湘潭"}


class Client:
    def __init__(self, db_path) -> None:
        self.ds = Datasette([str(db_path)], metadata=META)

    def get(self, path: str):
        return LOOP.run_until_complete(self.ds.client.get(path))

    def rows(self, path: str) -> list[dict]:
        sep = "&" if "?" in path else "?"
        response = self.get(f"{path}{sep}_shape=array")
        assert response.status_code == 200, response.text[:500]
        return response.json()


@pytest.fixture(scope="module")
def client(built_db) -> Client:
    return Client(built_db)


def _sha(client: Client, agency: str, year: int) -> str:
    [row] = client.rows(f"/reports/reports.json?agency={agency}&year={year}")
    return row["sha256"]


def test_at_least_eight_canned_queries():
    assert len(QUERIES) >= 8
    assert all(q.get("title") for q in QUERIES.values())


# The seeds copy no text from one another: these are tested on reports that do
# (tests/publish/test_compare.py).
ABOUT_COPIES = {"text_reused_from_earlier_years", "text_shared_with_other_agencies"}


@pytest.mark.parametrize("name", sorted(set(QUERIES) - ABOUT_COPIES))
def test_every_canned_query_returns_rows(client, name):
    params = PARAMS.get(name)
    rows = client.rows(f"/reports/{name}.json" + (f"?{params}" if params else ""))
    assert rows, name


def test_strict_failures_name_the_seed_002_lawsuits(client):
    rows = client.rows("/reports/strict_failures.json")
    t4 = [r for r in rows if r["规则"] == "T4-LD"]
    assert [(r["机关"], r["年度"], r["应为"], r["实为"]) for r in t4] == [
        ("湘潭县人力资源和社会保障局", 2020, 40, 44)]


def test_report_table3_is_laid_out_like_the_form(client):
    rows = client.rows(f"/reports/report_table3.json?{PARAMS['report_table3']}")
    first = rows[0]
    assert (first["行号"], first["自然人"], first["总计"]) == ("R01", 174, 177)
    assert len(rows) == 25


@pytest.mark.parametrize("term", ["湘潭县人民政府", "湘潭", "社保"])
def test_search_agencies_and_sections_short_and_long_terms(client, term):
    sections = client.rows(f"/reports/sections.json?_search={term}")
    assert sections and all(term in (s["text"] + s["heading"]) for s in sections)
    if term.startswith("湘潭"):
        agencies = client.rows(f"/reports/agencies.json?_search={term}")
        assert {a["name"] for a in agencies} >= {"湘潭县人民政府"}
        assert all(term in a["name"] for a in agencies)


def test_two_character_search_keeps_the_term_in_the_search_box(client):
    page = client.get("/reports/agencies?_search=湘潭").text
    assert 'value="湘潭"' in page and "福建省人力资源和社会保障厅" not in page


def test_agencies_carry_region_level_and_kind(client):
    [row] = client.rows("/reports/agencies.json?name=湘潭县人力资源和社会保障局")
    assert (row["province"], row["city"], row["county"], row["level"], row["kind"],
            row["region_code"]) == ("湖南省", "湘潭市", "湘潭县", "县级", "人力资源和社会保障",
                                    "430321")
    [fj] = client.rows("/reports/agencies.json?name=福建省人力资源和社会保障厅")
    assert (fj["province"], fj["level"], fj["region_status"]) == ("福建省", "省级", "resolved")


def test_report_page_shows_tables_findings_and_source_lines(client):
    sha = _sha(client, "湘潭县人力资源和社会保障局", 2020)
    page = client.get(f"/-/report/{sha}")
    assert page.status_code == 200
    html = page.text
    assert "表三" in html and "表四" in html and "表二" in html
    # table 四: the direct lawsuits 37+3+0+0 ≠ 44, flagged on the cells, with the finding
    assert "T4-LD" in html and "37+3+0+0 = 40，但总计为 44" in html
    # each cell a link to its citation, its line a link into the text that was read
    assert re.search(r'id="cell-t4.suit_direct.total" class="cell status-value flagged"[^>]*>'
                     r'\s*<a class="v" href="/-/report/[0-9a-f]{64}/cell/t4.suit_direct.total"'
                     r'[^>]*>44</a><a class="line" href="/-/report/[0-9a-f]{64}/text#L\d+"', html)
    # narrative figures highlighted in their sentences, with their line
    assert re.search(r'<mark class="figure" title="主动公开信息数：278条（第20行）">278条</mark>',
                     html)
    assert "第20行" in html


def test_report_page_escapes_text_from_the_report(tmp_path):
    text = seed_text("000").replace("本年度未收取信息处理费。",
                                    "本年度未收取信息处理费。<script>alert('x')</script>")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "evil.txt").write_text(text, encoding="utf-8")
    shutil.copy(CORPUS / "manifest.csv", tmp_path / "in")
    build([tmp_path / "in"], tmp_path / "reports.db")
    client = Client(tmp_path / "reports.db")
    [row] = client.rows("/reports/reports.json")
    html = client.get(f"/-/report/{row['sha256']}").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_report_page_says_how_numbers_were_placed_and_lists_the_renderings(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("pingtan-2021.html", "pingtan-2021.txt", "003_6ce8937615f01921.txt"):
        shutil.copy(CORPUS / name, tmp_path / "in")
    build([tmp_path / "in"], tmp_path / "reports.db")
    client = Client(tmp_path / "reports.db")
    rows = {r["agency"]: r for r in client.rows("/reports/reports.json")}
    pingtan = client.get(f"/-/report/{rows['平潭综合实验区']['sha256']}").text
    assert "同一份报告的几个版本" in pingtan and "pingtan-2021.txt（text，run-together）" in pingtan
    weidong = client.get(f"/-/report/{rows['卫东区人力资源和社会保障局']['sha256']}").text
    # 总计 the extraction lost, computed by the identities; a cell that is blank or 0
    assert '<sup class="placed" title="由表格的勾稽关系确定' in weidong
    assert '<span class="candidates">（空白、0）</span>' in weidong


def test_agency_page_lists_its_years(client):
    page = client.get("/-/agency/~E6~B9~98~E6~BD~AD~E5~8E~BF~E4~BA~BA~E6~B0~91~E6~94~BF~E5~BA~9C")
    assert page.status_code == 200
    assert "湘潭县人民政府" in page.text and "2025 年报告" in page.text


def test_unknown_report_is_a_404(client):
    assert client.get("/-/report/" + "0" * 64).status_code == 404


def test_report_hashes_link_to_the_report_page(client):
    sha = _sha(client, "湘潭县人民政府", 2025)
    assert f'href="/-/report/{sha}"' in client.get("/reports/reports").text


def test_dashboard_renders(client):
    page = client.get("/-/dashboards/govparse")
    assert page.status_code == 200 and "每年新收政府信息公开申请" in page.text


def test_every_table_column_is_described(built_db):
    import sqlite_utils

    db = sqlite_utils.Database(built_db)
    tables = META["databases"]["reports"]["tables"]
    for name in db.table_names():
        if name.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")):
            continue
        assert tables[name]["description"], name
        columns = set(db[name].columns_dict)
        if name in derived_tables():  # wide shapes: the form's labels are their column names
            columns &= {"机关", "年度", "report"}
        assert columns <= set(tables[name]["columns"]), name


def test_short_search_with_several_words_needs_all_of_them(client):
    both = client.rows("/reports/sections.json?_search=湘潭 社保")
    assert both and all("湘潭" in s["text"] and "社保" in s["text"] for s in both)


def test_like_wildcards_are_literal(client):
    assert client.rows("/reports/sections.json?_search=_") == []
    assert client.rows("/reports/sections.json?_search=%25%25") == []
    percent = client.rows("/reports/sections.json?_search=%25")  # 004: "100%实质性解读"
    assert percent and all("%" in s["text"] for s in percent)


def test_build_records_every_file_of_a_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "004_84a5a362a254afd3.txt", folder)
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    (folder / "README.md").write_text("# notes", encoding="utf-8")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    summary = build([folder], tmp_path / "reports.db")
    assert (summary.reports, summary.errors) == (1, 3)
