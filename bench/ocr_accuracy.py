"""Scans read by OCR: cells right, unreadable and wrong, and seconds per page, on the real
PDFs of corpus/ rendered to images (tests/helpers/scans.py) as the scans an agency publishes.

    python bench/ocr_accuracy.py [--scales 1.5,2,3] [--write bench/RESULTS.md]

Each PDF as: an image-only PDF at 144 dpi, its PNG pages, pages turned by 1.5°, a 43 dpi
scan; then the render scale of image-only PDFs (ocr.yml `render_scale`) swept, the cost
against what is read. A benchmark: nothing is asserted (tests/sources/test_sources_ocr.py does).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

from results import ROOT, emit

sys.path.insert(0, str(ROOT))

from PIL import Image

from govparse import parse_file, parse_text
from govparse.sources import ocr, scan_pages
from tests.helpers.scans import image_pdf, pages, tally

YEARS = (2023, 2024)


def _pdf(images, scale: float, folder: Path, name: str) -> tuple:
    path = folder / name
    path.write_bytes(image_pdf(images, scale))
    t0 = time.perf_counter()
    report = parse_file(path)
    return report, time.perf_counter() - t0


def _pngs(images) -> tuple:
    data = []
    for image in images:
        out = io.BytesIO()
        image.save(out, "PNG")
        data.append(out.getvalue())
    t0 = time.perf_counter()
    canonical = scan_pages.read_scans((Image.open(io.BytesIO(d)) for d in data), len(data),
                                      None)
    return parse_text(canonical.text()), time.perf_counter() - t0


def _row(label: str, year: int, report, seconds: float, count: int) -> str:
    right, unread, wrong = tally(year, report)
    total = right + unread + len(wrong)
    return (f"| {label} | hongze {year} | {right}/{total} ({100 * right / total:.1f}%) | "
            f"{unread} | {len(wrong)} | {seconds / count:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scales", default="1.5,2,3")
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    import tempfile

    rows = ["| scan | report | cells right | unreadable | wrong | s/page |",
            "|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ocr.settings()  # load the models once, outside the timings
        _pngs(pages(2023)[:1])
        for year in YEARS:
            n = len(pages(year))
            rows.append(_row("image-only PDF, 144 dpi", year,
                             *_pdf(pages(year), 2, folder, f"{year}.pdf"), n))
            rows.append(_row("PNG pages, 144 dpi", year, *_pngs(pages(year)), n))
            rows.append(_row("turned 1.5°, 144 dpi", year,
                             *_pdf(pages(year, degrees=1.5), 2, folder, f"{year}t.pdf"), n))
            rows.append(_row("low resolution, 43 dpi", year,
                             *_pdf(pages(year, scale=0.6), 0.6, folder, f"{year}l.pdf"), n))
        rows += ["", "Render scale of image-only PDFs (ocr.yml `render_scale`; the scan "
                     "itself at 144 dpi):", "",
                 "| render_scale | report | cells right | unreadable | wrong | s/page |",
                 "|---|---|---|---|---|---|"]
        base = ocr.settings()
        for scale in (float(s) for s in args.scales.split(",")):
            changed = replace(base, render_scale=scale)
            with mock.patch.object(ocr, "settings", lambda c=changed: c), \
                    mock.patch.object(scan_pages, "settings", lambda c=changed: c):
                for year in YEARS:
                    rows.append(_row(f"{scale:g}", year, *_pdf(
                        pages(year), 2, folder, f"{year}s{scale}.pdf"), len(pages(year))))
    rows += ["", "Command: `cd bench && python ocr_accuracy.py --write RESULTS.md`", ""]
    emit("OCR: scans of the real PDFs", rows, args.write)


if __name__ == "__main__":
    main()
