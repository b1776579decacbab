"""Grid positions (cells/grid.py): in an HTML table, a number's column is the position of
the header cell above it. The real pingtan pages with their zeros left as empty <td>s
(as Word exports a table whose cells hold nothing) read every printed number in its column
and every emptied cell blank, in all three tables: nothing ambiguous. A row that lost a cell (its
colspan dropped) no longer adds up on the grid, and is never read onto the wrong column."""

from __future__ import annotations

import pytest
from lxml import html

from govparse import parse_text
from govparse.model import BLANK, VALUE
from govparse.sources import read_bytes
from tests.conftest import CORPUS
from tests.helpers.real_expected import expected_cells, load


@pytest.mark.parametrize("name", ["pingtan-2021", "pingtan-2023"])
def test_empty_cells_of_a_grid_are_blank_and_the_others_stay_in_their_columns(name):
    root = html.parse(str(CORPUS / f"{name}.html")).getroot()
    emptied = 0
    for td in root.iter("td"):
        if td.text_content().strip() == "0":
            for child in list(td):  # the text only: each keeps its colspan
                td.remove(child)
            td.text = None
            emptied += 1
    assert emptied > 100
    report = parse_text(read_bytes(html.tostring(root, encoding="utf-8"), "page.html").text)
    _template, expected, _ = expected_cells(load(name))
    for key, value in expected.items():
        cell = report.cell(key)
        if value == 0:
            assert cell.status == BLANK, cell
        else:
            assert (cell.status, cell.value, cell.placed) == (VALUE, value, "header"), cell


def test_a_row_that_lost_a_cell_is_never_read_onto_the_wrong_column():
    root = html.parse(str(CORPUS / "pingtan-2021.html")).getroot()
    [row] = [tr for tr in root.iter("tr") if tr.text_content().strip().startswith("一、本年新收")]
    for td in row:
        if td.get("colspan") == "2":
            del td.attrib["colspan"]  # 商业企业's two positions become one
        if td.text_content().strip() == "0":
            for child in list(td):
                td.remove(child)
            td.text = None
    report = parse_text(read_bytes(html.tostring(root, encoding="utf-8"), "page.html").text)
    _template, expected, _ = expected_cells(load("pingtan-2021"))
    for cell in (c for c in report.cells if c.key.startswith("t3.R01.")):
        assert cell.status != VALUE or cell.value == expected[cell.key], cell


@pytest.mark.parametrize("name", ["pingtan-2021", "pingtan-2023"])
def test_table_four_left_empty_is_fifteen_blanks_not_a_missing_row(name):
    root = html.parse(str(CORPUS / f"{name}.html")).getroot()
    for td in root.findall(".//table")[-1].findall(".//tr")[-1].findall("td"):
        for child in list(td):
            td.remove(child)
        td.text = None
    report = parse_text(read_bytes(html.tostring(root, encoding="utf-8"), "page.html").text)
    four = [c for c in report.cells if c.table == 4]
    assert [(c.status, c.placed) for c in four] == [(BLANK, "header")] * 15
    assert not [w for w in report.warnings if w.table == 4]
    _template, expected, _ = expected_cells(load(name))
    assert all(report.cell(k).value == v for k, v in expected.items() if not k.startswith("t4"))
