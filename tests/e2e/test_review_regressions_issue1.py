"""Defects a review of issue 1's change found, each kept from coming back: never a wrong
number with status `value`, never a crash on a hostile file, nothing refused that was read."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import html

from govparse import parse_text
from govparse.errors import NotAReportError, ReportError
from govparse.model import VALUE
from govparse.sources import read_bytes
from tests.conftest import CORPUS
from tests.helpers.real_expected import expected_cells, load


def _page(edit) -> object:
    root = html.parse(str(CORPUS / "pingtan-2021.html")).getroot()
    edit(root)
    return parse_text(read_bytes(html.tostring(root, encoding="utf-8"), "p.html").text)


def _wrong(report) -> list:
    _template, expected, _ = expected_cells(load("pingtan-2021"))
    return [(k, v, report.cell(k).value) for k, v in expected.items()
            if report.cell(k).status == VALUE and report.cell(k).value != v]


def test_a_table_of_the_agencys_own_in_the_prose_never_stands_in_for_the_form():
    def edit(root):
        first = next(p for p in root.iter("p") if p.text_content().strip() == "一、总体情况")
        extra = html.fromstring("<table><tr><td>行政许可</td><td>901</td></tr>"
                                "<tr><td>行政处罚</td><td>902</td></tr>"
                                "<tr><td>行政强制</td><td>903</td></tr></table>")
        first.addnext(extra)
    report = _page(edit)
    assert _wrong(report) == []
    assert report.value("t2.licensing.decisions") == 2293


def test_a_header_cell_wider_than_its_column_never_shifts_table_two():
    def edit(root):
        cell = next(td for td in root.iter("td") if td.text_content().strip() == "信息内容")
        cell.set("colspan", "2")
    assert _wrong(_page(edit)) == []


def test_a_page_laid_out_in_a_table_is_still_read():
    source = (CORPUS / "pingtan-2021.html").read_text("utf-8")
    root = html.fromstring(source)
    body = root.find("body")
    holder = html.fromstring("<table><tr><td>导航</td></tr><tr><td></td></tr></table>")
    cell = holder.findall(".//td")[1]
    for child in list(body):
        cell.append(child)
    body.append(holder)
    report = parse_text(read_bytes(html.tostring(root, encoding="utf-8"), "p.html").text)
    assert sum(c.status == VALUE for c in report.cells) == 200


def test_a_text_without_headings_is_no_report_even_if_it_prints_a_table():
    with pytest.raises(NotAReportError):
        parse_text("双公示情况统计\n\n类别\t数量\n行政许可\t120\n行政处罚\t30\n")


def test_hostile_wrappers_are_refused_with_a_reason():
    mhtml = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=B\r\n\r\n--B\r\n"
             b"Content-Type: text/html; charset=base64\r\n\r\n<html><body>x</body></html>\r\n"
             b"--B--\r\n")
    with pytest.raises(ReportError):
        read_bytes(mhtml, "a.mht")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody>'
                   '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        z.writestr("Doc_0/Document.xml", '<ofd:Document xmlns:ofd="http://www.ofdspec.org/'
                   '2016"><ofd:Pages><ofd:Page BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>'
                   '</ofd:Document>')
        z.writestr("Doc_0/Pages/Page_0/Content.xml", '<ofd:Page xmlns:ofd="http://www.ofdspec'
                   '.org/2016"><ofd:TextObject Boundary="0 0 10 10" Size="3"><ofd:TextCode X="0" '
                   'Y="3" DeltaX="g 1e400 1">报告</ofd:TextCode></ofd:TextObject></ofd:Page>')
    assert "报告" in read_bytes(out.getvalue(), "a.ofd").text  # a hostile count costs nothing


def test_zip_names_in_utf8_without_the_flag_are_read(tmp_path):
    from govparse.sources import read_source, zipped

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("XXXXXX.txt", (CORPUS / "001_7082bf4ff2eed00e.txt").read_bytes())
    raw = data.getvalue().replace(b"XXXXXX", "年报".encode())  # no UTF-8 flag
    (tmp_path / "a.zip").write_bytes(raw)
    [member] = zipped.members(tmp_path / "a.zip")
    assert "湘潭县人民政府" in read_source(member).text
