"""Inputs found in review that once put numbers in the wrong column or lost them silently."""

from __future__ import annotations

import pytest

from govparse import ReportError, parse_text
from govparse.checks import check_report
from govparse.checks.fees import fee_statement
from govparse.sources.text import decode
from tests.conftest import seed_text
from tests.helpers.edits import to_markdown

SEED1 = seed_text("001")


def t3_statuses(report, row: str) -> set[str]:
    return {report.cell(f"t3.{row}.C{i}").status for i in range(1, 8)}


def test_padding_at_both_ends_is_settled_by_the_row_total_not_guessed():
    md = to_markdown(SEED1)
    row = "| 一、本年新收政府信息公开申请数量 | 174 | 1 | 0 | 0 | 0 | 2 | 177 |"
    assert row in md
    report = parse_text(md.replace(row, "| 一、本年新收政府信息公开申请数量 |  |  | 174 | 1 | 0 "
                                        "| 0 | 0 | 2 |  |"))
    # Six numbers and three empty cells: as C2…C7 they would need 2 = 174 + 1 + …, so
    # they are C1…C6 and the 总计 cell is the empty one.
    cells = [report.cell(f"t3.R01.C{i}") for i in range(1, 8)]
    assert [c.value for c in cells] == [174, 1, 0, 0, 0, 2, None]
    assert cells[6].status == "blank" and {c.placed for c in cells} == {"identity"}


def test_header_with_columns_in_another_order_is_malformed():
    official = "\t自然人\n\t法人或其他组织\n\t总计"
    swapped = SEED1.replace(official, "\t总计\n\t自然人\n\t法人或其他组织")
    report = parse_text(swapped)
    assert t3_statuses(report, "R01") == {"unreadable"}
    assert any(w.code == "table_malformed" and "顺序" in w.message for w in report.warnings)


def test_extra_subtotal_column_is_malformed_and_not_blamed():
    extra = SEED1.replace("\t法律服务机构\n\t其他\n", "\t法律服务机构\n\t其他\n\t小计\n")
    report = parse_text(extra)
    assert any(w.code == "table_malformed" and "小计" in w.message for w in report.warnings)
    result = check_report(report)
    assert not [f for f in result.strict_failures if f.rule.startswith("T3")]


def test_heading_right_after_a_table_is_not_joined_to_a_cell():
    tight = SEED1.replace("\t9\n\t0\n\t0\n\t0\n\t0\n\t0\n\t9\n\n\n四、",
                          "\t9\n\t0\n\t0\n\t0\n\t0\n\t0\n\t9\n四、")
    tight = tight.replace("行政诉讼情况\n\n\t行政复议", "行政诉讼情况\n\t行政复议")
    report = parse_text(tight)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.value("t3.R25.C7") == 9 and report.value("t4.review.total") == 77


def test_sentence_starting_like_a_heading_stays_a_paragraph():
    run_in = "（一）主动公开提质增效。"
    sentence = "二、主动公开工作扎实推进，全年发布信息120条。"
    text = SEED1.replace(run_in, f"{sentence}\n{run_in}")
    report = parse_text(text)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert "全年发布信息120条" in report.sections[0].text


def test_table2_rows_without_their_captions_are_read_by_their_labels():
    original = parse_text(SEED1)
    no_captions = "\n".join(line for line in SEED1.split("\n") if "第二十条" not in line)
    report = parse_text(no_captions)
    t2 = [(c.key, c.value, c.status) for c in report.cells if c.table == 2]
    assert t2 == [(c.key, c.value, c.status) for c in original.cells if c.table == 2]
    assert any(w.table == 2 and w.code == "caption_missing" for w in report.warnings)


def test_broken_utf16_is_a_report_error():
    with pytest.raises(ReportError, match="UTF-16"):
        decode(b"\xff\xfe\x00", "x.txt")


def test_fee_amount_with_thousands_separator():
    text = SEED1.replace("湘潭县未收取信息处理费", "湘潭县收取信息处理费共计1,200元")
    fee = fee_statement(parse_text(text))
    assert (fee.collected, fee.amount, fee.unit) == (True, 1200.0, "元")
