"""Golden tests: every cell of the real reports in corpus/, in the layouts they arrive in.

tests/real/NAME.expected.json was transcribed by hand from the unambiguous source (the HTML
table where there is one) independently of the parser. A cell comes out right, or (where
this source and the form together leave more than one value) unreadable with the right
value among its candidates; never with another value.
"""

from __future__ import annotations

import re

import pytest

from govparse import parse_file
from govparse.checks import check_report
from govparse.model import BLANK, UNREADABLE, VALUE
from tests.conftest import CORPUS
from tests.helpers.real_expected import expected_cells, load

T2_2019 = [f"t2.{r}.{c}" for r in ("normative", "licensing", "other_services", "punishment",
                                   "coercion") for c in ("new_made", "new_published",
                                                         "total_published", "prev_items",
                                                         "change", "decisions")]

# file: expected, agency, year, layout, the cells this source leaves open (and why)
REAL = {
    "pingtan-2019.html": ("pingtan-2019", "平潭综合实验区", 2019, "tsv", set()),
    # table 二's runs ("3960181": 396/0/181 or 3/960/181 …) have no identity to decide them
    "pingtan-2019.txt": ("pingtan-2019", "平潭综合实验区", 2019, "run-together",
                         {*T2_2019, "t2.fees.prev_items", "t2.fees.change",
                          "t2.procurement.items", "t2.procurement.amount"}),
    # every 商业企业 value cell has colspan="2"
    "pingtan-2021.html": ("pingtan-2021", "平潭综合实验区", 2021, "tsv", set()),
    "pingtan-2021.txt": ("pingtan-2021", "平潭综合实验区", 2021, "run-together",
                         {"t2.normative.issued", "t2.normative.repealed",
                          "t2.normative.in_force"}),
    "pingtan-2023.html": ("pingtan-2023", "平潭综合实验区", 2023, "tsv", set()),
    "pingtan-2023.txt": ("pingtan-2023", "平潭综合实验区", 2023, "run-together",
                         {"t2.normative.issued", "t2.normative.repealed",
                          "t2.normative.in_force"}),
    # two 本年废止件数 cells were pulled out of their rows with their footnotes: the notes
    # name their column, so the rows are read around them; they are inferred, not values
    "shanghai-gov-office-2025.md": ("shanghai-gov-office-2025", "上海市人民政府办公厅", 2025,
                                    "mixed", set()),
}


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_file(CORPUS / name) for name in REAL}


@pytest.mark.parametrize("name", list(REAL))
def test_every_cell_is_right_or_honestly_open(parsed, name):
    expected_name, *_rest, open_cells = REAL[name]
    report = parsed[name]
    _template, expected, inferred = expected_cells(load(expected_name))
    cells = {c.key: c for c in report.cells}
    wrong = []
    for key, value in expected.items():
        cell = cells[key]
        if key in open_cells:
            assert cell.status == UNREADABLE and cell.value is None, (key, cell)
            assert value in (cell.candidates or []), (key, value, cell.candidates)
        elif value is None:
            assert cell.status == BLANK, (key, cell)
        elif (cell.status, cell.value) != (VALUE, value):
            wrong.append((key, value, cell.status, cell.value))
    assert wrong == []
    # a likely but not printed value is never a value: an inferred finding with its reason
    for key, text in inferred.items():
        assert cells[key].status == UNREADABLE and cells[key].value is None, key
        assert cells[key].candidates == [int(re.match(r"\d+", text)[0])], key
        [warning] = [w for w in report.warnings if w.code == "cell_inferred" and w.cell == key]
        assert "不是印出的数值" in warning.message
        assert any(f.outcome == "inferred" and f.cells[0].key == key
                   for f in check_report(report).findings)
    # every number read points back to its source
    assert all(c.line and c.placed for c in report.cells if c.status == VALUE)


@pytest.mark.parametrize("name", list(REAL))
def test_who_when_and_layout(parsed, name):
    _expected, agency, year, layout, _open = REAL[name]
    report = parsed[name]
    assert (report.agency, report.year, report.layout) == (agency, year, layout)
    # pingtan-2023.txt has no title in its body: the archiver's 标题 line names it
    origin = "archive" if name == "pingtan-2023.txt" else "title"
    assert report.source["agency"] == report.source["year"] == origin
    assert [s.number for s in report.sections][:4] == [1, 2, 3, 4]


def test_a_dump_keeps_where_each_cell_was_in_the_file(parsed):
    report = parsed["pingtan-2021.txt"]
    cell = report.cell("t3.R03.C1")  # 予以公开 自然人: "270020130" split 27/0/0/2/0/1/30
    assert (cell.value, cell.raw, cell.placed) == (27, "27", "identity")
    assert cell.origin.startswith("第10行第") and cell.origin.endswith("字")
    assert report.source["url"] == (
        "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202202/t20220208_80613.htm")
    assert not any(w.code == "row_ambiguous" and w.table == 3 for w in report.warnings)


def test_an_ambiguous_run_lists_its_candidates(parsed):
    report = parsed["pingtan-2021.txt"]
    [warning] = [w for w in report.warnings if w.code == "row_ambiguous"]
    assert "行政规范性文件" in warning.message and "69/3/665" in warning.message
    assert report.cell("t2.normative.in_force").candidates[:3] == [3665, 665, 65]


def test_a_dumps_page_chrome_is_not_part_of_the_report(parsed):
    report = parsed["pingtan-2021.txt"]
    assert report.preamble.startswith("根据《中华人民共和国政府信息公开条例》")
    assert report.sections[5].text.endswith("无收取信息处理费情况。")  # not "… 附件下载"
    assert parsed["pingtan-2023.txt"].preamble.startswith("本报告根据《")


def test_the_section_text_of_a_dump_is_prose_not_table_digits(parsed):
    report = parsed["pingtan-2023.txt"]
    three = report.section(3)
    assert three is not None and "270020130" not in three.text
    assert report.section(1).text.startswith("2023年")


def test_a_lost_section_heading_is_recovered_with_a_warning(parsed):
    report = parsed["shanghai-gov-office-2025.md"]
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    five = report.section(5)
    assert five.text.startswith("（一）2024 年工作中存在问题的改进情况")
    assert "40" not in report.section(4).text  # section 四 ends with its table
    [lost] = [w for w in report.warnings if w.code == "heading_lost"]
    assert lost.line == five.first_line and "五" in lost.message


def test_the_text_layer_of_a_pdf_reads_every_row_of_table_three():
    """corpus/hongze-district-gov-2023-text-layer.txt: the text a PDF tool takes from
    hongze-district-gov-2023.pdf (pypdfium2's get_text_range, CRLF and all). Its rows of
    table 三 are numbered like the form's ("一、本年新收… 21 0 0 0 0 0 21"), and two long
    labels wrapped onto lines of their own, their numbers alone on the line after. Every row
    is read (the wrapped ones by the form's order between named rows); table 四's header
    came out in pieces, and its printed numbers do not add up (维持 10 + 纠正 1, 总计 0), so
    its cells stay unreadable, never guessed."""
    from tests.helpers.scans import tally

    report = parse_file(CORPUS / "hongze-district-gov-2023-text-layer.txt")
    right, unread, wrong = tally(2023, report)
    assert wrong == []
    assert (right, unread) == (171, 15)
    cells = {c.key: c for c in report.cells}
    assert cells["t3.R04.C7"].value == 4 and cells["t3.R04.C7"].placed == "order"
    assert cells["t3.R01.C7"].value == 21 and cells["t3.R25.C7"].value == 0
    assert all(cells[k].status == UNREADABLE for k in cells if k.startswith("t4."))
    assert any(w.code == "row_unreadable" and w.table == 4 for w in report.warnings)
