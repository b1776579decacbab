"""The pages for people: home, search, about; exports Excel opens; citing a figure."""

from __future__ import annotations

import csv
import io
import re

import pytest
from lxml import html

from tests.helpers.site import Site


@pytest.fixture(scope="module")
def site(built_db) -> Site:
    return Site(built_db)


def test_the_home_page_is_for_people(site):
    text = site.text("/")
    assert "共 5 份报告，4 个机关" in text and "2020、2025" in text
    assert "查找机关或报告内容" in text and "用一句中文提问" in text
    # the one report whose own numbers break a STRICT rule, linked
    assert "湘潭县人力资源和社会保障局 2020 年度：1 处" in text
    page = site.get("/").text
    assert 'action="/-/search"' in page and 'action="/-/ask"' in page
    assert "哪些报告的数字不符合严格规则？" in text and "Reports that fail" not in text


@pytest.mark.parametrize(("query", "agency", "snippet"), [
    ("湘潭", "湘潭县人民政府", None),  # two characters: below the trigram index
    ("依申请公开", None, "<mark>依申请公开</mark>"),
    ("人社", "卫东区人力资源和社会保障局", "<mark>人社</mark>"),
])
def test_search_finds_agencies_and_text_with_snippets(site, query, agency, snippet):
    page = site.get(f"/-/search?q={query}").text
    if agency:
        assert f">{agency}</a>" in page
    if snippet:
        assert snippet in page
    assert "<mark><" not in page  # report text is escaped, only the marks are markup


def test_search_escapes_the_text_it_shows(site):
    page = site.get("/-/search?q=<script>").text
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_the_about_page_explains_the_data(site):
    text = site.text("/-/about")
    for said in ("国办公开办函〔2019〕60号", "空白不是 0", "按表格顺序", "按勾稽关系", "T3-BAL"):
        assert said in text


def test_csv_opens_in_excel_and_has_no_rowid(site):
    for path in ("/reports/agency_years.csv", "/reports/agency_years.csv?_dl=1",
                 "/reports/strict_failures.csv", "/reports/cells.csv?_stream=on"):
        response = site.get(path)
        assert response.status_code == 200
        assert response.content.startswith(b"\xef\xbb\xbf"), path
    text = site.get("/reports/agency_years.csv").text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "机关" and "rowid" not in rows[0]
    assert len(rows) == 6


def test_a_json_export_has_no_mark(site):
    assert not site.get("/reports/agency_years.json").content.startswith(b"\xef\xbb\xbf")


def test_pages_say_their_language(site):
    for path in ("/", "/-/search?q=湘潭", "/-/about", "/-/ask"):
        assert re.search(r'<html lang="zh-CN"', site.get(path).text), path


def _sha(site, agency: str, year: int) -> str:
    [row] = site.get(f"/reports/reports.json?agency={agency}&year={year}&_shape=array").json()
    return row["sha256"]


def test_a_cell_is_citable_by_its_permalink(site):
    sha = _sha(site, "湘潭县人民政府", 2025)
    text = site.text(f"/-/report/{sha}/cell/t3.R01.C7")
    assert ("湘潭县人民政府《2025年政府信息公开工作年度报告》表三“一、本年新收政府信息公开申请"
            "数量”“总计”：177件（第90行）。") in text
    assert f"/-/report/{sha}/cell/t3.R01.C7" in text and "按表头列名放入" in text
    page = site.get(f"/-/report/{sha}/cell/t3.R01.C7").text
    assert f'href="/-/report/{sha}/text#L90"' in page
    assert f'href="/-/report/{sha}#cell-t3.R01.C7"' in page
    assert site.get(f"/-/report/{sha}/cell/t9.nothing").status_code == 404


def test_a_prose_figure_is_citable_with_its_sentence(site):
    sha = _sha(site, "湘潭县人民政府", 2025)
    [figure] = site.get(f"/reports/metrics.json?report={sha}&text=587条&_shape=array").json()
    text = site.text(f"/-/report/{sha}/figure/{figure['n']}")
    assert "587条" in text and "微信公众号推送权威政府信息587条" in text
    assert f"第{figure['line']}行" in text


def test_line_numbers_open_the_text_that_was_read(site):
    sha = _sha(site, "湘潭县人民政府", 2025)
    page = html.fromstring(site.get(f"/-/report/{sha}/text").text)
    [line] = page.xpath('//li[@id="L90"]')
    assert "177" in line.text_content()  # the cell 一、本年新收 … 总计 is printed on line 90


def test_a_short_report_id_resolves(site):
    sha = _sha(site, "湘潭县人民政府", 2025)
    response = site.get(f"/-/report/{sha[:8]}")
    assert response.status_code == 302 and response.headers["location"] == f"/-/report/{sha}"
    missing = site.get("/-/report/00000000")
    assert missing.status_code == 404 and "没有标识为 00000000 的报告" in missing.text


def test_an_unknown_agency_suggests_the_nearest_names(site):
    response = site.get("/-/agency/~E6~B9~98~E6~BD~AD")  # 湘潭, as the site links it
    assert response.status_code == 404
    nearest = html.fromstring(response.text).xpath('//ul[@class="nearest"]/li/a/text()')
    assert nearest[:2] == ["湘潭县人民政府", "湘潭县人力资源和社会保障局"]


def test_every_column_of_every_table_has_a_description(site, built_db):
    import sqlite3

    conn = sqlite3.connect(built_db)
    tables = [r[0] for r in conn.execute(
        "select name from sqlite_master where type in ('table', 'view') and name not like "
        "'%_fts%' and name not like 'sqlite_%'")]
    assert "agency_years" in tables and "table3_by_report" in tables
    missing = []
    for table in tables:
        described = site.ds.table_metadata("reports", table).get("columns", {})
        missing += [f"{table}.{c[1]}" for c in conn.execute(f"pragma table_info([{table}])")
                    if not described.get(c[1])]
    assert not missing, missing


HR = "/-/agency/~E6~B9~98~E6~BD~AD~E5~8E~BF~E4~BA~BA~E5~8A~9B~E8~B5~84~E6~BA~90~E5~92~8C~E7~A4~BE~E4~BC~9A~E4~BF~9D~E9~9A~9C~E5~B1~80"  # noqa: E501


def test_the_agency_page_charts_its_years_honestly(site):
    page = html.fromstring(site.get(HR).text)
    captions = page.xpath("//figure[@class='chart']/figcaption/text()")
    assert captions[:4] == ["新收政府信息公开申请（件）", "办理结果（件）", "行政复议（件）",
                            "行政诉讼（件，直接起诉与复议后起诉之和）"]
    lawsuits = page.xpath("//figure[@class='chart'][4]//rect/title/text()")
    assert lawsuits == ["2020：44件", "2025：0件"]
    ticks = page.xpath("//figure[@class='chart'][4]//text[@class='tick']/text()")
    assert all(t.replace(",", "").isdigit() for t in ticks)  # counts on whole numbers
    assert page.xpath("//figure[@class='chart'][5]//rect[@class='bar faint']")  # 0/1: faint
    outcomes = page.xpath("//figure[@class='chart'][2]//rect/title/text()")
    assert "2025 予以公开：1件" in outcomes and "2025 无法提供：2件" in outcomes
    text = " ".join(page.text_content().split())
    # the failing sum of 2020 linked to the report's finding and to each cell it concerns
    assert "37+3+0+0 = 40，但总计为 44" in text
    assert page.xpath("//ol[@class='findings']//a[contains(@href, '/cell/t4.suit_direct.total')]")


def test_a_region_page_lists_its_places_and_who_published_when(site):
    text = site.text("/-/region/~E6~B9~96~E5~8D~97~E7~9C~81")  # 湖南省
    assert "湖南省 省级地区" in text and "湘潭市（2 个机关）" in text.replace(" （", "（")
    page = html.fromstring(site.get("/-/region/~E6~B9~96~E5~8D~97~E7~9C~81").text)
    rows = {r.xpath("string(th)"): [td.text_content().strip() for td in r.xpath("td")]
            for r in page.xpath("//table[contains(@class, 'coverage')]/tbody/tr")}
    assert rows == {"湘潭县人力资源和社会保障局": ["✓", "✓"], "湘潭县人民政府": ["—", "✓"]}
    assert site.get("/-/region/~E7~81~AB~E6~98~9F").status_code == 404  # 火星: no such place


def test_the_home_page_leads_to_the_regions(site):
    page = html.fromstring(site.get("/").text)
    assert page.xpath("//section[@class='regions']//a/text()") == ["河南省", "湖南省", "福建省"]
