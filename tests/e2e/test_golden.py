"""Golden tests: every table cell of every real report in the corpus, value and line.

The expected files in tests/golden/ were written from the seed texts independently of the
parser (by reading them), then cross-checked against format-spec §7's hand-checked sums.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from tests.conftest import GOLDEN, SEEDS

EXPECTED_META = {
    # seed: agency, year, agency source, form, layout
    "000": ("湘潭县人力资源和社会保障局", 2025, "title", "2021", "tab-cells"),
    "001": ("湘潭县人民政府", 2025, "title", "2021", "tab-cells"),
    "002": ("湘潭县人力资源和社会保障局", 2020, "title", "2019", "tab-cells"),
    "003": ("卫东区人力资源和社会保障局", 2025, "title", "2021", "tsv"),
    "004": ("福建省人力资源和社会保障厅", 2025, "manifest", "2021", "pipe-cells"),
}

HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项"]

# First and last line of each section, read off the seed files.
SECTION_LINES = {
    "000": [(6, 21), (23, 67), (70, 352), (355, 397), (400, 406), (408, 410)],
    "001": [(4, 16), (18, 62), (65, 347), (350, 393), (396, 403), (405, 407)],
    "002": [(6, 20), (22, 94), (97, 356), (359, 401), (404, 407), (409, 410)],
    "003": [(5, 25), (27, 42), (44, 73), (75, 80), (82, 90), (92, 94)],
    "004": [(1, 12), (13, 67), (69, 339), (341, 382), (383, 387), (388, 389)],
}

CELL_COUNTS = {"2021": {2: 10, 3: 175, 4: 15}, "2019": {2: 22, 3: 161, 4: 15}}


def golden(seed: str) -> list[dict[str, str]]:
    path = next(GOLDEN.glob(f"{seed}_*.tsv"))
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("seed", [s[:3] for s in SEEDS])
def test_every_cell_matches_golden(reports, seed):
    report = reports[seed]
    expected = golden(seed)
    assert [c.key for c in report.cells] == [row["key"] for row in expected]
    for cell, row in zip(report.cells, expected, strict=True):
        got = ("" if cell.value is None else str(cell.value), cell.status, str(cell.line))
        assert got == (row["value"], row["status"], row["line"]), (cell, row)
        if cell.status == "value":
            assert cell.unit == row["unit"], cell


@pytest.mark.parametrize("seed", [s[:3] for s in SEEDS])
def test_metadata_and_cell_counts(reports, seed):
    report = reports[seed]
    agency, year, origin, template, layout = EXPECTED_META[seed]
    assert (report.agency, report.year, report.template, report.layout) == (
        agency, year, template, layout)
    assert report.source["agency"] == origin
    assert Counter(c.table for c in report.cells) == CELL_COUNTS[template]


@pytest.mark.parametrize("seed", [s[:3] for s in SEEDS])
def test_six_sections_with_headings_and_lines(reports, seed):
    sections = reports[seed].sections
    assert [s.number for s in sections] == [1, 2, 3, 4, 5, 6]
    assert [s.heading for s in sections] == HEADINGS
    assert [(s.first_line, s.last_line) for s in sections] == SECTION_LINES[seed]


def test_clean_seeds_have_no_warnings(reports):
    for seed in ("000", "001", "002", "004"):
        assert reports[seed].warnings == [], seed


def test_seed_003_table3_lost_cells_are_settled_by_the_identities(reports):
    """Every row of seed 003's table 三 lost its last cells (no 总计 column in the header):
    placed by the form's order, the identities settle all but two cells, which could be a
    blank or a 0 and are unreadable with both candidates."""
    report = reports["003"]
    t3 = {c.key: c for c in report.cells if c.table == 3}
    unreadable = sorted(k for k, c in t3.items() if c.status == "unreadable")
    assert unreadable == ["t3.R02.C1", "t3.R25.C1"]
    assert t3["t3.R02.C1"].candidates == ["空白", 0]
    # the lost 总计 of a row is computed, and says so; the printed numbers keep their line
    assert (t3["t3.R01.C7"].value, t3["t3.R01.C7"].placed, t3["t3.R01.C7"].raw) == (
        2, "identity", None)
    r08 = [t3[f"t3.R08.C{i}"].value for i in range(1, 8)]
    assert r08 == [1, 0, 0, 0, 0, 0, 1] and t3["t3.R08.C1"].line == 56
    codes = Counter(w.code for w in report.warnings)
    assert codes == {"header_unknown": 1, "row_ambiguous": 2}
    # tables 二 and 四 of the same report are read exactly
    assert report.value("t2.fees.amount") == 0.168
    assert [report.value(f"t4.review.{k}") for k in ("upheld", "corrected", "total")] == [1, 1, 2]
    assert report.value("t4.suit_after_review.pending") == 1


def test_seed_004_footer_chrome_is_not_part_of_section_six(reports):
    six = reports["004"].sections[5]
    assert six.last_line == 389
    assert "扫一扫" not in six.text and "闽公网安备" not in six.text
    assert six.text.endswith("本年度未产生信息公开处理费。")


def test_seed_002_values_written_as_text(reports):
    report = reports["002"]
    change = report.cell("t2.licensing.change")
    assert (change.value, change.raw, change.unit) == (16, "增16", "项")
    amount = report.cell("t2.procurement.amount")
    assert (amount.value, amount.raw, amount.unit, amount.line) == (71, "71万元", "万元", 94)


def test_titles(reports):
    assert reports["000"].title == "湘潭县人力资源和社会保障局2025年政府信息公开工作年度报告"
    assert reports["001"].title == "湘潭县人民政府2025年政府信息公开工作年度报告"
    assert reports["002"].title == "湘潭县人力资源和社会保障局2020年政府信息公开工作年度报告"
    assert reports["003"].title == "卫东区人力资源和社会保障局2025年政府信息公开工作年度报告"
    assert reports["004"].title is None
