"""The two real PDFs (洪泽区人民政府 2023 and 2024), in corpus/.

tests/gold/hongze_YYYY.tsv holds every table cell as printed, transcribed by eye from the
page images independently of the extractor; each must come out with its page.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from govparse import parse_file
from govparse.checks import check_report
from govparse.errors import ReportError
from govparse.model import MISSING, VALUE
from govparse.sources import read_bytes
from govparse.sources.pdf import read_pdf
from tests.conftest import CORPUS
from tests.helpers.hostile import blank_pdf
from tests.helpers.scans import gold


def pdf(year: int) -> Path:
    return CORPUS / f"hongze-district-gov-{year}.pdf"


@pytest.fixture(scope="module", params=[2023, 2024])
def hongze(request):
    year = request.param
    return year, parse_file(pdf(year))


def test_every_printed_cell_comes_out_with_its_page(hongze):
    year, report = hongze
    cells = {c.key: c for c in report.cells}
    rows = gold(year)
    assert len(rows) == 10 + 23 * 7 + 15
    for row in rows:
        # Both reports print （六）其他处理 as one row: kept as R21_23, not as its parts.
        key = row["key"].replace("R_other", "R21_23")
        cell = cells[key]
        assert (cell.status, cell.value, cell.origin) == \
            (VALUE, float(row["printed"]), f"第{row['page']}页"), key


def test_the_parts_of_the_collapsed_row_are_missing_not_zero(hongze):
    _, report = hongze
    for row in ("R21", "R22", "R23"):
        assert {report.cell(f"t3.{row}.C{c}").status for c in range(1, 8)} == {MISSING}
    assert [w.code for w in report.warnings] == ["form_variant"]


def test_identity_from_the_title_and_the_format(hongze):
    year, report = hongze
    assert report.year == year and report.source["agency"] == "title"
    assert report.agency == {2023: "洪泽区人民政府", 2024: "淮安市洪泽区人民政府"}[year]
    assert report.format == "pdf" and report.template == "2021"
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_printed_disagreements_are_findings():
    report = parse_file(pdf(2023))
    failed = {f.rule: f for f in check_report(report).findings if f.outcome == "fail"}
    assert set(failed) == {"T4-REV", "T4-LR"}  # 复议 10+1 and 复议后起诉 5 against totals of 0
    assert failed["T4-REV"].expected == 11 and failed["T4-REV"].found == 0
    assert failed["T4-LR"].expected == 5 and failed["T4-LR"].found == 0

    report = parse_file(pdf(2024))
    failed = {f.rule: f for f in check_report(report).findings if f.outcome == "fail"}
    assert set(failed) == {"T3-TXT"}  # the prose says 受理…申请17件, table 三 says 95
    assert "17件" in failed["T3-TXT"].message and "95" in failed["T3-TXT"].message


def test_collapsed_row_takes_part_in_the_outcome_sum(hongze):
    _, report = hongze
    outcomes = check_report(report).outcomes
    assert outcomes["T3-SUM"] == "pass" and outcomes["T3-ROW"] == "pass"


def test_prose_figures_point_to_their_page():
    from govparse.narrative import metrics_of

    figures = {m.text: m for m in metrics_of(parse_file(pdf(2024)))}
    assert figures["2428条"].origin == "第1页" and figures["2428条"].value == 2428


def test_a_pdf_without_a_text_layer_is_refused_clearly():
    with pytest.raises(ReportError, match="没有文本层"):
        read_bytes(blank_pdf(), "scan.pdf")


def test_a_collapsed_row_with_a_number_missing_is_settled_where_it_can_be_not_a_crash():
    # Found by tests/e2e/test_mutations.py: the unreadable path must know collapsed rows too.
    from govparse.report.parse import parse_text
    from govparse.sources import read_source

    text = read_source(pdf(2023)).text
    row = next(line for line in text.split("\n") if line.startswith("\t（六）其他处理"))
    report = parse_text(text.replace(row, row.rsplit("\t", 1)[0]), path="cut.txt")
    # Its empty first cell and six zeros: C1 is blank or 0 (the others are 0 either way)
    cells = [report.cell(f"t3.R21_23.C{c}") for c in range(1, 8)]
    assert (cells[0].status, cells[0].candidates) == ("unreadable", ["空白", 0])
    assert [c.value for c in cells[1:]] == [0] * 6


@pytest.mark.parametrize("name", ["hongze-district-gov-2023.pdf",
                                  "hongze-district-gov-2024.pdf"])
def test_pdfium_reads_what_pdfminer_reads(name):
    """The characters and ruling lines pdfium gives make the very text pdfminer's layout
    analysis makes (bench/pdf_speed.py measures the difference in time)."""
    import pdfplumber

    from govparse.sources import pdfium_pages
    from govparse.sources.canonical import Canonical
    from govparse.sources.pdf import pdfminer_pages, read_pages

    data = (CORPUS / name).read_bytes()
    ours, theirs = Canonical(), Canonical()
    pages, _ = pdfium_pages.document(data, 400)
    read_pages(pages, ours)
    with pdfplumber.open(BytesIO(data)) as pdf:
        read_pages(pdfminer_pages(pdf), theirs)
    assert ours.text() == theirs.text() and ours.origins == theirs.origins


def test_a_rotated_page_is_left_to_pdfminer():
    import pypdfium2 as pdfium

    from govparse.sources import pdfium_pages

    pdf = pdfium.PdfDocument(str(CORPUS / "hongze-district-gov-2023.pdf"))
    pdf[0].set_rotation(90)
    buffer = BytesIO()
    pdf.save(buffer)
    pages, count = pdfium_pages.document(buffer.getvalue(), 400)
    assert (pages, count) == (None, 5)  # left to pdfminer
    source = read_pdf(buffer.getvalue(), "rotated.pdf", "x")  # read, by pdfplumber's parser
    assert "本年新收政府信息公开申请数量" in source.text
