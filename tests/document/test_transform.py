"""Parse tree -> Document: what a line of numbers alone is, by the layout of the report's
tables."""

from __future__ import annotations

from govparse import parse_text
from tests.conftest import seed_text


def _with_line_before(seed: str, heading: str, line: str) -> str:
    lines = seed_text(seed).split("\n")
    at = next(n for n, text in enumerate(lines) if text.startswith(heading))
    return "\n".join([*lines[:at], line, *lines[at:]])


def test_numbers_alone_in_a_report_laid_out_with_tabs_are_numbers_outside_the_tables():
    """Seed 000's tables are TAB cells: a line of numbers alone after table 三 is not a row
    (SPACED_NUMBERS is for reports whose tables are all spaced), it is reported as numbers
    outside the table, and the layout stays the report's."""
    report = parse_text(_with_line_before("000", "四、", "4 0 0 0 0 0 4"))
    assert report.layout == "tab-cells"
    [stray] = [w for w in report.warnings if w.code == "stray_numbers"]
    assert "表三之外有 1 行只有数字" in stray.message
    assert not any(w.code == "unknown_row" for w in report.warnings)
    assert report.value("t3.R01.C7") == parse_text(seed_text("000")).value("t3.R01.C7")


def test_numbers_alone_before_any_caption_of_a_spaced_table_two_are_reported_not_dropped():
    spaced = "\n".join([
        "2025年某某县人民政府政府信息公开工作年度报告", "一、总体情况", "本年度工作。",
        "二、主动公开政府信息情况", "1136 120", "第二十条第（一）项", "规章 0 0 0",
        "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。",
        "六、其他需要报告的事项", "无。", ""])
    report = parse_text(spaced)
    assert report.layout == "spaced"
    [lost] = [w for w in report.warnings if w.code == "unknown_row" and w.table == 2]
    assert "1136、120" in lost.message and lost.line == 5
    assert report.value("t3.R01.C7") == 1
