"""Table rows -> form cells, on variations of the real seeds made inside each test."""

from __future__ import annotations

import re

from govparse import parse_text
from govparse.model import BLANK, NOT_APPLICABLE, UNREADABLE, VALUE
from tests.conftest import seed_text
from tests.helpers.edits import SEED0, edit, to_markdown


def test_blank_zero_and_not_applicable_stay_apart():
    report = parse_text(edit(SEED0, {108: "\t", 109: "\t/", 110: "\t—"}))
    statuses = [report.cell(f"t3.R03.C{i}").status for i in (1, 2, 3, 4)]
    assert statuses == [BLANK, NOT_APPLICABLE, NOT_APPLICABLE, VALUE]
    assert report.cell("t3.R03.C1").value is None
    assert report.cell("t3.R03.C1").line == 108


def test_a_row_with_a_cell_dropped_is_settled_by_the_identities_not_shifted():
    original = parse_text("\n".join(SEED0))
    report = parse_text(edit(SEED0, {109: None}))  # R03 loses one of its 7 values
    r03 = [report.cell(f"t3.R03.C{i}") for i in range(1, 8)]
    assert [c.value for c in r03] == [original.value(f"t3.R03.C{i}") for i in range(1, 8)]
    assert {c.placed for c in r03} == {"identity"}
    assert [c.raw for c in r03].count(None) == 1  # the lost one is computed, not printed
    assert report.cell("t3.R04.C7").value == 1  # the next row is still read


def test_a_row_with_a_cell_dropped_that_the_identities_cannot_settle_is_unreadable():
    from govparse.cells.table4 import read_table4
    from govparse.document.transform import RawTable, TableRow, TextCell
    from govparse.forms import load_templates

    # 14 numbers, 2 0 0 2 then ten 0s: one cell of 复议 was lost. The group total allows
    # 0/2/0/0/2, 2/0/0/0/2 and 2/0/0/2/4: every 复议 cell but 其他结果 stays open.
    numbers = ["2", "0", "0", "2"] + ["0"] * 10
    row = TableRow(1, [TextCell(n, 1) for n in numbers])
    reader = read_table4(load_templates()["2021"], [RawTable("tsv", [row])])
    cells = reader.cells
    assert cells["t4.review.other"].value == 0
    assert [cells[f"t4.review.{p}"].candidates for p in ("upheld", "corrected", "pending",
                                                        "total")] == [[0, 2], [2, 0], [0, 2],
                                                                      [2, 4]]
    assert cells["t4.review.total"].status == UNREADABLE
    [warning] = reader.warnings
    assert warning.code == "row_ambiguous" and "有 3 种" in warning.message
    assert all(cells[f"t4.suit_direct.{p}"].value == 0 for p in ("upheld", "total"))


def test_unreadable_cell_text_is_flagged_not_guessed():
    report = parse_text(edit(SEED0, {108: "\t约1"}))
    cell = report.cell("t3.R03.C1")
    assert (cell.value, cell.raw, cell.status) == (None, "约1", UNREADABLE)
    assert any(w.code == "cell_unreadable" and w.line == 108 for w in report.warnings)


def test_unknown_table2_header_places_its_rows_by_the_forms_order():
    original = parse_text("\n".join(SEED0))
    report = parse_text(edit(SEED0, {28: "\t本年发文数"}))
    for key in ("t2.rules.issued", "t2.normative.in_force", "t2.licensing.decisions"):
        assert report.cell(key).value == original.value(key), key
    assert report.cell("t2.rules.issued").placed == "order"
    assert report.cell("t2.licensing.decisions").placed == "header"
    assert [w.code for w in report.warnings] == ["header_unknown"]


def test_table2_rows_under_the_names_real_reports_use():
    original = parse_text("\n".join(SEED0))
    renamed = parse_text("\n".join(SEED0).replace("\t行政规范性文件", "\t规范性文件"))
    assert [(c.key, c.value) for c in renamed.cells if c.table == 2] == [
        (c.key, c.value) for c in original.cells if c.table == 2]
    assert renamed.template == "2021" and renamed.warnings == []


def test_unknown_row_is_reported_and_its_numbers_unused():
    report = parse_text(edit(SEED0, {117: "\t（二）部分不予公开"}))
    assert report.cell("t3.R04.C1").status == "missing"
    assert any(w.code == "unknown_row" and w.line == 117 for w in report.warnings)


def test_markdown_rows_read_like_the_original():
    original = parse_text("\n".join(SEED0))
    for leading_bar in (True, False):
        md = parse_text(to_markdown("\n".join(SEED0), leading_bar))
        assert md.layout == "markdown"
        assert [(c.key, c.value, c.status) for c in md.cells] == [
            (c.key, c.value, c.status) for c in original.cells]
        assert md.warnings == []


def test_table4_header_spaces_and_missing_group():
    tsv = seed_text("003")
    report = parse_text(tsv.replace("复议后起诉", "起诉"))
    # the header no longer names every group: the form's order, confirmed by the group totals
    cells = [report.cell(k) for k in ("t4.review.total", "t4.suit_direct.total",
                                      "t4.suit_after_review.pending")]
    assert [(c.value, c.placed) for c in cells] == [(2, "order"), (0, "order"), (1, "order")]


def test_missing_table_gives_missing_cells_and_a_warning():
    text = "\n".join(SEED0)
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    no_table4 = re.sub(rf"({heading}\n)(?:\t[^\n]*\n|\n)+", r"\1\n", text)
    report = parse_text(no_table4)
    assert {c.status for c in report.cells if c.table == 4} == {"missing"}
    assert [w.code for w in report.warnings] == ["table_missing"]
