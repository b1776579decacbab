"""Scans made from the real PDFs of corpus/: each page rendered by pdfium, optionally
turned and at a lower resolution, as PIL images or as an image-only PDF; and the tally of a
report's cells against the golden cells of the same report (tests/gold/hongze_YYYY.tsv).
Used by tests/sources/test_sources_ocr.py and bench/ocr_accuracy.py."""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

from PIL import Image

from govparse.model import VALUE

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"


def gold(year: int) -> list[dict]:
    with open(GOLD / f"hongze_{year}.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@cache
def pages(year: int, scale: float = 2.0, degrees: float = 0.0) -> tuple[Image.Image, ...]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(ROOT / "corpus" / f"hongze-district-gov-{year}.pdf"))
    return tuple(pdf[i].render(scale=scale).to_pil().convert("L").rotate(
        degrees, resample=Image.BICUBIC, fillcolor=255, expand=True) for i in range(len(pdf)))


def image_pdf(images, scale: float = 2.0) -> bytes:
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=list(images[1:]),
                   resolution=72 * scale)
    return out.getvalue()


def scanned_pdf(year: int, dpi: int, degrees: float = 0.0, quality: int = 90,
                faint: float = 1.0) -> bytes:
    """The report's pages scanned at `dpi`, turned by `degrees`, saved as JPEG at `quality`
    inside an image-only PDF (as a scanner's "scan to PDF" writes it); `faint` < 1 lightens
    the ink (black becomes 255 × (1 - faint) grey), as a worn toner or a light scan does."""
    images = []
    for image in pages(year, scale=dpi / 72, degrees=degrees):
        if faint != 1.0:
            image = image.point(lambda v: int(255 - (255 - v) * faint))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        images.append(Image.open(io.BytesIO(out.getvalue())))
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def tally(year: int, report) -> tuple[int, int, list[str]]:
    """Cells right, cells not read, and the cells read wrong (their keys)."""
    cells = {c.key: c for c in report.cells}
    right, unread, wrong = 0, 0, []
    for row in gold(year):
        cell = cells.get(row["key"].replace("R_other", "R21_23"))
        if cell is not None and cell.status == VALUE:
            if cell.value == float(row["printed"]):
                right += 1
            else:
                wrong.append(cell.key)
        else:
            unread += 1
    return right, unread, wrong


