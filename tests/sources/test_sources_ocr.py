"""Scans read by OCR: the real PDFs of corpus/ rendered to images (pypdfium2), written as
image-only PDFs, as PNG pages and as a TIFF, skewed and at low resolution; every cell
compared with the same report's golden cells (tests/gold/hongze_YYYY.tsv). Wrong: never.
Doubtful digits: settled by the form's identities or unreadable with their candidates."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from govparse import parse_file, parse_text
from govparse.model import VALUE
from govparse.sources import read_bytes, read_source
from govparse.sources.canonical import Canonical, alternatives, doubtful
from govparse.sources.detect import sniff
from tests.conftest import CORPUS
from tests.helpers.scans import image_pdf, pages, tally


def test_an_image_only_pdf_reads_every_golden_cell(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf(pages(2023)))
    report = parse_file(path)
    assert report.format == "scan"
    assert (report.agency, report.year) == ("洪泽区人民政府", 2023)
    assert tally(2023, report) == (186, 0, [])
    assert report.cell("t3.R01.C7").origin == "第3页"


def test_png_pages_read_every_golden_cell():
    from govparse.sources.scan_pages import read_scans

    pngs = []
    for image in pages(2024):
        out = io.BytesIO()
        image.save(out, "PNG")
        pngs.append(out.getvalue())
    done: list[tuple[int, int]] = []
    text = read_scans((Image.open(io.BytesIO(p)) for p in pngs), len(pngs), None,
                      lambda n, c: done.append((n, c))).text()
    assert done == [(n, 5) for n in range(1, 6)]  # progress, page by page
    assert tally(2024, parse_text(text)) == (186, 0, [])


def test_a_skewed_scan_is_turned_back_and_read(tmp_path):
    path = tmp_path / "skewed.pdf"
    path.write_bytes(image_pdf(pages(2024, degrees=1.5)))
    right, _, wrong = tally(2024, parse_file(path))
    assert wrong == [] and right >= 0.98 * 186


def test_a_low_resolution_scan_is_never_misread(tmp_path):
    path = tmp_path / "blurred.pdf"
    path.write_bytes(image_pdf(pages(2023, scale=0.6), scale=0.6))
    right, unread, wrong = tally(2023, parse_file(path))
    assert wrong == []
    assert right + unread == 186


# Doubtful digits, without OCR: the canonical text of the real PDF with a digit in doubt.
_ROW = "一、本年新收政府信息公开申请数量\t\t\t21\t"


@pytest.fixture(scope="module")
def hongze_text() -> str:
    return read_source(CORPUS / "hongze-district-gov-2023.pdf").text


def test_a_doubtful_digit_the_identities_settle_is_read_and_says_so(hongze_text):
    report = parse_text(hongze_text.replace(_ROW, _ROW.replace("21", "2" + doubtful("17"))))
    cell = report.cell("t3.R01.C1")
    assert (cell.status, cell.value, cell.placed) == (VALUE, 21, "identity")
    assert cell.raw == "2⟦1|7⟧"
    assert any("识别为 2⟦1|7⟧" in w.message and "确定为 21" in w.message
               for w in report.warnings)
    assert report.cell("t3.R01.C7").raw == "21"  # the other 21 of the row keeps its own


def test_a_doubtful_digit_nothing_settles_is_unreadable_with_its_candidates(hongze_text):
    doubted = "行政处罚\t4" + doubtful("17") + "19"
    report = parse_text(hongze_text.replace("行政处罚\t4119", doubted))
    cell = report.cell("t2.punishment.decisions")
    assert (cell.status, cell.value, cell.candidates) == ("unreadable", None, [4119, 4719])


def test_a_doubtful_number_in_prose_is_no_number():
    from govparse.sources.scan_pages import prose_without_doubts

    out = Canonical()
    out.line("发布信息4⟦1|7⟧9条，其中⟦0|8⟧.5万元", "第1页")
    out.table([(["行政处罚", "4⟦1|7⟧19"], "第1页")])
    prose_without_doubts(out)
    assert out.lines[0] == "发布信息□□□条，其中□.□万元"
    assert "4⟦1|7⟧19" in out.lines[2]


@given(st.lists(st.one_of(st.text("0123456789", min_size=1, max_size=3),
                          st.sets(st.sampled_from("0123456789"), min_size=1).map(
                              lambda s: doubtful("".join(sorted(s))))), max_size=4))
def test_alternatives_are_every_combination_of_the_doubtful_digits(parts):
    text = "".join(parts)
    found = alternatives(text, 10**6)
    sizes = [len(p.split("|")) if p.startswith("⟦") else 1 for p in parts]
    expected = 1
    for n in sizes:
        expected *= n
    assert len(found) == len(set(found)) == expected
    assert all("⟦" not in f and len(f) == len(found[0]) for f in found)


def test_a_recognized_number_below_the_score_is_doubtful_digit_by_digit():
    from govparse.sources.ocr import _glyphs

    quad = ((0, 0), (30, 0), (30, 10), (0, 10))
    assert [g.text for g in _glyphs("174", 0.99, quad)] == ["1", "7", "4"]
    low = _glyphs("174", 0.6, quad)
    assert [g.text for g in low] == ["⟦1|7⟧", "⟦1|7⟧", "⟦1|4⟧"]
    assert [round(g.quad[0][0]) for g in low] == [0, 10, 20]  # each on its share of the box
    assert [g.text for g in _glyphs("公开", 0.6, quad)] == ["公", "开"]


@pytest.mark.parametrize("magic", [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00",
                                   b"RIFF\x00\x00\x00\x00WEBP"])
def test_images_are_read_not_refused(magic):
    assert sniff(magic + b"\x00" * 32) == "image"


def test_text_starting_with_bm_is_not_a_bitmap():
    assert sniff("BMW 报告".encode()) == "text"


def test_without_the_ocr_extra_a_scan_says_what_to_install(monkeypatch):
    from govparse.errors import ReportError
    from govparse.sources import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(ReportError, match=r"govparse\[ocr\]"):
        read_bytes(image_pdf(pages(2023)[:1]), "scan.pdf")


def test_a_web_page_of_pictures_saved_beside_it_is_read(tmp_path):
    """A page that pastes its report as pictures (saved with it, in page_files/): each
    read by OCR where it stands; a picture on the web is never fetched."""
    (tmp_path / "page_files").mkdir()
    tags = ['<img src="http://www.example.gov.cn/logo.png">']
    for number, image in enumerate(pages(2024), 1):
        image.save(tmp_path / "page_files" / f"p{number}.png")
        tags.append(f'<p><img src="page_files/p{number}.png"></p>')
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>政府信息公开</title></head><body><div>"
                    + "\n".join(tags) + "</div></body></html>", encoding="utf-8")
    report = parse_file(page)
    assert report.format == "html"
    assert tally(2024, report) == (186, 0, [])
    assert report.cell("t3.R01.C7").origin.startswith("图片page_files/p3.png第")


def test_a_transparent_screenshot_is_read_on_white():
    from govparse.sources.scan_pages import _on_white

    clear = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    clear.putpixel((2, 2), (0, 0, 0, 255))
    grey = _on_white(clear).convert("L")
    assert grey.getpixel((0, 0)) == 255 and grey.getpixel((2, 2)) == 0


def test_a_builds_workers_share_the_cores_for_ocr(monkeypatch):
    from govparse.publish.workers import _start_worker
    from govparse.sources import ocr
    from govparse.sources.limits import LIMITS

    monkeypatch.setenv("GOVPARSE_OCR_THREADS", "")  # restored, whatever the worker sets
    assert ocr.threads() == -1  # one process: onnxruntime takes every core
    monkeypatch.delenv("GOVPARSE_OCR_THREADS")
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    monkeypatch.setattr("resource.setrlimit", lambda *a: None)
    _start_worker(LIMITS, None, jobs=4)
    assert ocr.threads() == 2


def test_a_200_dpi_jpeg_scan_is_read_at_its_own_resolution(tmp_path):
    # resampled to 144 dpi before recognition, such a scan read 12-30% of its cells and
    # put some in the neighbouring row
    from tests.helpers.scans import scanned_pdf

    path = tmp_path / "scan200.pdf"
    path.write_bytes(scanned_pdf(2023, 200, quality=60))
    right, _unread, wrong = tally(2023, parse_file(path))
    assert wrong == [] and right >= 0.98 * 186


def test_rules_are_found_whatever_their_grey_and_shading_is_no_rule():
    from govparse.sources.scan_pages import _rules

    image = Image.new("L", (800, 600), 250)  # paper a little grey
    for y in (100, 200, 300):
        image.paste(180, (50, y, 750, y + 2))  # light grey rules
    for x in (50, 400, 748):
        image.paste(180, (x, 100, x + 2, 302))
    image.paste(200, (50, 400, 750, 500))  # a shaded block
    found = _rules(image, char_width=20, scale=1.0, number=1, height=600, doctop=0)
    horizontal = sorted(round(r["top"]) for r in found if r["top"] == r["bottom"])
    vertical = sorted(round(r["x0"]) for r in found if r["x0"] == r["x1"])
    assert horizontal == [101, 201, 301] and vertical == [51, 401, 749]
