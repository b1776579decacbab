"""Text people paste from PDF viewers: the two real PDFs of corpus/ through poppler's
pdftotext (make office installs it), with and without -layout, against the cells
transcribed from the pages (tests/gold/hongze_YYYY.tsv): never a wrong number, and every
cell that the form's order and arithmetic settle."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from govparse import parse_file
from govparse.model import UNREADABLE
from govparse.sources.runon import _stream_rows
from tests.conftest import CORPUS
from tests.helpers.scans import tally

if not shutil.which("pdftotext"):
    if os.environ.get("GOVPARSE_REQUIRE_BROWSER") == "1":
        pytest.fail("pdftotext is not installed: run `make office`", pytrace=False)
    pytest.skip("pdftotext is not installed (make office)", allow_module_level=True)


def _pasted(tmp_path, year: int, *options: str):
    out = tmp_path / f"hongze-{year}{''.join(options)}.txt"
    subprocess.run(["pdftotext", *options, str(CORPUS / f"hongze-district-gov-{year}.pdf"),
                    str(out)], check=True)
    return parse_file(out)


@pytest.mark.parametrize("options", [("-layout",), ()], ids=["layout", "plain"])
@pytest.mark.parametrize("year", [2023, 2024])
def test_pasted_text_reads_every_settled_cell_and_none_wrong(tmp_path, year, options):
    # without -layout, table 三 comes out column by column in blocks of rows, its labels in a
    # heap elsewhere, and one-cell blocks of table 二 print their number on the header's line
    report = _pasted(tmp_path, year, *options)
    right, unread, wrong = tally(year, report)
    assert wrong == []
    assert (report.agency, report.year) == (
        {2023: "洪泽区人民政府", 2024: "淮安市洪泽区人民政府"}[year], year)
    if year == 2024:
        assert unread == 0
    else:
        # table 四 is one line of 15 numbers under a header in pieces, and its two totals
        # do not add up as printed (0 where 11 and 5 are due): placed by the form's order
        # alone, it is not confirmed by its arithmetic, so it stays open
        assert right == 171
        assert {c.status for c in report.cells if c.table == 4} == {UNREADABLE}


def _column_major(blocks: list[list[str]], *, between: str = "") -> list[str]:
    """A table 三 region as pdftotext without -layout prints it: header, then each block of
    rows one column a paragraph (`between`: a stray label inside the first block)."""
    lines = ["申请人情况", "自然人", "", "总计", ""]
    for k, block in enumerate(blocks):
        lines += [*block, ""] + ([between, ""] if between and k == 0 else [])
    return lines


def test_columns_printed_one_paragraph_each_become_rows():
    rows = [[str(r * 10 + c) for c in range(7)] for r in range(3)]
    lines = _column_major([[row[c] for row in rows] for c in range(7)])
    out = _stream_rows(lines, 0, len(lines), 3)
    assert out is not None and [t for t, _ in out] == ["申请人情况\t", "自然人\t", "总计\t"] + [
        "\t" + "\t".join(row) for row in rows]


def test_blocks_that_do_not_tile_the_table_are_left_to_the_labels():
    rows = [[str(r * 10 + c) for c in range(7)] for r in range(3)]
    columns = [[row[c] for row in rows] for c in range(7)]

    def streamed(lines: list[str]):
        return _stream_rows(lines, 0, len(lines), 3)

    assert streamed(_column_major(columns[:6])) is None
    # a label inside a block: its columns do not follow each other
    assert streamed(_column_major(columns, between="（一）予以公开")) is None
    # a label on a number's paragraph stays with its number
    assert streamed(["申请人情况", "", "（一）予以公开", "0", "", *columns[0]]) is None
