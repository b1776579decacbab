"""Images given as inputs (PNG, JPEG, TIFF …: a photographed or scanned report, a long
screenshot) -> canonical text, by OCR (govparse/sources/ocr.py, scan_pages.py). Each frame
of a multi-page TIFF is a page. The pixel count is checked from the header, before a pixel
is decoded."""

from __future__ import annotations

import warnings
from io import BytesIO

from govparse.errors import ReportError
from govparse.sources.limits import LimitError, current
from govparse.sources.text import SourceText


def read_image(data: bytes, path: str | None, digest: str) -> SourceText:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from govparse.sources import ocr
    from govparse.sources.scan_pages import check_pixels, read_scans

    ocr.require()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ReportError(f"图像文件已损坏，无法打开（{type(exc).__name__}）", path=path) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LimitError("图像像素过多：超过图像库的安全上限", path=path) from None
    check_pixels(image.width, image.height, path)
    pages = getattr(image, "n_frames", 1)
    if pages > current().pdf_pages:
        raise LimitError(f"图像有 {pages} 页，超过单份报告 {current().pdf_pages} 页的上限",
                         path=path)
    try:
        out = read_scans((frame.copy() for frame in ImageSequence.Iterator(image)), pages,
                         path, lambda number, count: ocr.page_read(path, number, count))
    except OSError as exc:  # a file cut short shows only when its pixels are decoded
        raise ReportError(f"图像文件已损坏，无法读出像素（{exc}）", path=path) from None
    if not out.lines:
        raise ReportError(f"图像中没有认出文字（{pages} 页）：是空白的扫描件，还是图像太模糊？",
                          path=path)
    return SourceText(path, out.text(), None, digest, "image", out.origins)

