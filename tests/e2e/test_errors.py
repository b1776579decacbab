"""Broken input: each kind gives a specific message with the line it concerns.

Errors (the file cannot be read as a report) raise; everything less is a warning on a
report that keeps whatever could be read.
"""

from __future__ import annotations

import pytest

from govparse import ReportError, ReportSyntaxError, parse_text
from govparse.errors import NotAReportError, UnknownLayoutError
from govparse.words import quoted
from tests.conftest import seed_text

LINES = seed_text("000").split("\n")  # seed 000: 五 at line 400, 六 at 408


def text(lines: list[str]) -> str:
    return "\n".join(lines)


def codes(report) -> list[str]:
    return [w.code for w in report.warnings]


def test_missing_section_is_a_warning_at_the_place_it_was_expected():
    report = parse_text(text(LINES[:399] + LINES[406:]))  # drop section 五
    [warning] = report.warnings
    assert warning.code == "section_missing"
    assert warning.message.startswith("缺少第五部分")
    assert warning.line == 401  # where 六 now starts
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 6]
    assert all(c.status == "value" for c in report.cells)  # the tables are intact


@pytest.mark.parametrize("row", ["\t12", "12 |", "行政许可\t12\t3", "| 行政许可 | 12 | 3 |"])
def test_a_table_row_outside_a_table_is_skipped_with_a_warning(row):
    broken = [*LINES[:401], row, *LINES[401:]]  # inside section 五
    report = parse_text(text(broken), path="r.txt")
    [warning] = [w for w in report.warnings if w.code == "line_skipped"]
    assert warning.line == 402
    assert "表格之外的表格行" in warning.message
    assert quoted(row.strip()) in warning.message  # a TAB shown as \\t
    # the rest of the report is read as before
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.value("t3.R01.C7") == 4 and row.strip() not in report.sections[4].text


def test_truncated_inside_a_table():
    report = parse_text(text(LINES[:200]))  # cut in the middle of table 三
    truncated = next(w for w in report.warnings if w.code == "truncated")
    assert truncated.line == 200
    assert "在表三之中" in truncated.message and "在第四部分之前" in truncated.message
    assert codes(report).count("section_missing") == 3
    # the row cut in half keeps its printed zeros; its lost cells are settled by its own
    # total (all its numbers are 0), never spread over the wrong columns
    cut = [report.cell(f"t3.R11.C{i}") for i in range(1, 8)]
    assert [(c.status, c.value) for c in cut] == [("value", 0)] * 7
    assert {c.placed for c in cut} == {"identity"} and cut[0].line == 194
    assert report.cell("t3.R25.C7").status == "missing"
    assert report.cell("t3.R01.C7").value == 4  # what was read before the cut is kept


def test_truncated_in_the_middle_of_a_sentence():
    report = parse_text(text(LINES[:9]) + "\n2025年，我局收到依申请")
    truncated = next(w for w in report.warnings if w.code == "truncated")
    assert truncated.line == 10 and "在一段话的中间" in truncated.message


@pytest.mark.parametrize("rows", [["规章  0  0  0", "行政规范性文件  3  1  28"],
                                  ["规章,0,0,0", "行政规范性文件,3,1,28"]])
def test_numbers_separated_by_spaces_or_commas_are_a_table_layout(rows):
    broken = [*LINES[:23], "", "第二十条第（一）项", *rows, "", *LINES[68:]]
    report = parse_text(text(broken))
    values = [report.value(f"t2.{r}.{c}") for r in ("rules", "normative")
              for c in ("issued", "repealed", "in_force")]
    assert values == [0, 0, 0, 3, 1, 28]
    assert report.cell("t2.rules.issued").placed == "order"
    assert report.cell("t2.normative.in_force").line == 27


def test_sections_out_of_order():
    broken = LINES[:5] + LINES[22:69] + LINES[5:22] + LINES[69:]  # 二 before 一
    with pytest.raises(ReportSyntaxError) as info:
        parse_text(text(broken))
    assert info.value.line == 53
    assert "第一部分（一、总体情况）在第二部分（第 6 行）之后出现，顺序颠倒" in str(info.value)


def test_section_twice():
    with pytest.raises(ReportSyntaxError, match=r"第六部分（.*）在第六部分.*之后再次出现"):
        parse_text(text([*LINES, "六、其他需要报告的事项", "无"]))


@pytest.mark.parametrize("body", ["", "这是一份普通的通知。\n请大家注意。\n"])
def test_not_a_report(body):
    with pytest.raises(NotAReportError, match="未找到规定格式的任何章节标题") as info:
        parse_text(body, path="x.txt")
    assert info.value.line == 1


def test_errors_are_report_errors():
    for cls in (ReportSyntaxError, NotAReportError, UnknownLayoutError):
        assert issubclass(cls, ReportError)
