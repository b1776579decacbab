"""Golden tests: the real reports of corpus/ in the files agencies publish and people save
(tests/helpers/renderings.py): Word 97-2003 (.doc), WPS (.wps), RTF, OpenDocument, Excel
(.xls, .xlsx), WPS 表格 (.et), OpenDocument spreadsheets, a browser's MHTML and its print
to PDF, a .zip of them. Every cell right, agency and year right, each file as its own format.

LibreOffice (make office) renders them and reads them back; Chromium (make browser) saves
the MHTML and prints the PDF. Without them the tests are skipped, unless
GOVPARSE_REQUIRE_BROWSER=1 (make test), which makes a missing program a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from govparse import parse_file
from govparse.model import BLANK, VALUE
from tests.conftest import CORPUS
from tests.helpers.real_expected import expected_cells, load

REQUIRED = os.environ.get("GOVPARSE_REQUIRE_BROWSER") == "1"


def _need(program: str, make: str) -> str:
    found = shutil.which(program)
    if found:
        return found
    if REQUIRED:
        pytest.fail(f"{program} is not installed: run `make {make}`")
    pytest.skip(f"{program} is not installed (make {make})")


REPORTS = {"pingtan-2019": ("平潭综合实验区", 2019), "pingtan-2021": ("平潭综合实验区", 2021),
           "pingtan-2023": ("平潭综合实验区", 2023)}
WRITTEN = ["doc", "wps", "rtf", "odt", "docx", "pdf"]
SHEETS = ["xls", "xlsx", "et", "ods"]


def _assert_read(report, name: str, fmt: str) -> None:
    agency, year = REPORTS[name]
    assert (report.agency, report.year, report.format) == (agency, year, fmt)
    _template, expected, _inferred = expected_cells(load(name))
    cells = {c.key: c for c in report.cells}
    wrong = [(key, value, cells[key].status, cells[key].value)
             for key, value in expected.items()
             if (cells[key].status, cells[key].value) != ((BLANK, None) if value is None
                                                          else (VALUE, value))]
    assert wrong == []


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    _need("soffice", "office")
    from tests.helpers.renderings import render

    folder = tmp_path_factory.mktemp("renderings")
    out = {}
    for name in REPORTS:
        for fmt in WRITTEN + SHEETS:
            path = folder / f"{name}.{fmt}"
            path.write_bytes(render(CORPUS / f"{name}.html", fmt))
            out[(name, fmt)] = path
    return out


@pytest.mark.parametrize("fmt", WRITTEN + SHEETS)
@pytest.mark.parametrize("name", list(REPORTS))
def test_office_files_read_every_cell(rendered, name, fmt):
    report = parse_file(rendered[(name, fmt)])
    _assert_read(report, name, fmt)
    if fmt in SHEETS:  # the tables alone: the prose is missing, and says so; nothing was cut
        codes = {w.code for w in report.warnings}
        assert "section_missing" in codes and "truncated" not in codes


def test_a_workbook_of_the_tables_alone_reads_every_cell(tmp_path):
    _need("soffice", "office")
    from govparse.sources import office
    from tests.helpers.renderings import tables_alone

    page = tables_alone((CORPUS / "pingtan-2021.html").read_bytes(), headings=False)
    path = tmp_path / "tables.xlsx"
    path.write_bytes(office.convert(page, "xlsx", infilter="HTML (StarCalc)"))
    report = parse_file(path, agency="平潭综合实验区", year=2021)
    _assert_read(report, "pingtan-2021", "xlsx")
    assert [w.code for w in report.warnings].count("section_missing") == 6


@pytest.mark.parametrize("fmt", ["mhtml", "pdf"])
def test_a_page_saved_or_printed_by_a_browser_reads_every_cell(tmp_path, fmt):
    chromium = _need("chromium", "browser")
    from tests.helpers.renderings import saved_by_chromium

    urls = {name: (CORPUS / f"{name}.html").as_uri() for name in REPORTS}
    saved = saved_by_chromium(list(urls.values()), chromium)
    for name, url in urls.items():
        path = tmp_path / f"{name}.{'mht' if fmt == 'mhtml' else 'pdf'}"
        path.write_bytes(saved[url][0 if fmt == "mhtml" else 1])
        # a printed page's breadcrumb (政府信息公开年报) is not its title
        _assert_read(parse_file(path), name, fmt)


def test_a_zip_of_reports_is_read_member_by_member(rendered, tmp_path):
    from govparse.publish.build import build
    from tests.helpers.renderings import zipped

    archive = tmp_path / "年报.zip"
    archive.write_bytes(zipped({
        "2019/平潭2019年报.doc": rendered[("pingtan-2019", "doc")].read_bytes(),
        "平潭2021年报.xlsx": rendered[("pingtan-2021", "xlsx")].read_bytes(),
        "../escape.html": (CORPUS / "pingtan-2023.html").read_bytes(),
        "nested.zip": zipped({"a.txt": b"x"})}))
    db_path = tmp_path / "r.db"
    before = _libreoffices()
    build([tmp_path], db_path, jobs=2)
    import sqlite_utils

    db = sqlite_utils.Database(db_path)
    reports = {r["path"]: (r["year"], r["format"]) for r in db["reports"].rows}
    assert reports == {f"{archive}!2019/平潭2019年报.doc": (2019, "doc"),
                       f"{archive}!平潭2021年报.xlsx": (2021, "xlsx")}
    errors = {r["path"]: r["message"] for r in db["ingest_errors"].rows}
    assert "不安全" in errors[f"{archive}!../escape.html"]
    assert "压缩包中的压缩包" in errors[f"{archive}!nested.zip"]
    # the workers' LibreOffice ended with them (they exit without running atexit)
    for _ in range(40):
        if _libreoffices() <= before:
            break
        time.sleep(0.5)
    assert _libreoffices() <= before


def _libreoffices() -> set[str]:
    """LibreOffice and unoserver processes started by govparse (their profile's name)."""
    found = subprocess.run(["pgrep", "-f", "govparse-libreoffice-"], capture_output=True,
                           text=True).stdout.split()
    return set(found)
