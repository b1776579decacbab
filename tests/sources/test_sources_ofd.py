"""OFD (GB/T 33190): the two real PDFs of corpus/ written as OFD (tests/helpers/ofd_writer.py)
read cell for cell as the PDFs do (tests/gold/hongze_YYYY.tsv), each with its page."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from govparse import parse_file
from govparse.errors import ReportError
from govparse.model import VALUE
from govparse.sources import read_bytes
from tests.conftest import CORPUS
from tests.helpers.ofd_writer import pdf_to_ofd
from tests.helpers.scans import gold


@pytest.fixture(scope="module", params=[2023, 2024])
def hongze(request, tmp_path_factory):
    year = request.param
    path = tmp_path_factory.mktemp("ofd") / f"hongze-{year}.ofd"
    path.write_bytes(pdf_to_ofd((CORPUS / f"hongze-district-gov-{year}.pdf").read_bytes()))
    return year, parse_file(path)


def test_every_printed_cell_comes_out_with_its_page(hongze):
    year, report = hongze
    assert (report.format, report.year) == ("ofd", year)
    assert report.agency == {2023: "洪泽区人民政府", 2024: "淮安市洪泽区人民政府"}[year]
    cells = {c.key: c for c in report.cells}
    for row in gold(year):
        cell = cells[row["key"].replace("R_other", "R21_23")]
        assert (cell.status, cell.value, cell.origin) == \
            (VALUE, float(row["printed"]), f"第{row['page']}页"), row["key"]


def test_an_ofd_without_its_document_says_so():
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
    with pytest.raises(ReportError, match="DocRoot"):
        read_bytes(out.getvalue(), "a.ofd")


def test_a_curve_moves_the_pen_and_draws_no_rule():
    from lxml import etree

    from govparse.sources.ofd import _rules

    page = etree.fromstring(
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:PathObject Boundary="0 0 20 20">'
        "<ofd:AbbreviatedData>M 0 0 B 1 1 2 2 10 0 L 10 10</ofd:AbbreviatedData>"
        "</ofd:PathObject></ofd:Page>")
    [rule] = _rules(page, 1, 800, 0)
    assert round(rule["x0"], 3) == round(rule["x1"], 3) == round(10 * 72 / 25.4, 3)
