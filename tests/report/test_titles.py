"""Who and when (issue 1, item 6): the line that names a body and a year's report is the
title, over a saved page's breadcrumb; a title wrapped inside its last word is joined;
without a title, the statistics period gives the year."""

from __future__ import annotations

from govparse import parse_text
from tests.conftest import CORPUS

BODY = (CORPUS / "001_7082bf4ff2eed00e.txt").read_text("utf-8")
TITLE = "湘潭县人民政府2025年政府信息公开工作年度报告"


def _without_title() -> str:
    lines = BODY.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("一、"))
    return "\n".join(lines[start:])


def test_the_title_wins_over_a_breadcrumb_above_it():
    text = "首页\n政务公开\n政府信息公开\n政府信息公开年报\n" + TITLE + "\n\n" + _without_title()
    report = parse_text(text)
    assert (report.agency, report.year, report.title) == ("湘潭县人民政府", 2025, TITLE)


def test_a_title_wrapped_inside_its_last_word_is_joined():
    for cut in (len(TITLE) - 1, len(TITLE) - 2, len(TITLE) - 3):
        report = parse_text(TITLE[:cut] + "\n" + TITLE[cut:] + "\n\n" + _without_title())
        assert (report.agency, report.year, report.title) == ("湘潭县人民政府", 2025, TITLE)


def test_without_a_title_the_statistics_period_gives_the_year():
    for period in ("本报告所列数据的统计期限为2025年1月1日至12月31日。",
                   "本报告中所列数据统计期限为2025年度。"):
        report = parse_text(period + "\n" + _without_title())
        assert report.year == 2025 and report.source["year"] == "statistics_period", period


def test_a_year_in_chinese_numerals_names_the_title_too():
    title = "湘潭县人民政府二〇二五年政府信息公开工作年度报告"
    text = "政府信息公开年报\n" + title + "\n\n" + _without_title()
    assert parse_text(text).title == title
