"""A scanned page as a pdfplumber page: the recognized characters and the table rules seen
in the image, so that the PDF reader (pdf.read_pages) rebuilds its tables and paragraphs
exactly as it does for a PDF with a text layer. OCR is a source, not a second parser.

- A skewed scan is turned back: the characters' boxes by the slope of the text lines, the
  image by the same angle before its rules are looked for.
- Rules: straight dark runs longer than any stroke of a character (ocr.yml `rule_chars`),
  found by a morphological opening (OpenCV); pdfplumber's lattice finder makes the cells.
- Coordinates are scaled so that the median character is `char_points` tall, which is what
  the finder's and the line grouping's tolerances (in PDF points) expect.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Iterable

from govparse.sources.canonical import DOUBT, Canonical
from govparse.sources.limits import LimitError, current
from govparse.sources.ocr import Glyph, recognize, settings

Progress = Callable[[int, int], None]  # page done, pages in all


def read_scans(images: Iterable, count: int, path: str | None,
               progress: Progress | None = None) -> Canonical:
    """The canonical text of page images (PIL), read by OCR and by the PDF reader."""
    from govparse.sources.pdf import read_pages

    pages, doctop = [], 0.0
    for number, image in enumerate(images, 1):
        page = scan_page(image, number, doctop, path)
        pages.append(page)
        doctop += page.height
        if progress:
            progress(number, count)
    out = Canonical()
    read_pages(pages, out)
    return prose_without_doubts(out)


def check_pixels(width: int, height: int, path: str | None) -> None:
    limit = current().image_pixels
    if width * height > limit:
        raise LimitError(f"图像为 {width}×{height} 像素，超过单页 {limit // 10**6} 百万像素的上限",
                         path=path)


def scan_page(image, number: int, doctop: float, path: str | None = None):
    """One page image as a pdfplumber page (coordinates in points, see module doc)."""
    from govparse.sources.pdfium_pages import char_object, char_template, make_page

    check_pixels(image.width, image.height, path)
    image = _on_white(image).convert("L")
    found = recognize(image)
    angle = found.skew if abs(found.skew) > settings().skew_degrees else 0.0
    glyphs = [_turned(g, angle, image.width, image.height) for g in found.glyphs]
    if angle:
        image = image.rotate(angle, resample=3, fillcolor=255)  # 3: bicubic
    widths = sorted(_box(g.quad)[2] - _box(g.quad)[0] for g in glyphs)
    heights = sorted(_box(g.quad)[3] - _box(g.quad)[1] for g in glyphs)
    char_w = statistics.median(widths) if widths else 12.0
    char_h = statistics.median(heights) if heights else 12.0
    scale = settings().char_points / char_h  # points per pixel
    width, height = image.width * scale, image.height * scale
    objects: dict[str, list] = {"char": [], "rect": [], "curve": [],
                                "line": _rules(image, char_w, scale, number, height, doctop)}
    same = char_template(number)
    for g in glyphs:
        x0, top, x1, bottom = (v * scale for v in _box(g.quad))
        objects["char"].append({**char_object(same, g.text, x0, x1, top, bottom, height,
                                              doctop), "score": g.score})
    return make_page(number, width, height, doctop, objects)


def _on_white(image):
    """A picture with transparency (a screenshot) laid on white: its clear pixels are
    black once the alpha is dropped."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in
                                               image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba)
    return image


def prose_without_doubts(out: Canonical) -> Canonical:
    """A doubtful number in the prose is no number at all: "发布信息4⟦1|7⟧9条" would give
    the figure 9 to a reader of numbers. Each of its digits becomes □ (table rows, which
    the form's identities may settle, keep their doubts)."""
    for i, line in enumerate(out.lines):
        if "⟦" in line and "\t" not in line:
            out.lines[i] = _DOUBT_NUMBER.sub(
                lambda m: _DIGIT.sub("□", DOUBT.sub("□", m[0])), line)
    return out


_DOUBT_NUMBER = re.compile(r"[\d.]*(?:⟦[^⟦⟧]*⟧[\d.]*)+")
_DIGIT = re.compile(r"\d")


def _box(quad) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def _turned(glyph: Glyph, degrees: float, width: int, height: int) -> Glyph:
    """The glyph's box where it stands once the image is turned back by `degrees`
    (PIL's rotate: counter-clockwise about the centre)."""
    if not degrees:
        return glyph
    a = math.radians(degrees)
    cx, cy, cos, sin = width / 2, height / 2, math.cos(a), math.sin(a)
    quad = tuple((cx + (x - cx) * cos + (y - cy) * sin, cy - (x - cx) * sin + (y - cy) * cos)
                 for x, y in glyph.quad)
    return Glyph(glyph.text, glyph.score, quad)


def _rules(image, char_width: float, scale: float, number: int, height: float,
           doctop: float) -> list[dict]:
    """The straight dark runs of the image longer than `rule_chars` characters, as
    pdfplumber's line objects."""
    import cv2
    import numpy as np

    from govparse.sources.pdfium_pages import line_object

    pixels = np.asarray(image)
    paper, ink = float(np.median(pixels)), float(np.percentile(pixels, 0.5))
    dark = (pixels < ink + (paper - ink) * settings().rule_darkness).astype(np.uint8)
    length = max(8, int(settings().rule_chars * char_width))
    thickest = max(3, settings().rule_thickness * char_width)
    out = []
    for kernel, orientation in (((1, length), "h"), ((length, 1), "v")):
        runs = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones(kernel, np.uint8))
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for x, y, w, h, _ in stats[1:count]:
            if (h if orientation == "h" else w) > thickest:
                continue  # a block (a shaded cell, a dark margin), not a rule
            if orientation == "h":
                x0, x1 = x * scale, (x + w) * scale
                top = bottom = (y + h / 2) * scale
            else:
                top, bottom = y * scale, (y + h) * scale
                x0 = x1 = (x + w / 2) * scale
            out.append(line_object((x0, top), (x1, bottom), number, height, doctop))
    return out
