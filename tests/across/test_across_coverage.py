"""Who published each year and who did not (publish/across.py `coverage`), and the region
page and canned query that show it."""

from __future__ import annotations

import shutil

import pytest
import sqlite_utils

from govparse.publish.build import build
from govparse.publish.site import pages
from tests.conftest import CORPUS, seed_path, seed_text
from tests.helpers.site import Site


def _as(prefix: str, year: int) -> str:
    return seed_text(prefix).replace("2025", str(year))


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> sqlite_utils.Database:
    folder = tmp_path_factory.mktemp("coverage")
    for year in (2021, 2023, 2025):
        (folder / f"county-{year}.txt").write_text(_as("001", year), encoding="utf-8")
    for year in (2021, 2025):  # the county's 人社局: nothing in 2023
        (folder / f"bureau-{year}.txt").write_text(_as("000", year), encoding="utf-8")
    shutil.copy(seed_path("003"), folder)  # 卫东区人社局 2025: its government not seen
    for year in (2023, 2024):  # 洪泽区人民政府, then 淮安市洪泽区人民政府: one body
        shutil.copy(CORPUS / f"hongze-district-gov-{year}.pdf", folder)
    path = folder / "reports.db"
    build(sorted(folder.iterdir()), path)
    return sqlite_utils.Database(path)


def _states(db, agency: str) -> dict[int, str]:
    return {r["year"]: r["state"] for r in db["coverage"].rows_where("agency = ?", [agency])}


def test_an_agency_that_published_before_and_not_this_year_is_not_seen(db):
    assert _states(db, "湘潭县人力资源和社会保障局") == {
        2021: "published", 2023: "not_seen", 2024: "not_seen", 2025: "published"}
    row = next(db["coverage"].rows_where("agency = ? and year = 2023",
                                         ["湘潭县人力资源和社会保障局"]))
    assert row["last_year"] == 2021 and row["county"] == "湘潭县"


def test_years_before_an_agencys_first_report_are_not_counted_against_it(db):
    assert min(_states(db, "卫东区人力资源和社会保障局")) == 2025


def test_a_department_that_published_shows_its_government_was_expected(db):
    row = next(db["coverage"].rows_where("agency = '卫东区人民政府'"))
    assert (row["year"], row["state"], row["noticed_by"]) == (
        2025, "government_not_seen", "卫东区人力资源和社会保障局")
    assert "湘潭县人民政府" not in {r["agency"] for r in db["coverage"].rows_where(
        "state = 'government_not_seen'")}


def test_one_body_under_two_names_is_one(db):
    states = {**_states(db, "洪泽区人民政府"), **_states(db, "淮安市洪泽区人民政府")}
    assert states == {2023: "published", 2024: "published", 2025: "not_seen"}


def test_the_region_page_and_the_canned_query_list_them(db):
    site = Site(db.conn.execute("pragma database_list").fetchone()[2])
    page = site.text(pages.region_url("湘潭县"))
    assert "2023 年：湘潭县人力资源和社会保障局 以前发布过（最近一次 2021 年），本年未见" in page
    rows = site.get("/reports/reports_not_seen.json?_shape=array&年度=2023")
    assert [r["机关"] for r in rows.json()] == ["湘潭县人力资源和社会保障局"]
