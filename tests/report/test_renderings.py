"""Renderings of one report (govparse.report.renderings): one report per agency and year."""

from __future__ import annotations

from dataclasses import replace

import pytest

from govparse import parse_file
from govparse.model import UNREADABLE, VALUE
from govparse.report.renderings import groups, merge
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def page_and_dump():
    return parse_file(CORPUS / "pingtan-2021.html"), parse_file(CORPUS / "pingtan-2021.txt")


def test_the_page_and_the_dump_of_one_report_are_one_group(page_and_dump):
    page, dump = page_and_dump
    other = parse_file(CORPUS / "pingtan-2023.html")
    assert groups([page, dump, other]) == [sorted([page, dump], key=lambda r: r.path)]


def test_the_rendering_that_reads_most_is_the_report_and_both_agree(page_and_dump):
    page, dump = page_and_dump
    merged = merge([dump, page])
    assert merged.report.sha256 == page.sha256 and merged.others == [dump]
    # every one of the 197 cells the dump read agrees with the page's
    assert merged.disagreements == {dump.sha256: 0} and merged.taken == {dump.sha256: 0}


def test_a_cell_one_rendering_left_open_is_taken_from_another(page_and_dump):
    page, dump = page_and_dump
    open_cell = replace(page.cell("t3.R03.C1"), value=None, status=UNREADABLE, raw=None)
    gappy = replace(page, cells=[open_cell if c.key == "t3.R03.C1" else c for c in page.cells],
                    sha256="gappy", path="gappy.html")
    merged = merge([gappy, dump])
    cell = merged.report.cell("t3.R03.C1")
    assert (cell.status, cell.value, cell.placed) == (VALUE, 27, "rendering")
    assert cell.origin.startswith("pingtan-2021.txt 第10行第")
    assert any(w.code == "cell_from_rendering" and w.cell == "t3.R03.C1"
               for w in merged.report.warnings)


def test_renderings_that_disagree_keep_the_reports_value_and_say_so(page_and_dump):
    page, dump = page_and_dump
    wrong = replace(dump.cell("t4.review.total"), value=4)
    other = replace(dump, cells=[wrong if c.key == "t4.review.total" else c
                                 for c in dump.cells])
    merged = merge([page, other])
    assert merged.report.value("t4.review.total") == 3
    [w] = [w for w in merged.report.warnings if w.code == "rendering_disagrees"]
    assert "本报告为 3，pingtan-2021.txt" in w.message and "为 4；" in w.message
    assert w.cell == "t4.review.total"
