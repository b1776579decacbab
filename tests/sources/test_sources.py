"""Every format yields the same cells: each seed rendered, inside the test, as an HTML page
with rowspan/colspan tables, a Word .docx with merged cells, and text in other encodings."""

from __future__ import annotations

import pytest

from govparse.report.metadata import manifest_for
from govparse.report.parse import parse_text
from govparse.sources import read_bytes
from tests.conftest import CORPUS, SEEDS
from tests.helpers.render import to_docx, to_html


def _cells(report):
    return [(c.key, c.row, c.col, c.value, c.raw, c.status, c.unit) for c in report.cells]


def _read(name: str, data: bytes):
    source = read_bytes(data, f"{name}.converted")
    report = parse_text(source.text, path=name, manifest=manifest_for(CORPUS / name))
    return source, report


@pytest.fixture(scope="module")
def originals():
    return {name: parse_text((CORPUS / name).read_text("utf-8"), path=name,
                             manifest=manifest_for(CORPUS / name)) for name in SEEDS}


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("fmt", ["html", "docx", "utf-16", "utf-16-le", "gb18030", "utf-8-sig"])
def test_every_format_yields_the_same_cells(originals, name, fmt):
    text = (CORPUS / name).read_text("utf-8")
    data = {"html": lambda: to_html(text).encode("utf-8"),
            "docx": lambda: to_docx(text)}.get(fmt, lambda: text.encode(fmt))()
    source, report = _read(name, data)
    original = originals[name]
    assert _cells(report) == _cells(original)
    assert (report.agency, report.year, report.template) == \
        (original.agency, original.year, original.template)
    assert [s.number for s in report.sections] == [s.number for s in original.sections]
    expected = {"html": "html", "docx": "docx"}.get(fmt, "text")
    assert source.format == expected
    if expected == "text":
        assert source.encoding == fmt.replace("-sig", "")
        assert source.text == text


def test_the_renderings_really_merge_cells():
    text = (CORPUS / SEEDS[1]).read_text("utf-8")
    page = to_html(text)
    assert page.count("rowspan=") >= 5 and page.count("colspan=") >= 2
    from io import BytesIO

    from docx import Document

    xml = Document(BytesIO(to_docx(text))).element.xml
    assert 'w:vMerge w:val="restart"' in xml and "w:gridSpan" in xml


def test_html_cells_point_to_their_table_row():
    name = SEEDS[1]
    source, report = _read(name, to_html((CORPUS / name).read_text("utf-8")).encode())
    lines = source.text.split("\n")
    cell = report.cell("t3.R01.C7")
    assert source.origins[cell.line - 1].startswith("表格")
    assert cell.value == 177 and str(cell.value) in lines[cell.line - 1]


def test_html_chrome_scripts_and_blanks():
    page = ("<html><head><title>x</title><script>var a='一、总体情况'</script></head><body>"
            "<div id='menu'>首页 政务公开</div><div id='zoom'>"
            "<h1>某县人民政府2024年政府信息公开工作年度报告</h1>"
            "<p>一、总体情况</p><p>本年度主动公开信息100条。</p>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
            "<table><tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
            "<tr><td rowspan='2'>结果维持</td><td rowspan='2'>结果纠正</td>"
            "<td rowspan='2'>其他结果</td><td rowspan='2'>尚未审结</td><td rowspan='2'>总计</td>"
            "<td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr>"
            "<tr>" + "".join(f"<td>{x}</td>" for x in ["结果维持", "结果纠正", "其他结果",
                                                      "尚未审结", "总计"] * 2) + "</tr>"
            "<tr><td>1</td><td>&nbsp;</td>" + "<td>0</td>" * 13 + "</tr></table>"
            "<p>六、其他需要报告的事项</p><p>无。</p></div>"
            "<div id='foot'>打印 关闭</div></body></html>")
    source = read_bytes(page.encode("gb18030"), "page.html")
    assert source.format == "html" and source.encoding == "gb18030"
    assert "var a" not in source.text and "首页" not in source.text and "打印" not in source.text
    report = parse_text(source.text, path="page.html")
    assert report.agency == "某县人民政府" and report.year == 2024
    assert report.cell("t4.review.upheld").value == 1
    blank = report.cell("t4.review.corrected")  # &nbsp; is a blank, not a zero
    assert blank.status == "blank" and blank.value is None


def test_html_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<html><body><p>一、总体情况</p><p>&x;</p></body></html>")
    source = read_bytes(page.encode(), "page.html")
    assert "SECRET" not in source.text


@pytest.mark.parametrize("name", [s for s in SEEDS if s[:3] in ("000", "001", "002")])
def test_cells_one_per_line_without_tabs_read_like_the_original(name):
    """A crawler's text that kept its line breaks but lost its TABs: each table cell on a
    line of its own (规章 / 0 / 0 / 0), header cells and broken labels included."""
    text = (CORPUS / name).read_text("utf-8")
    original = parse_text(text)
    flat = "\n".join(line[1:] if line.startswith("\t") else line for line in text.split("\n"))
    source = read_bytes(flat.encode("utf-8"), "flat.txt")
    report = parse_text(source.text)
    assert [(c.key, c.value, c.status) for c in report.cells] == [
        (c.key, c.value, c.status) for c in original.cells]
    assert {c.placed for c in report.cells if c.status == "value"} == {"header"}
    assert report.warnings == original.warnings == []
    # every rebuilt row says which line of the file its label stood on
    line = report.cell("t3.R01.C7").line
    assert source.origins[line - 1].startswith("第")
