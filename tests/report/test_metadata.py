from __future__ import annotations

import shutil

import pytest

from govparse import parse_file, parse_text
from govparse.report.metadata import ManifestEntry, from_title, resolve
from tests.conftest import seed_path


@pytest.mark.parametrize("title, expected", [
    ("湘潭县人民政府2025年政府信息公开      工作年度报告", ("湘潭县人民政府", 2025)),
    ("# 卫东区人力资源和社会保障局 2025 年政府信息公开 工作年度报告",
     ("卫东区人力资源和社会保障局", 2025)),
    ("某某市发展和改革委员会2023年度政府信息公开工作年度报告", ("某某市发展和改革委员会", 2023)),
    ("2025年政府信息公开工作年度报告", (None, 2025)),
    # the year first, as many agencies print it
    ("2022年临武县政府信息公开工作年度报告", ("临武县", 2022)),
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", ("上海市人民政府办公厅", 2019)),
    ("2025 年上海市人民政府办公厅政府信息公开 工作年度报告", ("上海市人民政府办公厅", 2025)),
    ("关于做好政务公开工作的报告", (None, None)),
    (None, (None, None)),
])
def test_from_title(title, expected):
    assert from_title(title) == expected


def test_options_beat_title_beat_manifest_and_conflicts_are_warned():
    entry = ManifestEntry("x.txt", "乙局", 2024, "http://example.gov.cn/x")
    meta = resolve("甲局2025年政府信息公开工作年度报告", 1, entry)
    assert (meta.agency, meta.year) == ("甲局", 2025)
    assert meta.source == {"url": "http://example.gov.cn/x", "agency": "title", "year": "title"}
    assert [w.code for w in meta.warnings] == ["metadata_conflict", "metadata_conflict"]
    meta = resolve("甲局2025年政府信息公开工作年度报告", 1, entry, agency="丙局", year=2023)
    assert (meta.agency, meta.year, meta.source["agency"]) == ("丙局", 2023, "option")


def test_unknown_metadata_is_none_with_a_warning():
    meta = resolve(None, None, None)
    assert (meta.agency, meta.year) == (None, None)
    assert [w.code for w in meta.warnings] == ["agency_unknown", "year_unknown"]


def test_seed_004_without_manifest_then_with_options(tmp_path):
    copy = tmp_path / "report.txt"
    shutil.copy(seed_path("004"), copy)  # no manifest.csv next to it
    report = parse_file(copy)
    assert (report.agency, report.year) == (None, None)
    assert {w.code for w in report.warnings} == {"agency_unknown", "year_unknown"}
    report = parse_file(copy, agency="福建省人力资源和社会保障厅", year=2025)
    assert (report.agency, report.year, report.warnings) == ("福建省人力资源和社会保障厅", 2025, [])


def test_seed_004_from_the_corpus_manifest():
    report = parse_file(seed_path("004"))
    assert (report.agency, report.year) == ("福建省人力资源和社会保障厅", 2025)
    assert report.source == {"url": None, "agency": "manifest", "year": "manifest"}


def test_without_a_title_the_year_comes_from_the_statistics_period():
    text = seed_path("001").read_text("utf-8").split("\n", 1)[1]  # title line dropped
    report = parse_text(text)
    assert (report.agency, report.year) == (None, 2025)
    assert report.source["year"] == "statistics_period"
    assert [w.code for w in report.warnings if w.code.endswith("_unknown")] == [
        "agency_unknown"]


def test_an_archivers_title_names_the_agency_and_says_so():
    body = seed_path("004").read_text("utf-8")
    text = ("标题: 福建省人力资源和社会保障厅2025年政府信息公开工作年度报告\n"
            "原文链接: https://rst.fujian.gov.cn/x.htm\n==================== 正文 ====="
            "===============\n" + body)
    from govparse.sources import read_bytes

    source = read_bytes(text.encode("utf-8"), "archived.txt")
    report = parse_text(source.text, meta=source.meta)
    assert (report.agency, report.year) == ("福建省人力资源和社会保障厅", 2025)
    assert report.source == {"url": "https://rst.fujian.gov.cn/x.htm", "agency": "archive",
                             "year": "archive"}


def test_without_a_title_the_agency_comes_from_the_signature():
    text = seed_path("001").read_text("utf-8").split("\n", 1)[1].rstrip("\n")
    report = parse_text(text + "\n\n湘潭县人民政府办公室\n2026年1月20日\n")
    assert (report.agency, report.year) == ("湘潭县人民政府办公室", 2025)
    assert (report.source["agency"], report.source["year"]) == ("signature",
                                                                 "statistics_period")
